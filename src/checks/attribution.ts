/** Which check a deny belongs to (design section 3) and the evidence that names it. */
import { describeCondition } from '../engine/index.js';
import type { Evaluation, MatchedStatement } from '../engine/types.js';
import type { CheckId, Evidence } from '../model/diagnosis.js';
import { isMfaKey } from './context.js';
import type { ActionEvaluation, CheckContext } from './types.js';

const LAYER_CHECK = { identity: 'identity-policy', scp: 'scp', boundary: 'boundary' } as const;

/** MFA keys → `mfa`; `aws:RequestedRegion` → `region`; otherwise the layer's own check. */
export function denyOwner(statement: MatchedStatement): CheckId {
  const keys = statement.conditions.map((c) => c.key);
  if (keys.some(isMfaKey)) return 'mfa';
  if (keys.some((k) => k.toLowerCase() === 'aws:requestedregion')) return 'region';
  return LAYER_CHECK[statement.layer];
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
export function denialsOwnedBy(evaluations: readonly ActionEvaluation[], owner: CheckId): { statement: MatchedStatement; actions: string[] }[] {
  const found = new Map<string, { statement: MatchedStatement; actions: string[] }>();
  for (const { action, evaluation } of evaluations) {
    for (const s of evaluation.statements) {
      if (s.effect !== 'Deny' || denyOwner(s) !== owner) continue;
      const k = `${s.layer}|${s.level ?? ''}|${s.source}|${s.index}`;
      const entry = found.get(k) ?? { statement: s, actions: [] };
      if (!entry.actions.includes(action)) entry.actions.push(action);
      found.set(k, entry);
    }
  }
  return [...found.values()];
}

/**
 * Actions that a layer does not allow: no Allow statement of the layer applied (for SCPs: at some
 * level). Judged from statements, not the layer decision, so a deny in the same layer does not hide it.
 */
export function implicitlyDenied(evaluations: readonly ActionEvaluation[], layer: 'identity' | 'scp' | 'boundary', levels = 1): ActionEvaluation[] {
  return evaluations.filter(({ evaluation }) => {
    if (evaluation.layers[layer] === 'not-applicable' || evaluation.layers[layer] === 'allowed') return false;
    const allowing = evaluation.statements.filter((s) => s.layer === layer && s.effect === 'Allow');
    if (layer !== 'scp') return allowing.length === 0;
    return new Set(allowing.map((s) => s.level)).size < levels;
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
  return {
    layer: statement.layer,
    policy: policyName(ctx, statement),
    statement: statement.statement,
    ...(conditions ? { condition: conditions } : {}),
  };
}

/** `a, b and 3 more`: keeps one-line summaries short. */
export function listShort(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
