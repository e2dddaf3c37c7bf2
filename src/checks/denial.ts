/**
 * Diagnosis from the denial itself (design section 8): which principal and actions a pasted
 * message or a CloudTrail event names, the request context it states, and whether the layer the
 * engine finds deciding is the one AWS stated. Pure functions of the model and the parsed denials.
 */
import { layerPolicies } from '../engine/index.js';
import type { Evaluation, LayerName } from '../engine/types.js';
import { ExitError, usageError } from '../errors.js';
import type { AccountModel } from '../model/account.js';
import { DEFAULT_TASKS, selectTasks } from '../model/catalogue.js';
import type { DenialAgreement, DenialItem, DenialReport, Diagnosis, Verdict } from '../model/diagnosis.js';
import { NAMED_TASK_ID, namedActionsTask } from '../model/named-task.js';
import { findUsers, userPermissionSets } from '../model/identity-center.js';
import { principalOf, resolvePrincipal, roleOfPermissionSet, type ResolvedPrincipal } from '../model/principal.js';
import type { IdentityStoreUser, MfaAnswer } from '../model/snapshot.js';
import { isFullArn } from '../denial/resource.js';
import type { ParsedDenial, SkippedEvent, StatedPolicyType, StatedReason } from '../denial/types.js';
import { MFA_PRESENT, buildContext } from './context.js';
import { signInType } from './request-context.js';
import { diagnose, runChecksIn, type DiagnoseSettings } from './diagnose.js';
import { diagnoseIdentityCenterUser } from './identity-center-user.js';
import type { CheckContext } from './types.js';

/** What was read: pasted text, or CloudTrail records. */
export interface DenialEvidence {
  source: 'message' | 'cloudtrail';
  denials: readonly ParsedDenial[];
  skipped: readonly SkippedEvent[];
  /** How the denials were found (the CloudTrail window read), for the report. */
  notes?: readonly string[];
}

/** What the diagnosis needs from the evidence once the principal is known. */
export interface DenialPlan {
  principal: ResolvedPrincipal;
  /** The denials of that principal (or naming none). */
  denials: ParsedDenial[];
  /** Actions to diagnose, in the order named. */
  actions: string[];
  /** The resource ARN the denials name for an action (lower case), evaluated instead of the console's default. */
  resources: Map<string, string>;
  /** Context overrides every kept denial agrees on (MFA excluded: see `mfa`). */
  context: Record<string, string>;
  /** How the person signed in, when the events say so. */
  mfa?: MfaAnswer;
  skipped: SkippedEvent[];
  notes: string[];
}

const accountOf = (arn: string): string | undefined => arn.split(':')[4] || undefined;

function resolveNamed(model: AccountModel, arn: string): ResolvedPrincipal {
  const account = accountOf(arn);
  if (account !== undefined && model.accountId !== undefined && account !== model.accountId) {
    throw usageError(`the denial names ${arn}, of account ${account}, but the snapshot is of account ${model.accountId}: diagnose it with that account's snapshot or profile`);
  }
  return resolvePrincipal(model, arn);
}

/**
 * The principal to diagnose (the flag wins, else the one the denials name) and the denials that
 * are about it; a denial of another principal is listed as skipped.
 */
