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
  Effect,
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

/** A resource match found nothing to report: shared, never changed. */
const NO_KEYS: readonly string[] = Object.freeze([]);

/** A statement's Resource against the request's resource, and the variable keys that could not be resolved. */
interface ResourceMatch {
  matched: Truth;
  unresolved: readonly string[];
  reason?: string;
}

const MATCHED: ResourceMatch = Object.freeze({ matched: true, unresolved: NO_KEYS });
const NOT_MATCHED: ResourceMatch = Object.freeze({ matched: false, unresolved: NO_KEYS });
const MAYBE_MATCHED: ResourceMatch = Object.freeze({ matched: 'unknown', unresolved: NO_KEYS });
const resourceMatch = (matched: Truth): ResourceMatch => (matched === true ? MATCHED : matched === false ? NOT_MATCHED : MAYBE_MATCHED);

/** Kleene AND: false wins, then unknown. */
function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : true;
}

/** Whether any pattern surely matches (a pattern with an unresolved variable matches nothing). */
function anyHit(patterns: readonly Pattern[], value: string, context: Context): boolean {
  for (const pattern of patterns) if (pattern.test(value, context) === true) return true;
  return false;
}

/**
 * Resource match, and the variable keys that could not be resolved. A pattern with a variable the
 * request cannot resolve matches no resource, in Resource and NotResource alike
 * (reference_policies_variables.html, "Policy variables with no value"). Unresolved keys are
 * returned only when no other pattern matched, since only then could a resolved value change the
 * result. An ARN whose service part differs only in case is matched both ways (design section 5):
 * when the readings differ, the match is unknown and `reason` says why. `lowered` is the resource
 * with its service part lower-cased (lowerService), computed once per request.
 */
function matchResource(matcher: ElementMatcher | undefined, resource: RequestResource, lowered: string, context: Context): ResourceMatch {
  if (!matcher) return MAYBE_MATCHED;
  // Only `*` surely matches a resource nobody can name (in NotResource: surely excludes it).
  if (typeof resource !== 'string') return matcher.anyStar ? resourceMatch(!matcher.negated) : MAYBE_MATCHED;
  let hit = false;
  let unresolved: string[] | undefined;
  for (const pattern of matcher.patterns) {
    const r = pattern.test(resource, context);
    if (r === true) {
      hit = true;
      break; // the keys of other patterns are reported only when nothing matched
    }
    if (r !== false) (unresolved ??= []).push(r.missingKey);
  }
  if ((!matcher.servicesLower || lowered !== resource) && anyHit(matcher.serviceCase(), lowered, context) !== hit) {
    return { matched: 'unknown', unresolved: NO_KEYS, reason: `Resource: ${UNDOCUMENTED} whether the service part of an ARN is compared ignoring case (${resource})` };
  }
  const matched: Truth = hit ? !matcher.negated : matcher.unreadable ? 'unknown' : matcher.negated;
  return hit || unresolved === undefined ? resourceMatch(matched) : { matched, unresolved };
}

/** The JSON path a statement's problem starts with (`Statement[2].Effect: …`). */
function problemPath(reason: string): string {
  const at = reason.indexOf(': ');
  return at > 0 ? reason.slice(0, at) : '';
}

/** Where the evaluation's lists are written, layer after layer, in layer order. */
interface Sink {
  readonly statements: MatchedStatement[];
  readonly uncertain: UncertainStatement[];
  /** Keys reported by the statements, before deduplication; created on the first one. */
  missingKeys: string[] | undefined;
}

/** Bits of what a layer's statements did: their OR decides the layer (layerDecision). */
const SURE_DENY = 1;
const SURE_ALLOW = 2;
const MAY_DENY = 4;
const MAY_ALLOW = 8;

/** A deny that surely applies wins; one that may apply leaves the layer undecided, even over an allow. */
function layerDecision(bits: number): Decision {
  if (bits & SURE_DENY) return 'explicit-deny';
  if (bits & MAY_DENY) return 'unknown';
  if (bits & SURE_ALLOW) return 'allowed';
  return bits & MAY_ALLOW ? 'unknown' : 'implicit-deny';
}

/** Where in the layers a policy sits: its layer and, for SCPs, its level (index and name). */
interface Place {
  layer: LayerName;
  level: number | undefined;
  levelName: string | undefined;
}

/** A MatchedStatement with the same keys in the same order whatever the layer. */
function matchedStatement(place: Place, source: string, statement: CompiledStatement, conditions: ConditionOutcome[], effect: Effect): MatchedStatement {
  const { layer, level, levelName } = place;
  const { label, index } = statement;
  if (level === undefined) return { layer, source, statement: label, index, conditions, effect };
  if (levelName === undefined) return { layer, source, statement: label, index, level, conditions, effect };
  return { layer, source, statement: label, index, level, levelName, conditions, effect };
}

const IDENTITY: Place = Object.freeze({ layer: 'identity', level: undefined, levelName: undefined });
const BOUNDARY: Place = Object.freeze({ layer: 'boundary', level: undefined, levelName: undefined });

