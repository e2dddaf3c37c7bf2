/**
 * Evaluates one request against compiled policy layers.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * and, for SCP levels, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html
 *
 * - A layer's decision: any applicable Deny → explicit-deny; else a Deny (or an unreadable
 *   statement or document) that may apply → unknown; else any applicable Allow → allowed; else an
 *   Allow that may apply → unknown; else implicit-deny. "May apply": a part of it could not be read
 *   (or its condition has no documented answer) and the readable parts do not rule it out.
 * - SCPs: each level (root first) is a layer of its own and needs an allow; a deny at any level
 *   wins. `scpLevels: undefined` = not applicable; an empty list of levels allows (nothing restricts).
 * - Boundary: `undefined` = not applicable; it never grants by itself, it only limits.
 * - Final: explicit-deny if any layer denies explicitly; else implicit-deny if any lacks an allow;
 *   else unknown if any is undecided; else allowed.
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
  UncertainStatement,
} from './types.js';
import type { CompiledStatement, ElementMatcher } from './compile.js';
import { buildContext } from './context.js';
import type { Context } from './pattern.js';

/** Three-valued truth: a part of a statement that could not be read is `unknown`. */
type Truth = boolean | 'unknown';

/** What one statement did with the request. */
interface StatementResult {
  applies: Truth;
  conditions: ConditionOutcome[];
  missingKeys: string[];
  /** The first reason `applies` is unknown. */
  reason?: string;
}

/** Kleene AND: false wins, then unknown. */
function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : true;
}

/** A readable entry that matches decides; otherwise an unreadable entry leaves it unknown. */
function matchAction(matcher: ElementMatcher | undefined, action: string, context: Context): Truth {
  if (!matcher) return 'unknown';
  if (matcher.patterns.some((p) => p.test(action, context) === true)) return !matcher.negated;
  return matcher.unreadable ? 'unknown' : matcher.negated;
}

/**
 * Resource match, and the variable keys that could not be resolved. A pattern with a variable the
 * request cannot resolve matches no resource, in Resource and NotResource alike
 * (reference_policies_variables.html, "Policy variables with no value"). Unresolved keys are
 * returned only when no other pattern matched, since only then could a resolved value change the
 * result.
 */
function matchResource(matcher: ElementMatcher | undefined, resource: string, context: Context): { matched: Truth; unresolved: string[] } {
  if (!matcher) return { matched: 'unknown', unresolved: [] };
  const unresolved: string[] = [];
  let hit = false;
  for (const pattern of matcher.patterns) {
    const r = pattern.test(resource, context);
    if (typeof r === 'object') unresolved.push(r.missingKey);
    else if (r) hit = true;
  }
  const matched: Truth = hit ? !matcher.negated : matcher.unreadable ? 'unknown' : matcher.negated;
  return { matched, unresolved: hit ? [] : unresolved };
}

function evaluateStatement(statement: CompiledStatement, action: string, request: Request, context: Context): StatementResult | undefined {
  const actionMatch = matchAction(statement.actions, action, context);
  if (actionMatch === false) return undefined;
  const resource = matchResource(statement.resources, request.resource, context);
  if (resource.matched === false && resource.unresolved.length === 0) return undefined;
  const missing: string[] = [...resource.unresolved];
  let applies = and(actionMatch, resource.matched);
  let reason: string | undefined;
  let hardFailure = false;
  const conditions: ConditionOutcome[] = [];
  for (const condition of statement.conditions) {
    if ('problem' in condition) {
      conditions.push({ operator: condition.operator, key: condition.key, values: condition.values, matched: 'unknown', problem: condition.problem });
      applies = and(applies, 'unknown');
      continue;
    }
    const result = condition.evaluate(context);
    conditions.push(result.outcome);
    applies = and(applies, result.outcome.matched);
    if (result.outcome.matched === 'unknown') reason ??= `${result.outcome.operator} ${result.outcome.key}: ${result.outcome.problem ?? 'undecided'}`;
    if (result.keyAbsent) missing.push(condition.key);
    else if (result.unresolved.length > 0) missing.push(...result.unresolved);
    else if (result.outcome.matched === false) hardFailure = true;
  }
  // A statement with a problem never decides by itself, however much of it could be read.
  if (statement.problem !== undefined && applies === true) applies = 'unknown';
  if (applies === 'unknown') reason = statement.problem ?? reason ?? 'could not be read';
  return { applies, conditions, missingKeys: hardFailure ? [] : missing, ...(reason === undefined ? {} : { reason }) };
}