export function planDenial(model: AccountModel, evidence: DenialEvidence, principalFlag: string | undefined, fallback: string | undefined): DenialPlan {
  const chosen = principalFlag !== undefined ? resolvePrincipal(model, principalFlag) : undefined;
  const skipped = [...evidence.skipped];
  const skip = (d: ParsedDenial, reason: string): void => void skipped.push({ reason, eventName: d.operation ?? d.actions.join(', ') });
  const named = new Map<string, { principal: ResolvedPrincipal; denials: ParsedDenial[] }>();
  const anonymous: ParsedDenial[] = [];
  for (const d of evidence.denials) {
    if (d.principalArn === undefined) {
      anonymous.push(d);
      continue;
    }
    let principal: ResolvedPrincipal;
    try {
      principal = resolveNamed(model, d.principalArn);
    } catch (error) {
      // Once a principal is chosen, a denial of one the snapshot does not hold is simply another's.
      if (chosen === undefined || !(error instanceof ExitError)) throw error;
      skip(d, `names ${d.principalArn}, which is not in the snapshot`);
      continue;
    }
    const entry = named.get(principal.arn) ?? { principal, denials: [] };
    entry.denials.push(d);
    named.set(principal.arn, entry);
  }
  let principal: ResolvedPrincipal;
  if (chosen !== undefined) {
    principal = chosen;
  } else if (named.size > 1) {
    throw usageError(`the denials name ${named.size} principals (${[...named.keys()].join(', ')}): pass --principal to pick one`);
  } else {
    const only = [...named.values()][0]?.principal;
    if (only === undefined && fallback === undefined) {
      throw usageError('the denial names no principal and the snapshot has no caller: pass --principal <user, role or ARN>');
    }
    principal = only ?? resolvePrincipal(model, fallback as string);
  }
  const denials = [...(named.get(principal.arn)?.denials ?? []), ...anonymous];
  for (const [arn, entry] of named) {
    if (arn === principal.arn) continue;
    for (const d of entry.denials) skip(d, `names ${d.principalArn}, not ${principal.arn}`);
  }
  if (denials.length === 0) {
    throw usageError(`none of the denials is about ${principal.arn}: they name ${[...new Set(evidence.denials.map((d) => d.principalArn))].join(', ')}`);
  }
  const actions = [...new Map(denials.flatMap((d) => d.actions).map((a) => [a.toLowerCase(), a])).values()];
  const notes = [...(evidence.notes ?? []), ...new Set(denials.flatMap((d) => d.notes ?? []))];
  const { context, mfa: stated, conflicts } = agreedContext(denials);
  if (conflicts.length > 0) notes.push(`the events differ in ${conflicts.join(', ')}; the tool's defaults are used for those keys`);
  const mfa = federatedMfa(principal, stated, notes);
  const resources = namedResources(denials, notes);
  return { principal, denials, actions, resources, context, ...(mfa ? { mfa } : {}), skipped, notes };
}

/**
 * The resource each action is evaluated on: the ARN the denial names. A resource that is no whole
 * ARN, or two for one action, leaves the console's default and is said: no answer rests on a guess.
 */
function namedResources(denials: readonly ParsedDenial[], notes: string[]): Map<string, string> {
  const named = new Map<string, Set<string>>();
  const spelt = new Map<string, string>();
  for (const d of denials) {
    if (d.resource === undefined) continue;
    if (!isFullArn(d.resource)) {
      notes.push(`the ${d.form === 'cloudtrail' ? 'event' : 'message'} names the resource ${d.resource}, which is not a whole ARN: ${d.actions.join(', ') || 'the request'} is evaluated on the resource the console's request names by default`);
      continue;
    }
    for (const action of d.actions) {
      named.set(action.toLowerCase(), (named.get(action.toLowerCase()) ?? new Set()).add(d.resource));
      spelt.set(action.toLowerCase(), action);
    }
  }
  const resources = new Map<string, string>();
  for (const [lower, arns] of named) {
    const action = spelt.get(lower) ?? lower;
    const [only] = arns;
    if (arns.size === 1 && only !== undefined) {
      resources.set(lower, only);
      notes.push(`${action} is evaluated on ${only}, the resource the denial names`);
    } else {
      notes.push(`the denials name ${action} on ${arns.size} resources (${[...arns].join(', ')}): it is evaluated on the resource the console's request names by default`);
    }
  }
  return resources;
}

/**
 * Design 5.1: an Identity Center / SAML / OIDC session carries no aws:MultiFactorAuthPresent, since
 * AWS cannot see whether the identity provider asked for MFA; CloudTrail's mfaAuthenticated says
 * only that AWS saw none. So for such a principal it is no sign-in answer: the key stays absent.
 */
