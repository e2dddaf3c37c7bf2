/**
 * Evaluates one request against compiled policy layers.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * and, for SCP levels, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html
 *
 * - A layer's decision: any applicable Deny → explicit-deny; else any applicable Allow → allowed;
 *   else implicit-deny.
 * - SCPs: each level (root first) is a layer of its own and needs an allow; a deny at any level
 *   wins. `scpLevels: undefined` = not applicable; an empty list of levels allows (nothing restricts).
 * - Boundary: `undefined` = not applicable; it never grants by itself, it only limits.
 * - Final: explicit-deny if any layer denies explicitly; allowed if every applicable layer allows;
 *   else implicit-deny.
 *
 * missingContextKeys — a key is reported when (1) it appears in a statement whose Action matched
 * and whose Resource matched (or could match once its policy variables resolve), (2) the request
 * does not carry it: a condition key absent from the request, or the key of a policy variable that
 * could not be resolved where resolving it could change a match, and (3) no condition of that
 * statement on keys the request DID carry (with all its variables resolved) evaluated false —
 * i.e. some value of the missing keys could change whether that statement applies. Keys are given
 * as first written in a policy, deduplicated case-insensitively, in layer order.
 */
import type {
  CompiledPolicy,
  ConditionOutcome,
  Decision,
  Evaluation,
  LayerDecision,
  LayerName,
  MatchedStatement,
  PolicyLayers,
  PolicyProblem,
  Request,
} from './types.js';
import type { CompiledStatement, ElementMatcher } from './compile.js';
import { buildContext } from './context.js';
import type { Context } from './pattern.js';

/** What one statement did with the request. */
interface StatementResult {
  applies: boolean;
  conditions: ConditionOutcome[];
  missingKeys: string[];
}

/**
 * Resource match, and the variable keys that could not be resolved. A pattern with a variable the
 * request cannot resolve matches no resource, in Resource and NotResource alike
 * (reference_policies_variables.html, "Policy variables with no value"). Unresolved keys are
 * returned only when no other pattern matched, since only then could a resolved value change the
 * result.
 */
function matchResource(matcher: ElementMatcher | undefined, resource: string, context: Context): { matched: boolean; unresolved: string[] } {
  if (!matcher) return { matched: true, unresolved: [] };
  const unresolved: string[] = [];
  let hit = false;
  for (const pattern of matcher.patterns) {
    const r = pattern.test(resource, context);
    if (typeof r === 'object') unresolved.push(r.missingKey);
    else if (r) hit = true;
  }
  return { matched: hit !== matcher.negated, unresolved: hit ? [] : unresolved };
}

/** A statement whose Action already matched (CompiledPolicy.statementsFor): resource, then conditions. */
function evaluateStatement(statement: CompiledStatement, resourceArn: string, context: Context): StatementResult | undefined {
  const resource = matchResource(statement.resources, resourceArn, context);
  if (!resource.matched && resource.unresolved.length === 0) return undefined;
  const missing: string[] = [...resource.unresolved];
  let applies = resource.matched;
  let hardFailure = false;
  const conditions: ConditionOutcome[] = [];
  for (const condition of statement.conditions) {
    if ('problem' in condition) {
      // Only a fail-closed Deny keeps a condition it could not understand; assume it matches.
      conditions.push({ operator: condition.operator, key: condition.key, values: condition.values, matched: true, problem: condition.problem });
      continue;
    }
    const result = condition.evaluate(context);
    conditions.push(result.outcome);
    if (!result.outcome.matched) applies = false;
    if (result.keyAbsent) missing.push(condition.key);
    else if (result.unresolved.length > 0) missing.push(...result.unresolved);
    else if (!result.outcome.matched) hardFailure = true;
  }
  return { applies, conditions, missingKeys: hardFailure ? [] : missing };
}

interface LayerResult {
  decision: Decision;
  statements: MatchedStatement[];
  missingKeys: string[];
}

