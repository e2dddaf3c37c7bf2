/**
 * Which AWS managed policies grant the actions a page misses: the ones the principal relies on
 * (attached, with no statement for them) and the billing ones that would (design: a fix names a
 * policy the reader can attach and the tool has re-simulated). Pure: documents come from the model.
 */
import { evaluatePrepared, prepareContext, type PreparedContext } from '../engine/index.js';
import type { CompiledPolicy } from '../engine/types.js';
import type { ManagedEntry } from '../model/account.js';
import type { Evidence } from '../model/diagnosis.js';
import { BILLING_MANAGED_POLICIES, isAwsManagedArn } from '../model/managed-policy.js';
import { listShort } from './attribution.js';
import { contextResource } from './context.js';
import type { CheckContext } from './types.js';

export interface ManagedCopy {
  arn: string;
  name: string;
  versionId: string;
  /** Where the document was read: `shipped copy of 2026-07-21, from …` or `from the snapshot`. */
  origin: string;
  compiled: CompiledPolicy;
}

const nameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** The model's document of an AWS managed policy: the snapshot's copy, else the shipped one. */
function copyOf(ctx: CheckContext, arn: string): ManagedCopy | undefined {
  const entry = ctx.model.managed.get(arn);
  if (entry?.origin === 'snapshot') {
    return { arn, name: nameOf(arn), versionId: entry.versionId ?? 'version unknown', origin: 'from the snapshot', compiled: entry.compiled };
  }
  const shipped = ctx.model.shipped.get(arn);
  if (!shipped) return undefined;
  return {
    arn,
    name: shipped.name,
    versionId: shipped.versionId,
    origin: `shipped copy of ${shipped.updated}, from ${shipped.source}`,
    compiled: (entry ?? (ctx.model.shippedEntry(arn) as ManagedEntry)).compiled,
  };
}

/** `ReadOnlyAccess v188`. */
export const labelOf = (c: ManagedCopy): string => `${c.name} ${c.versionId}`;

/** The AWS managed policies among the principal's identity policies. */
export function reliedOn(ctx: CheckContext): ManagedCopy[] {
  return ctx.layers.identity.flatMap((p) => (isAwsManagedArn(p.source) ? [copyOf(ctx, p.source)].filter((c): c is ManagedCopy => c !== undefined) : []));
}

/** The principal's console request context, prepared once for every candidate policy. */
function preparedOf(ctx: CheckContext): PreparedContext {
  const request = ctx.request.requests[ctx.scenario];
  return prepareContext(request.context, ctx.principal.arn, request.knownAbsent);
}

/** Which of `actions` this policy alone allows, in the prepared console request context. */
function allowedBy(ctx: CheckContext, prepared: PreparedContext, policy: CompiledPolicy, actions: readonly string[]): string[] {
  return actions.filter((a) => evaluatePrepared(a, contextResource(ctx, a), prepared, { identity: [policy] }).decision === 'allowed');
}

export interface Coverage {
  /** The first billing policy that allows every action, if any. */
  all?: ManagedCopy;
  /** For the rest: each action with the first billing policy that allows it, or none. */
  byAction: { action: string; policy?: ManagedCopy }[];
}

/** The billing AWS managed policies in preference order, compiled only when reached. */
function* candidates(ctx: CheckContext): Generator<ManagedCopy> {
  for (const arn of BILLING_MANAGED_POLICIES) {
    const copy = copyOf(ctx, arn);
    if (copy) yield copy;
  }
}

/** The first billing AWS managed policy that allows every one of `actions` (the usual case stops at the first). */
export function coveringPolicy(ctx: CheckContext, actions: readonly string[]): ManagedCopy | undefined {
  return coverage(ctx, actions).all;
}

/** Which billing AWS managed policy has each of `actions`: each candidate evaluated once, until one has them all. */
export function coverage(ctx: CheckContext, actions: readonly string[]): Coverage {
  const prepared = preparedOf(ctx);
  const allowed: { copy: ManagedCopy; actions: Set<string> }[] = [];
  for (const copy of candidates(ctx)) {
    const has = allowedBy(ctx, prepared, copy.compiled, actions);
    if (has.length === actions.length) return { all: copy, byAction: actions.map((action) => ({ action, policy: copy })) };
    allowed.push({ copy, actions: new Set(has) });
  }
  return { byAction: actions.map((action) => ({ action, policy: allowed.find((a) => a.actions.has(action))?.copy })) };
}

/** "AWSBillingReadOnlyAccess has them all" / "AWSBillingReadOnlyAccess has X; no AWS managed billing policy has Y". */
export function describeCoverage(found: Coverage): string {
  if (found.all) return `the AWS managed policy ${labelOf(found.all)} has ${found.byAction.length === 1 ? 'it' : 'them all'}`;
  const byPolicy = new Map<string, string[]>();
  for (const { action, policy } of found.byAction) {
    const key = policy ? labelOf(policy) : '';
    byPolicy.set(key, [...(byPolicy.get(key) ?? []), action]);
  }
  const parts = [...byPolicy].map(([label, actions]) =>
    label === '' ? `no AWS managed billing policy (of the shipped copies) has ${listShort(actions)}` : `${label} has ${listShort(actions)}`,
  );
  return parts.join('; ');
}

/** Evidence: each relied-on AWS managed policy, its version, and what it lacks. */
export function reliedEvidence(relied: readonly ManagedCopy[], missing: readonly string[]): Evidence[] {
  return relied.map((c) => ({
    layer: 'identity',
    policy: c.arn,
    statement: '(no statement allows the missing actions)',
    note: `AWS managed ${labelOf(c)} (${c.origin}) lacks ${listShort(missing, 6)}`,
  }));
}