function federatedMfa(principal: ResolvedPrincipal, stated: MfaAnswer | undefined, notes: string[]): MfaAnswer | undefined {
  if (stated === undefined || signInType(principal) !== 'federated') return stated;
  notes.push(
    `the event says mfaAuthenticated=${stated === 'yes'}, but an Identity Center / SAML / OIDC session carries no ${MFA_PRESENT} ` +
      '(AWS cannot see whether the identity provider asked for MFA), so the key is evaluated as absent',
  );
  return undefined;
}

/**
 * The sign-in answer the denials give for the principal they name (or `principal`), by the same
 * rule as the diagnosis (federated sessions give none); undefined when it cannot be told yet.
 */
export function denialMfaAnswer(model: AccountModel, evidence: DenialEvidence, principal: string | undefined): MfaAnswer | undefined {
  try {
    return planDenial(model, evidence, principal, undefined).mfa;
  } catch (error) {
    // Whom the denial is about is asked next (or reported then): no answer to prefill yet.
    if (error instanceof ExitError) return undefined;
    throw error;
  }
}

/** Context keys every denial that states them agrees on; MFA becomes the sign-in answer. */
function agreedContext(denials: readonly ParsedDenial[]): { context: Record<string, string>; mfa?: MfaAnswer; conflicts: string[] } {
  const values = new Map<string, Set<string>>();
  for (const d of denials) for (const [k, v] of Object.entries(d.context ?? {})) values.set(k, (values.get(k) ?? new Set()).add(v));
  const context: Record<string, string> = {};
  const conflicts: string[] = [];
  for (const [k, set] of values) {
    if (set.size === 1) context[k] = [...set][0] as string;
    // Each event has its own time; a differing time is no disagreement worth a note.
    else if (k !== 'aws:CurrentTime') conflicts.push(k);
  }
  const present = context[MFA_PRESENT];
  delete context[MFA_PRESENT];
  const mfa: MfaAnswer | undefined = present === 'true' ? 'yes' : present === 'false' ? 'no' : undefined;
  return { context, ...(mfa ? { mfa } : {}), conflicts };
}

// ---------------------------------------------------------------------------------------------
// Comparing the engine's deciding layer with the one AWS stated

const TYPE_WORDS: Record<StatedPolicyType, string> = {
  identity: 'identity-based policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
};

const article = (words: string): string => (/^[aeiou]/i.test(words) ? `an ${words}` : `a ${words}`);

/** AWS's reason in words: "an explicit deny in a service control policy", "no identity-based policy allows it". */
export function statedPhrase(stated: StatedReason, typeText?: string): string {
  const words = stated.policyType ? TYPE_WORDS[stated.policyType] : typeText ? `${typeText} policy` : undefined;
  const arn = stated.policyArn ? ` (${stated.policyArn})` : '';
  if (stated.effect === 'explicit-deny') return words ? `an explicit deny in ${article(words)}${arn}` : 'an explicit deny (the message names no policy type)';
  if (stated.effect === 'implicit-deny') return words ? `no ${words} allows it` : 'nothing allows it (the message names no policy type)';
  return 'no reason given';
}

const LAYER_TYPE: Record<LayerName, StatedPolicyType> = { identity: 'identity', scp: 'scp', boundary: 'boundary' };

/** How a layer denies: its Deny statements (as said, and the policies they are in), or no Allow. */
interface LayerDenial {
  explicit: string[];
  sources: string[];
  implicit: boolean;
}

/** The layers that deny in an evaluation, each with how (a Deny statement, or no Allow). */
function denyingLayers(evaluation: Evaluation): Map<StatedPolicyType, LayerDenial> {
  const found = new Map<StatedPolicyType, LayerDenial>();
  const entry = (t: StatedPolicyType): LayerDenial => {
    const known = found.get(t) ?? { explicit: [], sources: [], implicit: false };
    found.set(t, known);
    return known;
  };
  for (const s of evaluation.statements) {
    if (s.effect !== 'Deny') continue;
    const layer = entry(LAYER_TYPE[s.layer]);
    layer.explicit.push(`${s.source} statement ${s.statement}`);
    layer.sources.push(s.source);
  }
  for (const layer of ['identity', 'scp', 'boundary'] as const) if (evaluation.layers[layer] === 'implicit-deny') entry(LAYER_TYPE[layer]).implicit = true;
  return found;
}

