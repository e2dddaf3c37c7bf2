/** Which check a deny belongs to (design section 3) and the evidence that names it. */
import { describeCondition } from '../engine/index.js';
import type { CompiledPolicy, Evaluation, LayerName, MatchedStatement } from '../engine/types.js';
import { describeWildcard, isWildcard } from '../model/action-index.js';
import { taskActions } from '../model/catalogue.js';
import type { CheckId, Evidence } from '../model/diagnosis.js';
import { isMfaKey } from './context.js';
import type { SnapshotPart } from '../model/snapshot.js';
import { statementsOf } from './policy-edit.js';
import type { ActionEvaluation, CheckContext, CheckOutcome } from './types.js';

const LAYER_CHECK = { identity: 'identity-policy', scp: 'scp', boundary: 'boundary' } as const;

/** MFA keys → `mfa`; `aws:RequestedRegion` → `region`; otherwise the layer's own check. */
export function denyOwner(statement: MatchedStatement): CheckId {
  let region = false;
  for (const { key } of statement.conditions) {
    if (isMfaKey(key)) return 'mfa';
    region ||= key.toLowerCase() === 'aws:requestedregion';
  }
  return region ? 'region' : LAYER_CHECK[statement.layer];
}

/** The check an evaluation's denial is attributed to: the first explicit deny, else the first layer lacking an allow. */
export function deniedBy(evaluation: Evaluation): CheckId | undefined {
  if (evaluation.decision === 'allowed') return undefined;
  const deny = evaluation.statements.find((s) => s.effect === 'Deny');
  if (deny) return denyOwner(deny);
  for (const layer of ['identity', 'scp', 'boundary'] as const) {
    if (evaluation.layers[layer] === 'implicit-deny') return LAYER_CHECK[layer];
  }
  return undefined;
}

/** Deny statements in these evaluations owned by a check, with the actions each denied (deduplicated by policy + statement). */
/** One statement of one policy of one layer (an SCP's level too): the key statements are merged by. */
export const statementKey = (s: { layer: LayerName; level?: number; source: string; index: number }): string => `${s.layer}|${s.level ?? ''}|${s.source}|${s.index}`;

export function denialsOwnedBy(evaluations: readonly ActionEvaluation[], owner: CheckId): Denial[] {
  // Most evaluations hold no deny at all: no map until one is found.
  let found: Map<string, Denial> | undefined;
  for (const { action, evaluation } of evaluations) {
    for (const s of evaluation.statements) {
      if (s.effect !== 'Deny' || denyOwner(s) !== owner) continue;
      const k = statementKey(s);
      found ??= new Map();
      const entry = found.get(k) ?? { statement: s, actions: [] };
      if (!entry.actions.includes(action)) entry.actions.push(action);
      found.set(k, entry);
    }
  }
  return found === undefined ? [] : [...found.values()];
}

/**
 * Actions that a layer does not allow: no Allow statement of the layer applied (for SCPs: at some
 * level). Judged from statements, not the layer decision, so a deny in the same layer does not hide it.
 */
export function implicitlyDenied(evaluations: readonly ActionEvaluation[], layer: 'identity' | 'scp' | 'boundary', levels = 1): ActionEvaluation[] {
  // A statement that may allow (it could not be fully read) leaves "no allow" unproven.
  const allowing = (s: { layer: LayerName; effect?: string }, sure: boolean): boolean => s.layer === layer && (sure ? s.effect === 'Allow' : s.effect !== 'Deny');
  return evaluations.filter(({ evaluation }) => {
    if (evaluation.layers[layer] === 'not-applicable' || evaluation.layers[layer] === 'allowed') return false;
    if (layer !== 'scp') return !evaluation.statements.some((s) => allowing(s, true)) && !evaluation.uncertain.some((u) => allowing(u, false));
    const allowed = new Set<number | undefined>();
    for (const s of evaluation.statements) if (allowing(s, true)) allowed.add(s.level);
    for (const u of evaluation.uncertain) if (allowing(u, false)) allowed.add(u.level);
    return allowed.size < levels;
  });
}