/** The level keys of an uncertain entry (rare, so spread): present only when set. */
function levelOf(place: Place): { level?: number; levelName?: string } {
  return {
    ...(place.level === undefined ? {} : { level: place.level }),
    ...(place.levelName === undefined ? {} : { levelName: place.levelName }),
  };
}

/** The request for one policy; the same for every policy of an evaluation. */
interface Asked {
  /** As the caller spells it (actions match case-insensitively; statementsFor lower-cases it once). */
  action: string;
  resource: RequestResource;
  /** The resource with its service part lower-cased (a string resource only). */
  loweredResource: string;
  context: Context;
}

/** One policy's statements against the request: writes them to `sink`, returns the layer bits they set. */
function evaluatePolicy(policy: CompiledPolicy, place: Place, asked: Asked, sink: Sink): number {
  if (policy.unreadable) {
    const { path, message } = policy.unreadable;
    const located = policy.location === undefined ? {} : { location: policy.location };
    const { layer } = place;
    sink.uncertain.push({ layer, source: policy.source, statement: '(document)', index: -1, effect: undefined, ...levelOf(place), ...located, path, reason: message, conditions: [] });
    return MAY_DENY | MAY_ALLOW;
  }
  let bits = 0;
  const { resource, context } = asked;
  for (const candidate of policy.statementsFor(asked.action) as readonly ActionCandidate[]) {
    const { statement } = candidate;
    const resources = statement.resources;
    const matchedResource = matchResource(resources, resource, asked.loweredResource, context);
    if (matchedResource.matched === false && matchedResource.unresolved.length === 0) continue;
    let applies = and(candidate.action, matchedResource.matched);
    const scoped = typeof resource !== 'string' && matchedResource.matched === 'unknown' && resources !== undefined && !resources.unreadable;
    let reason: string | undefined = scoped ? `its ${resources.negated ? 'NotResource' : 'Resource'} names specific resources, and ${resource.unknown}` : matchedResource.reason;
    // Keys of this statement: reported only if no condition on a key the request carried was false.
    let missing: string[] | undefined = matchedResource.unresolved.length === 0 ? undefined : [...matchedResource.unresolved];
    let hardFailure = false;
    const conditions: ConditionOutcome[] = [];
    for (const condition of statement.conditions) {
      if ('problem' in condition) {
        conditions.push({ operator: condition.operator, key: condition.key, values: condition.values, matched: 'unknown', problem: condition.problem });
        applies = and(applies, 'unknown');
        continue;
      }
      const result = condition.evaluate(context);
      const outcome = result.outcome;
      conditions.push(outcome);
      applies = and(applies, outcome.matched);
      if (outcome.matched === 'unknown') reason ??= `${outcome.operator} ${outcome.key}: ${outcome.problem ?? 'undecided'}`;
      if (result.keyAbsent) (missing ??= []).push(condition.key);
      else if (result.unresolved.length > 0) (missing ??= []).push(...result.unresolved);
      else if (outcome.matched === false) hardFailure = true;
    }
    if (missing !== undefined && !hardFailure) {
      if (sink.missingKeys === undefined) sink.missingKeys = missing;
      else sink.missingKeys.push(...missing);
    }
    if (applies === false) continue;
    // A statement with a problem never decides by itself, however much of it could be read.
    if (statement.problem !== undefined && applies === true) applies = 'unknown';
    const effect = statement.effect;
    if (applies === true && effect !== undefined) {
      sink.statements.push(matchedStatement(place, policy.source, statement, conditions, effect));
      bits |= effect === 'Deny' ? SURE_DENY : SURE_ALLOW;
      continue;
    }
    reason = statement.problem ?? reason ?? 'could not be read';
    const byResource = scoped && statement.problem === undefined;
    const where = byResource ? { path: resources!.negated ? 'NotResource' : 'Resource', scopedResource: true as const } : { path: problemPath(reason) };
    const located = policy.location === undefined ? {} : { location: policy.location };
    const { layer } = place;
    sink.uncertain.push({ layer, source: policy.source, statement: statement.label, index: statement.index, ...levelOf(place), conditions, effect, ...located, ...where, reason });
    bits |= effect === 'Allow' ? MAY_ALLOW : effect === 'Deny' ? MAY_DENY : MAY_DENY | MAY_ALLOW;
  }
  return bits;
}

function evaluateLayer(policies: readonly CompiledPolicy[], place: Place, asked: Asked, sink: Sink): Decision {
  let bits = 0;
  for (const policy of policies) bits |= evaluatePolicy(policy, place, asked, sink);
  return layerDecision(bits);
}

/**
 * Combines two layer (or level) decisions: a deny anywhere wins, then a missing allow anywhere (the
 * request is denied whatever an undecided layer says), then an undecided layer.
 */
function worse(a: Decision, b: Decision): Decision {
  if (a === 'explicit-deny' || b === 'explicit-deny') return 'explicit-deny';
  if (a === 'implicit-deny' || b === 'implicit-deny') return 'implicit-deny';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'allowed';
}

/** A request context prepared once (derived principal keys, lower-cased names), for many evaluations. */
export interface PreparedContext {
  readonly keys: Context;
  /** Request.knownAbsent, lower-cased. */
  readonly knownAbsent: ReadonlySet<string>;
}