/**
 * Whether a policy the engine names (`PolicyInput.source`) is the one AWS's ARN names: an IAM
 * policy by its ARN, an SCP by its id, the last part of its Organizations ARN ("SCP Name (p-…)").
 */
function isPolicy(source: string, policyArn: string): boolean {
  const scp = /^arn:[^:]+:organizations::[^:]*:policy\/(?:[^/]+\/)*(p-[A-Za-z0-9_]+)$/.exec(policyArn)?.[1];
  return scp !== undefined ? source.endsWith(`(${scp})`) : source === policyArn;
}

/** AWS names the policy that denied: is it one the engine finds denying, else is it in the snapshot at all? */
function namedPolicyFinding(ctx: CheckContext, policyArn: string, mine: LayerDenial): string | undefined {
  if (mine.sources.some((s) => isPolicy(s, policyArn))) return undefined;
  const held = layerPolicies(ctx.layers).some((p) => isPolicy(p.source, policyArn));
  return held
    ? `AWS names ${policyArn}, but in the snapshot that policy does not deny it (${mine.explicit.join(', ')} does)${changed(ctx)}`
    : `AWS names ${policyArn}, which is not among the principal's policies in the snapshot (${mine.explicit.join(', ')} denies it)${changed(ctx)}`;
}

function engineFinding(evaluation: Evaluation): string {
  const layers = denyingLayers(evaluation);
  if (layers.size === 0) return 'nothing the snapshot holds denies it';
  return [...layers]
    .map(([t, how]) => (how.explicit.length > 0 ? `${how.explicit.join(', ')} denies it` : `no ${TYPE_WORDS[t]} allows it`))
    .join('; ');
}

/** What keeps the engine from deciding (a layer's, or any): the statements that may or may not apply. */
function undecided(evaluation: Evaluation, layer?: LayerName): string {
  const open = evaluation.uncertain.filter((u) => layer === undefined || u.layer === layer);
  const why = [...new Set(open.map((u) => `${u.source} statement ${u.statement} may or may not apply (${u.reason})`))];
  return `the snapshot cannot decide it: ${why.length > 0 ? why.join('; ') : 'a statement may or may not apply'}`;
}

/** Why the snapshot may not show what AWS stated for a layer. */
function lacks(ctx: CheckContext, type: StatedPolicyType): string {
  const who = ctx.principal.name;
  switch (type) {
    case 'scp':
      if (ctx.model.scp.status === 'unknown') return `the snapshot has no SCPs, read them with --org-profile (${ctx.model.scp.reason})`;
      if (ctx.model.scp.status === 'not-applicable') return `in the snapshot SCPs do not restrict this account (${ctx.model.scp.reason})`;
      return `the snapshot's SCPs allow it${changed(ctx)}`;
    case 'identity':
      if (ctx.unresolved.identity.length > 0) return `the documents of ${ctx.unresolved.identity.join(', ')} are not in the snapshot`;
      return `the snapshot's identity policies of ${who} allow it${changed(ctx)}`;
    case 'boundary':
      if (ctx.unresolved.boundary !== undefined) return `the boundary ${ctx.unresolved.boundary} is not in the snapshot`;
      if (ctx.layers.boundary === undefined) return `the snapshot shows no permissions boundary on ${who}${changed(ctx)}`;
      return `the snapshot's boundary allows it${changed(ctx)}`;
    case 'session':
      return 'session policies are passed when a session starts (AssumeRole, federation) and are in no snapshot: check what the session was created with';
    case 'rcp':
      return 'the tool does not read resource control policies: list them with `aws organizations list-policies --filter RESOURCE_CONTROL_POLICY`';
    case 'resource':
      return 'the tool does not read resource-based policies: check the policy on the resource';
  }
}