function evaluateLayer(
  policies: readonly CompiledPolicy[],
  layer: LayerName,
  level: { index: number; name: string | undefined } | undefined,
  loweredAction: string,
  resource: string,
  context: Context,
): LayerResult {
  const statements: MatchedStatement[] = [];
  const missingKeys: string[] = [];
  for (const policy of policies) {
    for (const raw of policy.statementsFor(loweredAction)) {
      const statement = raw as CompiledStatement;
      const result = evaluateStatement(statement, resource, context);
      if (!result) continue;
      missingKeys.push(...result.missingKeys);
      if (!result.applies) continue;
      statements.push({
        layer,
        source: policy.source,
        statement: statement.label,
        index: statement.index,
        effect: statement.effect,
        ...(level === undefined ? {} : { level: level.index }),
        ...(level?.name === undefined ? {} : { levelName: level.name }),
        conditions: result.conditions,
        ...(statement.problem === undefined ? {} : { problem: statement.problem }),
      });
    }
  }
  const decision: Decision = statements.some((s) => s.effect === 'Deny')
    ? 'explicit-deny'
    : statements.some((s) => s.effect === 'Allow')
      ? 'allowed'
      : 'implicit-deny';
  return { decision, statements, missingKeys };
}

/** Combines level decisions: a deny anywhere wins, then a missing allow anywhere. */
function combine(decisions: readonly Decision[]): Decision {
  if (decisions.includes('explicit-deny')) return 'explicit-deny';
  if (decisions.includes('implicit-deny')) return 'implicit-deny';
  return 'allowed';
}

/** A request context prepared once (derived principal keys, lower-cased names), for many evaluations. */
export type PreparedContext = Context;

/** Prepares the context of requests by one principal: build it once, evaluate many actions with it. */
export function prepareContext(context: Request['context'], principalArn?: string): PreparedContext {
  return buildContext(context, principalArn);
}

export function evaluate(request: Request, layers: PolicyLayers): Evaluation {
  return evaluatePrepared(request.action, request.resource, prepareContext(request.context, request.principalArn), layers);
}

/** `evaluate` with the context prepared by prepareContext (the same answer, without rebuilding the context). */
export function evaluatePrepared(action: string, resource: string, context: PreparedContext, layers: PolicyLayers): Evaluation {
  const lowered = action.toLowerCase();
  const identity = evaluateLayer(layers.identity, 'identity', undefined, lowered, resource, context);
  const results: LayerResult[] = [identity];
  const layerDecisions: Record<LayerName, LayerDecision> = { identity: identity.decision, scp: 'not-applicable', boundary: 'not-applicable' };
  const applicable: Decision[] = [identity.decision];

  let scpLevelDecisions: Decision[] | undefined;
  if (layers.scpLevels) {
    const levels = layers.scpLevels.map((level, i) =>
      evaluateLayer(level, 'scp', { index: i, name: layers.scpLevelNames?.[i] }, lowered, resource, context),
    );
    results.push(...levels);
    scpLevelDecisions = levels.map((l) => l.decision);
    layerDecisions.scp = combine(scpLevelDecisions);
    applicable.push(layerDecisions.scp);
  }
  if (layers.boundary) {
    const boundary = evaluateLayer([layers.boundary], 'boundary', undefined, lowered, resource, context);
    results.push(boundary);
    layerDecisions.boundary = boundary.decision;
    applicable.push(boundary.decision);
  }

  const seen = new Set<string>();
  const missingContextKeys: string[] = [];
  const statements: MatchedStatement[] = [];
  for (const result of results) {
    statements.push(...result.statements);
    for (const key of result.missingKeys) {
      if (seen.has(key.toLowerCase())) continue;
      seen.add(key.toLowerCase());
      missingContextKeys.push(key);
    }
  }
  return {
    decision: combine(applicable),
    layers: layerDecisions,
    ...(scpLevelDecisions ? { scpLevelDecisions } : {}),
    statements,
    missingContextKeys,
    problems: problemsOf(layers),
  };
}

/** Compilation problems of the policies involved, in layer order, each policy once. */
function problemsOf(layers: PolicyLayers): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const seen = new Set<CompiledPolicy>();
  const add = (policy: CompiledPolicy): void => {
    if (policy.problems.length === 0 || seen.has(policy)) return;
    seen.add(policy);
    problems.push(...policy.problems);
  };
  layers.identity.forEach(add);
  for (const level of layers.scpLevels ?? []) level.forEach(add);
  if (layers.boundary) add(layers.boundary);
  return problems;
}

/**
 * The statements that decided the outcome: every applicable Deny for an explicit deny, every
 * applicable Allow (of each layer) for an allow, none for an implicit deny (the layer decisions
 * say which layer lacked an allow).
 */
export function decidingStatements(evaluation: Evaluation): MatchedStatement[] {
  if (evaluation.decision === 'implicit-deny') return [];
  const effect = evaluation.decision === 'explicit-deny' ? 'Deny' : 'Allow';
  return evaluation.statements.filter((s) => s.effect === effect);
}