const NOTHING_ABSENT: ReadonlySet<string> = new Set();

/** Prepares the context of requests by one principal: build it once, evaluate many actions with it. */
export function prepareContext(
  context: Request['context'],
  principalArn?: string,
  knownAbsent: readonly string[] = [],
): PreparedContext {
  return { keys: buildContext(context, principalArn), knownAbsent: knownAbsent.length === 0 ? NOTHING_ABSENT : new Set(knownAbsent.map((k) => k.toLowerCase())) };
}

export function evaluate(request: Request, layers: PolicyLayers): Evaluation {
  return evaluatePrepared(request.action, request.resource, prepareContext(request.context, request.principalArn, request.knownAbsent), layers);
}

/** `evaluate` with the context prepared by prepareContext: the same answer, without rebuilding the context. */
export function evaluatePrepared(action: string, resource: RequestResource, prepared: PreparedContext, layers: PolicyLayers): Evaluation {
  const asked: Asked = {
    action,
    resource,
    loweredResource: typeof resource === 'string' ? lowerService(resource) : '',
    context: prepared.keys,
  };
  const sink: Sink = { statements: [], uncertain: [], missingKeys: undefined };
  const identity = evaluateLayer(layers.identity, IDENTITY, asked, sink);
  let decision = identity;
  let scp: LayerDecision = 'not-applicable';
  let scpLevelDecisions: Decision[] | undefined;
  if (layers.scpLevels) {
    scpLevelDecisions = [];
    let levels: Decision = 'allowed'; // no level restricts
    for (let i = 0; i < layers.scpLevels.length; i++) {
      const level = evaluateLayer(layers.scpLevels[i]!, { layer: 'scp', level: i, levelName: layers.scpLevelNames?.[i] }, asked, sink);
      scpLevelDecisions.push(level);
      levels = worse(levels, level);
    }
    scp = levels;
    decision = worse(decision, levels);
  }
  let boundary: LayerDecision = 'not-applicable';
  if (layers.boundary) {
    const bits = evaluatePolicy(layers.boundary, BOUNDARY, asked, sink);
    boundary = layerDecision(bits);
    decision = worse(decision, boundary);
  }
  const { statements, uncertain } = sink;
  const missing = missingContextKeys(sink.missingKeys, prepared.knownAbsent);
  const problems = problemsOf(layers);
  const layerDecisions = { identity, scp, boundary };
  // The same keys in the same order as ever (JSON output is compared byte for byte).
  return scpLevelDecisions
    ? { decision, layers: layerDecisions, scpLevelDecisions, statements, uncertain, missingContextKeys: missing, problems }
    : { decision, layers: layerDecisions, statements, uncertain, missingContextKeys: missing, problems };
}

/** The statements' keys deduplicated case-insensitively, first spelling kept, known-absent keys left out. */
function missingContextKeys(keys: readonly string[] | undefined, knownAbsent: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (keys === undefined) return out;
  const seen = new Set<string>();
  for (const key of keys) {
    const k = key.toLowerCase();
    if (seen.has(k) || knownAbsent.has(k)) continue;
    seen.add(k);
    out.push(key);
  }
  return out;
}

/** Compilation problems of the policies involved, in layer order, each policy once; no Set unless a policy has some. */
function problemsOf(layers: PolicyLayers): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  let seen: Set<CompiledPolicy> | undefined;
  const add = (policy: CompiledPolicy): void => {
    if (policy.problems.length === 0) return;
    seen ??= new Set();
    if (seen.has(policy)) return;
    seen.add(policy);
    problems.push(...policy.problems);
  };
  for (const policy of layers.identity) add(policy);
  for (const level of layers.scpLevels ?? []) for (const policy of level) add(policy);
  if (layers.boundary) add(layers.boundary);
  return problems;
}

/**
 * Whether a statement of these layers that a request for `action` may reach reads one of `keys`
 * (lower-cased). When none does, requests for it that differ only in those keys get the same
 * evaluation.
 */
export function readsKeys(layers: PolicyLayers, action: string, keys: readonly string[]): boolean {
  const reads = (policy: CompiledPolicy): boolean =>
    keys.some((k) => policy.contextKeys.has(k)) &&
    (policy.statementsFor(action) as readonly ActionCandidate[]).some(({ statement }) => keys.some((k) => statement.keys.has(k)));
  return layers.identity.some(reads) || (layers.scpLevels ?? []).some((level) => level.some(reads)) || (layers.boundary !== undefined && reads(layers.boundary));
}

/** Every policy of the layers: identity, then the SCP levels, then the boundary. */
export function layerPolicies(layers: PolicyLayers): CompiledPolicy[] {
  return [...layers.identity, ...layerOf(layers, 'scp'), ...layerOf(layers, 'boundary')];
}

/** The policies of one layer (an SCP's levels together). */
export function layerOf(layers: PolicyLayers, layer: LayerName): readonly CompiledPolicy[] {
  if (layer === 'identity') return layers.identity;
  if (layer === 'scp') return (layers.scpLevels ?? []).flat();
  return layers.boundary ? [layers.boundary] : [];
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