interface LayerResult {
  decision: Decision;
  statements: MatchedStatement[];
  uncertain: UncertainStatement[];
  missingKeys: string[];
}

/** The JSON path a statement's problem starts with (`Statement[2].Effect: …`). */
function problemPath(reason: string): string {
  const at = reason.indexOf(': ');
  return at > 0 ? reason.slice(0, at) : '';
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
  const uncertain: UncertainStatement[] = [];
  const missingKeys: string[] = [];
  const where = {
    ...(level === undefined ? {} : { level: level.index }),
    ...(level?.name === undefined ? {} : { levelName: level.name }),
  };
  for (const policy of policies) {
    const located = policy.location === undefined ? {} : { location: policy.location };
    if (policy.unreadable) {
      const { path, message } = policy.unreadable;
      uncertain.push({ layer, source: policy.source, statement: '(document)', index: -1, effect: undefined, ...where, ...located, path, reason: message, conditions: [] });
      continue;
    }
    for (const raw of policy.statements) {
      const statement = raw as CompiledStatement;
      const result = evaluateStatement(statement, action, request, context);
      if (!result) continue;
      missingKeys.push(...result.missingKeys);
      if (result.applies === false) continue;
      const base = { layer, source: policy.source, statement: statement.label, index: statement.index, ...where, conditions: result.conditions };
      if (result.applies === 'unknown' || statement.effect === undefined) {
        const reason = result.reason ?? statement.problem ?? 'could not be read';
        uncertain.push({ ...base, effect: statement.effect, ...located, path: problemPath(reason), reason });
      } else statements.push({ ...base, effect: statement.effect });
    }
  }
  const mayDeny = uncertain.some((u) => u.effect !== 'Allow');
  const mayAllow = uncertain.some((u) => u.effect !== 'Deny');
  // A deny that surely applies wins; one that may apply leaves the layer undecided, even over an allow.
  const decision: Decision = statements.some((s) => s.effect === 'Deny')
    ? 'explicit-deny'
    : mayDeny
      ? 'unknown'
      : statements.some((s) => s.effect === 'Allow')
        ? 'allowed'
        : mayAllow
          ? 'unknown'
          : 'implicit-deny';
  return { decision, statements, uncertain, missingKeys };
}

/**
 * Combines layer (or level) decisions: a deny anywhere wins, then a missing allow anywhere (the
 * request is denied whatever an undecided layer says), then an undecided layer.
 */
function combine(decisions: readonly Decision[]): Decision {
  if (decisions.includes('explicit-deny')) return 'explicit-deny';
  if (decisions.includes('implicit-deny')) return 'implicit-deny';
  if (decisions.includes('unknown')) return 'unknown';
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

  const known = new Set((request.knownAbsent ?? []).map((k) => k.toLowerCase()));
  const seen = new Set<string>();
  const missingContextKeys: string[] = [];
  for (const key of results.flatMap((r) => r.missingKeys)) {
    if (seen.has(key.toLowerCase()) || known.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    missingContextKeys.push(key);
  }
  const problems: PolicyProblem[] = [...new Set(policies)].flatMap((p) => p.problems);
  return {
    decision: combine(applicable),
    layers: layerDecisions,
    ...(scpLevelDecisions ? { scpLevelDecisions } : {}),
    statements: results.flatMap((r) => r.statements),
    uncertain: results.flatMap((r) => r.uncertain),
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
  if (evaluation.decision === 'implicit-deny' || evaluation.decision === 'unknown') return [];
  const effect = evaluation.decision === 'explicit-deny' ? 'Deny' : 'Allow';
  return evaluation.statements.filter((s) => s.effect === effect);
}