/** Allow statements of one layer that applied (deduplicated). */
export function allowsIn(evaluations: readonly ActionEvaluation[], layer: 'identity' | 'scp' | 'boundary'): MatchedStatement[] {
  const found = new Map<string, MatchedStatement>();
  for (const { evaluation } of evaluations) {
    for (const s of evaluation.statements) {
      if (s.layer === layer && s.effect === 'Allow') found.set(`${s.level ?? ''}|${s.source}|${s.index}`, s);
    }
  }
  return [...found.values()];
}

/** The policy name as reports show it: the engine's source, plus the SCP's target or the shipped copy's version. */
export function policyName(ctx: CheckContext, statement: MatchedStatement): string {
  if (statement.layer === 'scp' && ctx.model.scp.status === 'applies' && statement.level !== undefined) {
    const level = ctx.model.scp.levels[statement.level];
    return level ? `${statement.source} attached to ${level.name}` : statement.source;
  }
  const managed = ctx.model.managed.get(statement.source);
  if (managed?.origin === 'shipped') return `${statement.source} (${managed.originNote})`;
  return statement.source;
}

export function statementEvidence(ctx: CheckContext, statement: MatchedStatement): Evidence {
  const conditions = statement.conditions.map((c) => describeCondition(c)).join(' and ');
  const note = wildcardNote(ctx, statement);
  return {
    layer: statement.layer,
    policy: policyName(ctx, statement),
    statement: statement.statement,
    ...(conditions ? { condition: conditions } : {}),
    ...(note ? { note } : {}),
  };
}

/** The compiled policy a matched statement came from. */
function compiledOf(ctx: CheckContext, statement: MatchedStatement): CompiledPolicy | undefined {
  if (statement.layer === 'identity') return ctx.layers.identity.find((p) => p.source === statement.source);
  if (statement.layer === 'boundary') return ctx.layers.boundary;
  return ctx.layers.scpLevels?.[statement.level ?? -1]?.find((p) => p.source === statement.source);
}

/**
 * "ce:Get* covers 31 actions including …", for the wildcard Action entries of the statement in a
 * service the selected pages use, when the run loaded the Service Authorization Reference.
 */