const changed = (ctx: CheckContext): string =>
  ctx.model.snapshot.capturedAt ? `; it may have changed since the snapshot was taken (${ctx.model.snapshot.capturedAt}), or the request carried other context` : '; it may have changed since, or the request carried other context';

/** What the snapshot does not settle, which could explain a denial it does not show. */
function unsettled(ctx: CheckContext, verdict: Verdict): string {
  const gaps = [
    ctx.model.scp.status === 'unknown' ? lacks(ctx, 'scp') : undefined,
    ctx.unresolved.identity.length > 0 ? lacks(ctx, 'identity') : undefined,
    ctx.unresolved.boundary !== undefined ? lacks(ctx, 'boundary') : undefined,
    ctx.model.activation === 'unknown' && ctx.options.activation !== 'enabled' && ctx.principal.type !== 'root'
      ? 'the "Activate IAM Access" setting is not recorded (no API reads it): ask the root user, then pass --activation'
      : undefined,
  ].filter((g): g is string => g !== undefined);
  if (gaps.length > 0) return gaps.join('; ');
  return verdict === 'allowed' ? `nothing the snapshot holds explains it${changed(ctx)}` : 'the checklist says what blocks it';
}

/** Agreement for one action: the stated layer is among those the engine finds denying. */
function compareAction(
  ctx: CheckContext,
  stated: StatedReason,
  typeText: string | undefined,
  evaluation: Evaluation,
  verdict: Verdict,
): { agreement: DenialAgreement; why: string } {
  const found = engineFinding(evaluation);
  const layers = denyingLayers(evaluation);
  if (stated.effect === null) {
    // AWS denied the request; a diagnosis that allows it contradicts that, whatever the reason.
    if (verdict === 'allowed') return { agreement: 'disagrees', why: `AWS denied it, but the diagnosis allows it: ${unsettled(ctx, verdict)}` };
    return { agreement: 'unknown', why: `AWS's message states no reason to compare with; ${found}; ${unsettled(ctx, verdict)}` };
  }
  if (stated.policyType === null) {
    if (typeText) return { agreement: 'unknown', why: `AWS says ${statedPhrase(stated, typeText)}, a policy type the tool does not read; ${found}` };
    const explicit = [...layers.values()].some((l) => l.explicit.length > 0);
    if (stated.effect === 'explicit-deny' ? explicit : layers.size > 0) return { agreement: 'agrees', why: `AWS says ${statedPhrase(stated)}; ${found}` };
    if (evaluation.decision === 'unknown') return { agreement: 'unknown', why: `AWS says ${statedPhrase(stated)}; ${undecided(evaluation)}` };
    const unread = ctx.model.scp.status === 'unknown' ? `; ${lacks(ctx, 'scp')}` : '';
    return { agreement: 'disagrees', why: `AWS says ${statedPhrase(stated)}, but ${found}${unread}` };
  }
  const type = stated.policyType;
  const mine = layers.get(type);
  // AWS words every SCP denial as explicit, even an implicit one (IAM User Guide, troubleshoot access denied).
  const sameEffect = mine !== undefined && (type === 'scp' || (stated.effect === 'explicit-deny' ? mine.explicit.length > 0 : mine.implicit));
  const otherPolicy = sameEffect && stated.effect === 'explicit-deny' && stated.policyArn !== null && mine.explicit.length > 0 ? namedPolicyFinding(ctx, stated.policyArn, mine) : undefined;
  if (otherPolicy !== undefined) return { agreement: 'disagrees', why: otherPolicy };
  if (sameEffect) return { agreement: 'agrees', why: `AWS says ${statedPhrase(stated)}, and ${found}` };
  if (mine !== undefined) return { agreement: 'disagrees', why: `AWS says ${statedPhrase(stated)}, but ${found}` };
  const readable = type === 'identity' || type === 'scp' || type === 'boundary';
  const layerRead = !(type === 'scp' && ctx.model.scp.status === 'unknown') && !(type === 'boundary' && ctx.unresolved.boundary !== undefined) && !(type === 'identity' && ctx.unresolved.identity.length > 0);
  if (readable && layerRead && evaluation.missingContextKeys.length > 0) {
    return { agreement: 'unknown', why: `AWS says ${statedPhrase(stated)}; ${found}, but that depends on ${evaluation.missingContextKeys.join(', ')}, which the request context does not give` };
  }
  // The layer AWS names is one the engine cannot decide (a statement that may or may not apply): no contradiction shown.
  if (readable && layerRead && evaluation.layers[type as LayerName] === 'unknown') {
    return { agreement: 'unknown', why: `AWS says ${statedPhrase(stated)}; ${undecided(evaluation, type as LayerName)}` };
  }
  return { agreement: 'disagrees', why: `AWS says ${statedPhrase(stated)}, but ${found}: ${lacks(ctx, type)}` };
}

