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

function matchAction(matcher: ElementMatcher | undefined, action: string, context: Context): boolean {
  if (!matcher) return true;
  const hit = matcher.patterns.some((p) => p.test(action, context) === true);
  return hit !== matcher.negated;
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

function evaluateStatement(statement: CompiledStatement, action: string, request: Request, context: Context): StatementResult | undefined {
  if (!matchAction(statement.actions, action, context)) return undefined;
  const resource = matchResource(statement.resources, request.resource, context);
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
  action: string,
  request: Request,
  context: Context,
): LayerResult {
  const statements: MatchedStatement[] = [];
  const missingKeys: string[] = [];
  for (const policy of policies) {
    for (const raw of policy.statements) {
      const statement = raw as CompiledStatement;
      const result = evaluateStatement(statement, action, request, context);
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

export function evaluate(request: Request, layers: PolicyLayers): Evaluation {
  const context = buildContext(request.context, request.principalArn);
  const action = request.action;
  const identity = evaluateLayer(layers.identity, 'identity', undefined, action, request, context);
  const results: LayerResult[] = [identity];
  const layerDecisions: Record<LayerName, LayerDecision> = { identity: identity.decision, scp: 'not-applicable', boundary: 'not-applicable' };
  const applicable: Decision[] = [identity.decision];
  const policies: CompiledPolicy[] = [...layers.identity];

  let scpLevelDecisions: Decision[] | undefined;
  if (layers.scpLevels) {
    const levels = layers.scpLevels.map((level, i) =>
      evaluateLayer(level, 'scp', { index: i, name: layers.scpLevelNames?.[i] }, action, request, context),
    );
    results.push(...levels);
    scpLevelDecisions = levels.map((l) => l.decision);
    layerDecisions.scp = combine(scpLevelDecisions);
    applicable.push(layerDecisions.scp);
    for (const level of layers.scpLevels) policies.push(...level);
  }
  if (layers.boundary) {
    const boundary = evaluateLayer([layers.boundary], 'boundary', undefined, action, request, context);
    results.push(boundary);
    layerDecisions.boundary = boundary.decision;
    applicable.push(boundary.decision);
    policies.push(layers.boundary);
  }

  const seen = new Set<string>();
  const missingContextKeys: string[] = [];
  for (const key of results.flatMap((r) => r.missingKeys)) {
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    missingContextKeys.push(key);
  }
  const problems: PolicyProblem[] = [...new Set(policies)].flatMap((p) => p.problems);
  return {
    decision: combine(applicable),
    layers: layerDecisions,
    ...(scpLevelDecisions ? { scpLevelDecisions } : {}),
    statements: results.flatMap((r) => r.statements),
    missingContextKeys,
    problems,
  };
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