function wildcardNote(ctx: CheckContext, statement: MatchedStatement): string | undefined {
  const index = ctx.options.actionIndex;
  const document = index ? compiledOf(ctx, statement)?.document : undefined;
  if (!index || !document) return undefined;
  const action = statementsOf(document)[statement.index]?.Action;
  const needed = ctx.options.tasks.flatMap((t) => taskActions(t, ctx.options.actionSet));
  const services = new Set(needed.map((a) => a.slice(0, a.indexOf(':')).toLowerCase()));
  const notes = (Array.isArray(action) ? action : action === undefined ? [] : [action])
    .filter((entry) => isWildcard(entry) && services.has(entry.slice(0, Math.max(0, entry.indexOf(':'))).toLowerCase()))
    .map((entry) => describeWildcard(index, entry, needed))
    .filter((text): text is string => text !== undefined);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** `a, b and 3 more`: keeps one-line summaries short. */
export function listShort(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Context keys the snapshot does not give although a value could change this layer's outcome
 * (the engine reports them; MFA keys are covered by the scenarios instead).
 */
export function undecidedKeys(ctx: CheckContext, layer: LayerName): string[] {
  let missing: string[] | undefined;
  for (const e of ctx.evaluations[ctx.scenario]) for (const k of e.evaluation.missingContextKeys) if (!isMfaKey(k)) (missing ??= []).push(k);
  if (missing === undefined) return [];
  const used = ctx.conditionKeys(layer);
  const found = new Map<string, string>();
  for (const k of missing) if (used.has(k.toLowerCase()) && !found.has(k.toLowerCase())) found.set(k.toLowerCase(), k);
  return [...found.values()];
}

/** The `unknown` result for a layer whose outcome hangs on context keys the snapshot lacks. */
export function undecided(id: CheckId, keys: readonly string[], evidence: Evidence[]): CheckOutcome {
  const example = Object.fromEntries(keys.map((k) => [k, '<value>']));
  return {
    id,
    status: 'unknown',
    summary: `the outcome depends on ${keys.join(', ')}, which the snapshot does not give`,
    evidence,
    remediation: [{ kind: 'info', text: `Add the value(s) the person's console requests carry to the snapshot's "context" (for example ${JSON.stringify(example)}) and run again` }],
  };
}

/** Whether a statement applied only through one of these undecided keys. */
export function hangsOn(statement: MatchedStatement, keys: readonly string[]): boolean {
  const lowered = new Set(keys.map((k) => k.toLowerCase()));
  return statement.conditions.some((c) => lowered.has(c.key.toLowerCase()));
}

/**
 * Notes problems in a layer's policies that did not already make the check unknown: warnings
 * (they change no decision, such as an empty Statement) and errors in statements whose readable
 * parts rule them out for these actions.
 */
export function withProblems(outcome: CheckOutcome, policies: readonly CompiledPolicy[]): CheckOutcome {
  const problems = policies.flatMap((p) => p.problems.map((problem) => ({ problem, location: p.location })));
  if (problems.length === 0 || outcome.status === 'not-applicable' || outcome.status === 'unknown') return outcome;
  const [first] = problems;
  if (!first) return outcome;
  const more = problems.length > 1 ? ` and ${problems.length - 1} more` : '';
  const where = [first.location, first.problem.path].filter(Boolean).join(' ');
  const kind =
    first.problem.severity === 'warning' ? 'warning, changes no decision' : 'not read, but its readable parts rule it out for these actions';
  return { ...outcome, summary: `${outcome.summary} (note: ${first.problem.source} ${where}: ${first.problem.message}${more}; ${kind})` };
}

/** A deny statement and the actions it denied. */
export type Denial = { statement: MatchedStatement; actions: string[] };

/**
 * Denies of the other action set (the retired aws-portal actions while the fine-grained ones are
 * checked, or the reverse): no effect today, but reported (design section 3), since SCPs and
 * policies had to migrate too.
 */
export function otherSetDenials(ctx: CheckContext, id: CheckId): Denial[] {
  return denialsOwnedBy(ctx.otherSet(), id);
}

/** Denials of both sets, one entry per statement, so one corrected document covers both. */
export function mergeDenials(...lists: readonly Denial[][]): Denial[] {
  const merged = new Map<string, Denial>();
  for (const d of lists.flat()) {
    const k = statementKey(d.statement);
    const entry = merged.get(k);
    merged.set(k, entry ? { ...entry, actions: [...new Set([...entry.actions, ...d.actions])] } : { ...d, actions: [...d.actions] });
  }
  return [...merged.values()];
}

export function otherSetNote(ctx: CheckContext, denials: readonly Denial[]): string {
  const set = ctx.options.actionSet === 'fine-grained' ? 'retired legacy' : 'fine-grained';
  const by = denials.map((d) => `${d.statement.source} statement ${d.statement.statement}`).join(', ');
  const actions = listShort([...new Set(denials.flatMap((d) => d.actions))]);
  return `${by} denies the ${set} actions ${actions}: no effect while the console checks the ${ctx.options.actionSet} set, but it blocks an account that uses the other one`;
}

/** ` (<operation> failed: <error>; <hint>)` for a collection gap in this part of the snapshot, or ''. */
export function gapNote(ctx: CheckContext, part: SnapshotPart): string {
  const gap = ctx.model.snapshot.gaps?.find((g) => g.part === part);
  return gap ? ` (${gap.operation} failed: ${gap.error}${gap.profile ? ` for profile ${gap.profile}` : ''}${gap.hint ? `; ${gap.hint}` : ''})` : '';
}