const WORST: DenialAgreement[] = ['disagrees', 'unknown', 'agrees'];
const worst = (all: readonly DenialAgreement[]): DenialAgreement => WORST.find((a) => all.includes(a)) ?? 'unknown';

function compareDenial(ctx: CheckContext, d: ParsedDenial, verdict: Verdict): { agreement: DenialAgreement; explanation: string } {
  if (d.actions.length === 0) return { agreement: 'unknown', explanation: `the ${d.form === 'cloudtrail' ? 'event' : 'message'} names no action, so there is nothing to compare; the pages diagnosed are listed above` };
  const evaluations = ctx.evaluations[ctx.scenario].filter((e) => e.task.id === NAMED_TASK_ID);
  const results = d.actions.map((action) => {
    const hit = evaluations.find((e) => e.action.toLowerCase() === action.toLowerCase());
    if (!hit) return { agreement: 'unknown' as const, why: `${action} was not evaluated` };
    const { agreement, why } = compareAction(ctx, d.stated, d.statedTypeText, hit.evaluation, verdict);
    return { agreement, why: `${action}: ${why}` };
  });
  return { agreement: worst(results.map((r) => r.agreement)), explanation: results.map((r) => r.why).join('; ') };
}

const sameStated = (a: StatedReason, b: StatedReason): boolean => a.effect === b.effect && a.policyType === b.policyType && a.policyArn === b.policyArn;

