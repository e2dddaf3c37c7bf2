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
  RequestResource,
  UncertainStatement,
} from './types.js';
import type { ActionCandidate, CompiledStatement, ElementMatcher, Truth } from './compile.js';
import { buildContext } from './context.js';
import { UNDOCUMENTED } from './conditions.js';
import { lowerService, type Context, type Pattern } from './pattern.js';

/** What one statement did with the request. */
interface StatementResult {
  applies: Truth;
  conditions: ConditionOutcome[];
  missingKeys: string[];
  /** The first reason `applies` is unknown. */
  reason?: string;
  /** The Resource is what is undecided (the request's resource cannot be known). */
  scoped?: true;
}

/** Kleene AND: false wins, then unknown. */
function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : true;
}

/**
 * Resource match, and the variable keys that could not be resolved. A pattern with a variable the
 * request cannot resolve matches no resource, in Resource and NotResource alike
 * (reference_policies_variables.html, "Policy variables with no value"). Unresolved keys are
 * returned only when no other pattern matched, since only then could a resolved value change the
 * result. An ARN whose service part differs only in case is matched both ways (design section 5):
 * when the readings differ, the match is unknown and `reason` says why.
 */
function matchResource(matcher: ElementMatcher | undefined, resource: RequestResource, context: Context): { matched: Truth; unresolved: string[]; reason?: string } {
  if (!matcher) return { matched: 'unknown', unresolved: [] };
  // Only `*` surely matches a resource nobody can name (in NotResource: surely excludes it).
  if (typeof resource !== 'string') return { matched: matcher.patterns.some((p) => p.source === '*') ? !matcher.negated : 'unknown', unresolved: [] };
  const unresolved: string[] = [];
  const hits = (patterns: readonly Pattern[], value: string, collect: boolean): boolean => {
    let hit = false;
    for (const pattern of patterns) {
      const r = pattern.test(value, context);
      if (typeof r === 'object') {
        if (collect) unresolved.push(r.missingKey);
      } else if (r) hit = true;
    }
    return hit;
  };
  const hit = hits(matcher.patterns, resource, true);
  const lowered = lowerService(resource);
  if ((!matcher.servicesLower || lowered !== resource) && hits(matcher.serviceCase(), lowered, false) !== hit) {
    return { matched: 'unknown', unresolved: [], reason: `Resource: ${UNDOCUMENTED} whether the service part of an ARN is compared ignoring case (${resource})` };
  }
  const matched: Truth = hit ? !matcher.negated : matcher.unreadable ? 'unknown' : matcher.negated;
  return { matched, unresolved: hit ? [] : unresolved };
}

/** A statement whose Action element may match (CompiledPolicy.statementsFor): resource, then conditions. */
function evaluateStatement(statement: CompiledStatement, actionMatch: Truth, resourceArn: RequestResource, context: Context): StatementResult | undefined {
  const resource = matchResource(statement.resources, resourceArn, context);
  if (resource.matched === false && resource.unresolved.length === 0) return undefined;
  const missing: string[] = [...resource.unresolved];
  let applies = and(actionMatch, resource.matched);
  const scoped = typeof resourceArn !== 'string' && resource.matched === 'unknown' && statement.resources !== undefined && !statement.resources.unreadable;
  let reason: string | undefined = scoped ? `its ${statement.resources!.negated ? 'NotResource' : 'Resource'} names specific resources, and ${resourceArn.unknown}` : resource.reason;
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
  const byResource = scoped && applies === 'unknown' && statement.problem === undefined;
  return { applies, conditions, missingKeys: hardFailure ? [] : missing, ...(reason === undefined ? {} : { reason }), ...(byResource ? { scoped: true as const } : {}) };
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
  loweredAction: string,
  resource: RequestResource,
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
    for (const raw of policy.statementsFor(loweredAction)) {
      const { statement, action } = raw as ActionCandidate;
      const result = evaluateStatement(statement, action, resource, context);
      if (!result) continue;
      missingKeys.push(...result.missingKeys);
      if (result.applies === false) continue;
      const base = { layer, source: policy.source, statement: statement.label, index: statement.index, ...where, conditions: result.conditions };
      if (result.applies === 'unknown' || statement.effect === undefined) {
        const reason = result.reason ?? statement.problem ?? 'could not be read';
        const where = result.scoped ? { path: statement.resources?.negated ? 'NotResource' : 'Resource', scopedResource: true as const } : { path: problemPath(reason) };
        uncertain.push({ ...base, effect: statement.effect, ...located, ...where, reason });
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

/** A request context prepared once (derived principal keys, lower-cased names), for many evaluations. */
export interface PreparedContext {
  readonly keys: Context;
  /** Request.knownAbsent, lower-cased. */
  readonly knownAbsent: ReadonlySet<string>;
}

/** Prepares the context of requests by one principal: build it once, evaluate many actions with it. */
export function prepareContext(
  context: Request['context'],
  principalArn?: string,
  knownAbsent: readonly string[] = [],
): PreparedContext {
  return { keys: buildContext(context, principalArn), knownAbsent: new Set(knownAbsent.map((k) => k.toLowerCase())) };
}

export function evaluate(request: Request, layers: PolicyLayers): Evaluation {
  return evaluatePrepared(request.action, request.resource, prepareContext(request.context, request.principalArn, request.knownAbsent), layers);
}

/** `evaluate` with the context prepared by prepareContext: the same answer, without rebuilding the context. */
export function evaluatePrepared(action: string, resource: RequestResource, prepared: PreparedContext, layers: PolicyLayers): Evaluation {
  const lowered = action.toLowerCase();
  const context = prepared.keys;
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
  const uncertain: UncertainStatement[] = [];
  for (const result of results) {
    statements.push(...result.statements);
    uncertain.push(...result.uncertain);
    for (const key of result.missingKeys) {
      const k = key.toLowerCase();
      if (seen.has(k) || prepared.knownAbsent.has(k)) continue;
      seen.add(k);
      missingContextKeys.push(key);
    }
  }
  return {
    decision: combine(applicable),
    layers: layerDecisions,
    ...(scpLevelDecisions ? { scpLevelDecisions } : {}),
    statements,
    uncertain,
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
  if (evaluation.decision === 'implicit-deny' || evaluation.decision === 'unknown') return [];
  const effect = evaluation.decision === 'explicit-deny' ? 'Deny' : 'Allow';
  return evaluation.statements.filter((s) => s.effect === effect);
}