/** The `denial` part of the result: what was read, the context it gave, and the comparison. */
export function denialReport(ctx: CheckContext, evidence: DenialEvidence, plan: DenialPlan, verdict: Verdict): DenialReport {
  const items: DenialItem[] = plan.denials.map((d) => {
    const { agreement, explanation } = compareDenial(ctx, d, verdict);
    return {
      form: d.form,
      principalArn: d.principalArn === undefined ? null : plan.principal.arn,
      actions: d.actions,
      resource: d.resource ?? null,
      stated: d.stated,
      agreement,
      explanation,
      origin: d.origin,
    };
  });
  const [first] = items as [DenialItem, ...DenialItem[]];
  const stated = items.every((i) => sameStated(i.stated, first.stated)) ? first.stated : { effect: null, policyType: null, policyArn: null };
  const resources = [...new Set(items.map((i) => i.resource).filter((r): r is string => r !== null))];
  const agreement = worst(items.map((i) => i.agreement));
  return {
    source: evidence.source,
    principalArn: plan.denials.some((d) => d.principalArn !== undefined) ? plan.principal.arn : null,
    actions: plan.actions,
    resource: resources.length === 1 ? (resources[0] as string) : null,
    stated,
    context: { ...plan.context, ...(plan.mfa ? { [MFA_PRESENT]: plan.mfa === 'yes' ? 'true' : 'false' } : {}) },
    agreement,
    explanation: items.length === 1 ? first.explanation : items.map((i, n) => `(${n + 1}) ${i.explanation}`).join(' '),
    ...(items.length > 1 ? { items } : {}),
    ...(plan.skipped.length > 0 ? { skipped: plan.skipped } : {}),
    ...(plan.notes.length > 0 ? { notes: plan.notes } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The diagnosis itself

export interface DenialSettings extends Omit<DiagnoseSettings, 'tasks' | 'context'> {
  /** `--principal`, which wins over the principal the denial names. */
  principal?: string;
  /** Who to diagnose when the denial names nobody (the snapshot's caller). */
  fallback?: string;
  /** `--task`: pages to diagnose besides the named actions. */
  task?: readonly string[];
}

/** The pages to diagnose for a plan (its named actions, else the page it points at or the defaults) and its request context. */
function denialOptions(plan: DenialPlan, rest: Omit<DenialSettings, 'principal' | 'fallback' | 'task'>, task: readonly string[] | undefined): DiagnoseSettings {
  const named = plan.actions.length > 0 ? [namedActionsTask(plan.actions, plan.denials.map((d) => `the denial: ${d.origin}`), plan.resources)] : [];
  const hint = plan.denials.map((d) => d.taskHint).find((t): t is string => t !== undefined);
  const pages = task && task.length > 0 ? selectTasks(task, DEFAULT_TASKS) : named.length > 0 ? [] : selectTasks(hint ? [hint] : undefined, DEFAULT_TASKS);
  if (named.length === 0 && !(task && task.length > 0)) {
    plan.notes.push(`the denial names no action: diagnosed ${hint ? 'the page it points at' : 'the default pages'} (${pages.map((p) => p.id).join(', ')})`);
  }
  return {
    ...rest,
    tasks: [...named, ...pages],
    mfa: rest.mfa ?? plan.mfa,
    context: Object.fromEntries(Object.entries(plan.context).map(([k, v]) => [k, [v]])),
  };
}

/**
 * Diagnoses exactly the actions the denial names for the principal it names (a denial naming no
 * action: the page it points at, else the default pages), in the request context it states,
 * and adds the comparison with AWS's stated reason.
 */
export function diagnoseDenial(model: AccountModel, evidence: DenialEvidence, settings: DenialSettings): Diagnosis {
  const { principal: flag, fallback, task, ...rest } = settings;
  const plan = planDenial(model, evidence, flag, fallback);
  const options = denialOptions(plan, rest, task);
  const diagnosis = diagnose(model, plan.principal, options);
  diagnosis.denial = denialReport(buildContext(model, plan.principal, options), evidence, plan, diagnosis.verdict);
  // AWS did deny the request: never report "allowed" when the snapshot cannot show why.
  if (diagnosis.verdict === 'allowed' && diagnosis.denial.agreement === 'disagrees') diagnosis.verdict = 'inconclusive';
  return diagnosis;
}

/**
 * The denial of an Identity Center user (`--principal maria@example.com`): its actions diagnosed
 * across her permission sets in the account, as doctor does for pages (design section 9), and
 * compared with AWS's reason for the set she used: the `AWSReservedSSO_*` role the denial names,
 * else the set shown (the one that opens the actions, or the closest).
 */
export function diagnoseDenialForUser(
  model: AccountModel,
  user: IdentityStoreUser,
  evidence: DenialEvidence,
  settings: DenialSettings,
  permissionSet?: string,
): Diagnosis {
  const ic = model.identityCenter;
  if (!ic) throw new Error('diagnoseDenialForUser: the model has no Identity Center part');
  const roles = userPermissionSets(ic, user.UserId).grants.flatMap((g) => {
    const role = roleOfPermissionSet(model, g.permissionSet.name);
    return role && (permissionSet === undefined || g.permissionSet.name.toLowerCase() === permissionSet.toLowerCase()) ? [principalOf(role, model)] : [];
  });
  const named = [...new Set(evidence.denials.flatMap((d) => (d.principalArn !== undefined ? [d.principalArn] : [])))];
  const namedRoles = named.map((arn) => {
    try {
      return resolveNamed(model, arn).arn;
    } catch (error) {
      if (error instanceof ExitError) return arn;
      throw error;
    }
  });
  const used = roles.find((r) => namedRoles.includes(r.arn));
  if (named.length > 0 && used === undefined) {
    const hers = roles.map((r) => r.name);
    throw usageError(
      `the denial names ${named.join(', ')}, which is not the role of any of ${user.UserName}'s permission sets in this account (${hers.length > 0 ? hers.join(', ') : 'she has none provisioned here'})`,
    );
  }
  const { principal: _flag, fallback: _fallback, task, ...rest } = settings;
  const probe = used ?? roles[0];
  // No role of hers to diagnose: her sets' diagnosis says why (not provisioned, none assigned).
  if (probe === undefined) return diagnoseIdentityCenterUser(model, user, { ...rest, tasks: selectTasks(task, DEFAULT_TASKS) }, permissionSet);
  const plan = planDenial(model, evidence, probe.arn, undefined);
  const options = denialOptions(plan, rest, task);
  const diagnosis = diagnoseIdentityCenterUser(model, user, options, permissionSet);
  const judged = used ?? resolvePrincipal(model, diagnosis.principal.arn);
  const judgedPlan = judged.arn === probe.arn ? plan : planDenial(model, evidence, judged.arn, undefined);
  const judgedOptions = judged.arn === probe.arn ? options : denialOptions(judgedPlan, rest, task);
  const ctx = buildContext(model, judged, judgedOptions);
  const verdict = runChecksIn(ctx).verdict;
  diagnosis.denial = denialReport(ctx, evidence, judgedPlan, verdict);
  if (used && diagnosis.identityCenter && used.permissionSet) {
    diagnosis.denial.notes = [...(diagnosis.denial.notes ?? []), `the denied session is ${user.UserName}'s, through permission set ${used.permissionSet}`];
  }
  // The snapshot does not show the denial AWS made: no set of hers is "allowed" on its word.
  if (diagnosis.verdict === 'allowed' && diagnosis.denial.agreement === 'disagrees') diagnosis.verdict = 'inconclusive';
  return diagnosis;
}

/**
 * The Identity Center user the denial is about (design section 9): the one CloudTrail says the
 * request was made for, or whose `AWSReservedSSO_*` session it names (the session's name is one
 * user's name or e-mail address, and she holds the session's permission set here). Undefined
 * when it is not that plain.
 */
export function sessionUser(model: AccountModel, evidence: DenialEvidence): IdentityStoreUser | undefined {
  const ic = model.identityCenter;
  if (!ic) return undefined;
  const one = <T>(values: T[]): T | undefined => (new Set(values).size === 1 ? values[0] : undefined);
  const sessions = evidence.denials.flatMap((d) => [d.sessionArn, d.principalArn]).flatMap((arn) => {
    const m = arn === undefined ? null : /^arn:[^:]+:sts::\d*:assumed-role\/(AWSReservedSSO_[^/]+)\/(.+)$/.exec(arn);
    return m ? [{ role: m[1] as string, name: m[2] as string }] : [];
  });
  const ids = evidence.denials.flatMap((d) => (d.identityCenterUserId !== undefined ? [d.identityCenterUserId] : []));
  const id = one(ids);
  const session = one(sessions.map((s) => `${s.role}/${s.name}`));
  if ((ids.length > 0 && id === undefined) || (sessions.length > 0 && session === undefined)) return undefined;
  const [role, name] = session === undefined ? [] : [session.slice(0, session.indexOf('/')), session.slice(session.indexOf('/') + 1)];
  const people = id !== undefined ? [ic.users.get(id)].filter((u): u is IdentityStoreUser => u !== undefined) : name !== undefined ? findUsers(ic, name) : [];
  const [person] = people;
  if (person === undefined || people.length > 1) return undefined;
  // A session of a set she does not hold is not hers to diagnose: the role is diagnosed as named.
  const holds = role === undefined || userPermissionSets(ic, person.UserId).grants.some((g) => roleOfPermissionSet(model, g.permissionSet.name)?.name === role);
  return holds ? person : undefined;
}
