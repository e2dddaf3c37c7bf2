/** Check `identity-policy`: some identity policy (inline, attached, or via a group) allows every action, and none denies it. */
import { LEGACY_ACTION_MAPPING, taskActions, type ActionSet } from '../model/catalogue.js';
import type { Evidence } from '../model/diagnosis.js';
import type { MatchedStatement, PolicyDocumentJson, UncertainStatement } from '../engine/types.js';
import { allowsNamingNothing, bearingOn, exemptBilling, missingSuggestion, type NamedNothing } from './action-names.js';
import { allowsIn, gapNote, denialsOwnedBy, hangsOn, implicitlyDenied, listShort, statementEvidence, mergeDenials, otherSetDenials, otherSetNote, undecided, undecidedKeys, withProblems, type Denial } from './attribution.js';
import { coverage, coveringPolicy, describeCoverage, labelOf, reliedEvidence, reliedOn, type ManagedCopy } from './managed-coverage.js';
import { allowPolicy, statementsOf } from './policy-edit.js';
import { signInWithMfa } from './mfa.js';
import { attachRemedy, documentOf, fixDenials, inlineRemedy } from './remedies.js';
import type { ActionEvaluation, Blocking, Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';
import { uncertainIn, unreadable } from './unread.js';

export const INLINE_NAME = 'BillingConsoleAccess';

/** How to supply managed policy documents a snapshot lacks. */
const ADD_POLICIES: ProposedRemediation = {
  kind: 'cli',
  text: 'Add the documents of the attached managed policies to the snapshot (the Policies list of get-account-authorization-details), then run again',
  command: 'aws iam get-account-authorization-details --filter User Role Group LocalManagedPolicy AWSManagedPolicy --output json > gaad.json',
  who: 'IAM administrator',
};

const unresolvedEvidence = (arns: readonly string[]): Evidence[] => arns.map((arn) => ({ layer: 'identity', policy: arn, statement: '(document not available)' }));

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/**
 * Grants for the missing actions: the first AWS managed billing policy (snapshot or shipped copy)
 * that allows them all, and a minimal inline policy.
 */
export function grantRemedies(ctx: CheckContext, why: string, set: ActionSet = ctx.options.actionSet): ProposedRemediation[] {
  if (ctx.statusOnly) return [];
  const needed = unique(ctx.options.tasks.flatMap((t) => taskActions(t, set)));
  const managed = coveringPolicy(ctx, needed);
  const grants: (ProposedRemediation | undefined)[] = [
    managed ? attachRemedy(ctx, managed.arn, why) : undefined,
    inlineRemedy(ctx, INLINE_NAME, allowPolicy(needed, 'AllowBillingConsole'), why),
  ];
  return grants.filter((g): g is ProposedRemediation => g !== undefined);
}

/** "the AWS managed ReadOnlyAccess v188 it relies on lacks them; AWSBillingReadOnlyAccess v28 has them all". */
function reliedNote(ctx: CheckContext, relied: readonly ManagedCopy[], actions: readonly string[]): string {
  const lack = `${relied.length === 1 ? 'lacks' : 'lack'} ${actions.length === 1 ? 'it' : 'them'}`;
  const note = `the AWS managed ${relied.map(labelOf).join(', ')} it relies on ${lack}`;
  // Which policy has them costs an evaluation per billing policy: not for a status-only run (audit).
  return ctx.statusOnly ? note : `${note}; ${describeCoverage(coverage(ctx, actions))}`;
}

function consideredPolicies(ctx: CheckContext): Evidence[] {
  const entity = ctx.principal.entity;
  const sources = ctx.layers.identity.map((p) => p.source);
  if (sources.length === 0) {
    return [{ layer: 'identity', policy: `none: ${entity?.kind ?? 'principal'} ${ctx.principal.name} has no inline, attached or group policies` }];
  }
  return sources.map((policy) => ({ layer: 'identity', policy, statement: '(no statement allows the missing actions)' }));
}

const LEGACY_SERVICES = /^(aws-portal|purchase-orders):/i;

/**
 * Whether an allowing statement names a retired action in its Action list. One that reaches them
 * only through `*` or NotAction (e.g. "everything but billing:*") was never a legacy grant.
 */
function namesLegacy(ctx: CheckContext, statement: MatchedStatement): boolean {
  const document = documentOf(ctx, statement);
  const action = document ? statementsOf(document)[statement.index]?.Action : undefined;
  return (Array.isArray(action) ? action : action === undefined ? [] : [action]).some((a) => LEGACY_SERVICES.test(a));
}

/** Actions of the failing tasks in the other set, when every one of them is allowed by identity policies that name retired actions. */
function allowedOnlyInOtherSet(ctx: CheckContext, failing: readonly ActionEvaluation[]): ActionEvaluation[] | undefined {
  const tasks = new Set(failing.map((f) => f.task.id));
  const other = ctx.otherSet().filter((e) => tasks.has(e.task.id));
  if (other.length === 0 || other.some((e) => e.evaluation.layers.identity !== 'allowed')) return undefined;
  return allowsIn(other, 'identity').every((s) => namesLegacy(ctx, s)) ? other : undefined;
}

function legacyMapping(legacy: readonly string[], needed: readonly string[]): { text: string; document: Record<string, string[]> } {
  const document: Record<string, string[]> = {};
  const lines: string[] = [];
  for (const old of unique(legacy)) {
    const replacements = LEGACY_ACTION_MAPPING[old] ?? [];
    document[old] = [...replacements];
    const here = needed.filter((n) => replacements.includes(n));
    lines.push(`${old} → ${here.length > 0 ? here.join(', ') : 'see the mapping'}${replacements.length > here.length ? ` (of ${replacements.length} replacements)` : ''}`);
  }
  return { text: lines.join('; '), document };
}

/** Corrected documents that spell each misspelt entry as the missing action it was nearest to. */
function respell(ctx: CheckContext, misspelt: readonly NamedNothing[], missing: readonly string[]): ProposedRemediation[] {
  const fixable = misspelt.filter((m) => missingSuggestion(m, missing) !== undefined);
  if (fixable.length === 0) return [];
  const spelling = new Map(fixable.map((m) => [m.finding.entry, missingSuggestion(m, missing)!]));
  const rewrite = (document: PolicyDocumentJson, index: number): PolicyDocumentJson | undefined => {
    const statements = structuredClone(statementsOf(document));
    const statement = statements[index];
    if (!statement) return undefined;
    const entries = Array.isArray(statement.Action) ? statement.Action : statement.Action === undefined ? [] : [statement.Action];
    statement.Action = entries.map((e) => spelling.get(e) ?? e);
    return { ...structuredClone(document), Statement: statements };
  };
  const fixes = [...spelling].map(([from, to]) => `${from} → ${to}`).join(', ');
  return fixDenials(ctx, fixable.map((m) => ({ statement: m.statement, actions: [m.finding.entry] })), rewrite, `Correct the action names (${fixes})`);
}

/**
 * What decides the check's status, found without building any text: the outcome (identityPolicy)
 * is built from it, and audit's fast path needs only its blocking.
 */
type IdentityFinding =
  | { kind: 'root' }
  /** Every deny hangs on context keys the snapshot lacks. */
  | { kind: 'undecided'; keys: string[]; denials: Denial[] }
  | { kind: 'denied'; denials: Denial[] }
  /** Actions no identity policy allows. */
  | { kind: 'missing'; missing: ActionEvaluation[] }
  /** Actions no identity policy allows, and an attached policy could not be resolved (it might). */
  | { kind: 'missing-unresolved'; missing: ActionEvaluation[] }
  | { kind: 'unread'; unread: UncertainStatement[] }
  /** Allowed, but an attached policy could not be resolved and might deny. */
  | { kind: 'unresolved' }
  /** Allowed: pass, or warn for what the other action set or a session without MFA would meet. */
  | { kind: 'allowed' };

const ROOT: IdentityFinding = { kind: 'root' };
const UNRESOLVED: IdentityFinding = { kind: 'unresolved' };
const ALLOWED: IdentityFinding = { kind: 'allowed' };

function identityFinding(ctx: CheckContext): IdentityFinding {
  if (ctx.principal.type === 'root') return ROOT;
  const evaluations = ctx.evaluations[ctx.scenario];
  const denials = denialsOwnedBy(evaluations, 'identity-policy');
  const keys = undecidedKeys(ctx, 'identity');
  if (keys.length > 0 && denials.every((d) => hangsOn(d.statement, keys))) return { kind: 'undecided', keys, denials };
  if (denials.length > 0) return { kind: 'denied', denials };
  const missing = implicitlyDenied(evaluations, 'identity');
  const unresolved = ctx.unresolved.identity.length > 0;
  if (missing.length > 0) return { kind: unresolved ? 'missing-unresolved' : 'missing', missing };
  // A statement that may deny (or the only one that may allow) could not be read: not a pass.
  const unread = uncertainIn(evaluations, ['identity']);
  if (unread.length > 0 && evaluations.some((e) => e.evaluation.layers.identity === 'unknown')) return { kind: 'unread', unread };
  return unresolved ? UNRESOLVED : ALLOWED;
}

/** The status each finding gives, as a verdict needs it. */
const BLOCKING: Record<IdentityFinding['kind'], Blocking> = {
  root: 'clear',
  undecided: 'unknown',
  denied: 'fail',
  missing: 'fail',
  'missing-unresolved': 'unknown',
  unread: 'unknown',
  unresolved: 'unknown',
  allowed: 'clear',
};

export function identityPolicy(ctx: CheckContext): CheckOutcome {
  return describeFinding(ctx, identityFinding(ctx));
}

/** The outcome for a finding: its summary, evidence and remediation. */
function describeFinding(ctx: CheckContext, finding: IdentityFinding): CheckOutcome {
  const base = { id: 'identity-policy' as const, evidence: [] as Evidence[], remediation: [] as ProposedRemediation[] };
  if (finding.kind === 'root') return { ...base, status: 'not-applicable', summary: 'IAM policies do not apply to the root user' };
  const evaluations = ctx.evaluations[ctx.scenario];
  const unresolved = ctx.unresolved.identity;
  const evidenceOf = (statements: readonly MatchedStatement[]) => statements.map((s) => statementEvidence(ctx, s));
  if (finding.kind === 'undecided') {
    return undecided('identity-policy', finding.keys, evidenceOf([...finding.denials.map((d) => d.statement), ...allowsIn(evaluations, 'identity')]));
  }
  if (finding.kind === 'denied') {
    const { denials } = finding;
    const remediation = fixDenials(ctx, mergeDenials(denials, otherSetDenials(ctx, 'identity-policy')), exemptBilling(ctx), 'Stop the policy denying the billing actions');
    const missing = implicitlyDenied(evaluations, 'identity');
    return {
      ...base,
      status: 'fail',
      summary: `denied by ${denials.map((d) => `${d.statement.source} statement ${d.statement.statement}`).join(', ')} (${listShort(unique(denials.flatMap((d) => d.actions)))})`,
      evidence: evidenceOf(denials.map((d) => d.statement)),
      remediation: [...remediation, ...(missing.length > 0 ? grantRemedies(ctx, 'Also allow the missing actions') : [])],
    };
  }
  if (finding.kind === 'missing-unresolved') {
    return {
      ...base,
      status: 'unknown',
      summary: `no resolvable identity policy allows ${listShort(unique(finding.missing.map((m) => m.action)))}; ${unresolved.join(', ')} could not be resolved (not in the snapshot, and no shipped copy)${gapNote(ctx, 'managed-policies')}`,
      evidence: unresolvedEvidence(unresolved),
      remediation: [ADD_POLICIES],
    };
  }
  if (finding.kind === 'missing') {
    const { missing } = finding;
    const actions = unique(missing.map((m) => m.action));
    // An Allow conditioned on MFA grants only in an MFA session: name it, rather than "nothing allows".
    const withMfa = ctx.scenario === 'no-mfa' ? ctx.evaluations.mfa.filter((e) => actions.includes(e.action)) : [];
    if (withMfa.length > 0 && withMfa.every((e) => e.evaluation.layers.identity === 'allowed')) {
      const allowing = allowsIn(withMfa, 'identity');
      return {
        ...base,
        status: 'fail',
        summary: `${allowing.map((s) => `${s.source} statement ${s.statement}`).join(', ')} allows ${listShort(actions)} only in an MFA session, and the person does not sign in with MFA (${ctx.mfa.why})`,
        evidence: evidenceOf(allowing),
        remediation: [...signInWithMfa(ctx), ...grantRemedies(ctx, `Or allow ${listShort(actions)} without MFA`)],
      };
    }
    const relied = reliedOn(ctx);
    const legacy = ctx.options.actionSet === 'fine-grained' ? allowedOnlyInOtherSet(ctx, missing) : undefined;
    if (legacy) {
      const mapping = legacyMapping(legacy.map((l) => l.action), actions);
      return {
        ...base,
        status: 'fail',
        summary: `the policies grant only the retired ${listShort(unique(legacy.map((l) => l.action)))}; since the 2023 migration the console checks the fine-grained actions (${listShort(actions)}), which nothing allows${relied.length > 0 ? `: ${reliedNote(ctx, relied, actions)}` : ''}`,
        evidence: evidenceOf(allowsIn(legacy, 'identity')),
        remediation: [
          {
            kind: 'info',
            text: `Old → new (AWS's migration mapping): ${mapping.text}. The document below maps each retired action to all its replacements`,
            document: mapping.document,
          },
          ...grantRemedies(ctx, 'Grant the fine-grained actions'),
        ],
      };
    }
    const misspelt = bearingOn(allowsNamingNothing(ctx), actions);
    if (misspelt.length > 0) {
      return {
        ...base,
        status: 'fail',
        summary: `no identity policy allows ${listShort(actions)}: ${misspelt.map((m) => `${m.statement.source} statement ${m.statement.statement} names ${m.finding.entry}, which grants nothing`).join('; ')}`,
        evidence: misspelt.map((m) => m.evidence),
        remediation: ((fixes) => [...fixes, ...grantRemedies(ctx, `${fixes.length > 0 ? 'Or allow' : 'Allow'} ${listShort(actions)}`)])(respell(ctx, misspelt, actions)),
      };
    }
    if (relied.length > 0) {
      return {
        ...base,
        status: 'fail',
        summary: `no identity policy allows ${listShort(actions)}: ${reliedNote(ctx, relied, actions)}`,
        evidence: [...reliedEvidence(relied, actions), ...consideredPolicies(ctx).filter((e) => !relied.some((r) => r.arn === e.policy))],
        remediation: grantRemedies(ctx, `Allow ${listShort(actions)}`),
      };
    }
    return {
      ...base,
      status: 'fail',
      summary: `no identity policy allows ${listShort(actions)}`,
      evidence: consideredPolicies(ctx),
      remediation: grantRemedies(ctx, `Allow ${listShort(actions)}`),
    };
  }
  if (finding.kind === 'unread') return unreadable(ctx, 'identity-policy', finding.unread);
  const allows = allowsIn(evaluations, 'identity');
  if (finding.kind === 'unresolved') {
    return {
      ...base,
      status: 'unknown',
      summary: `allowed by identity policies, but ${unresolved.join(', ')} could not be resolved and might deny`,
      evidence: [...evidenceOf(allows), ...unresolvedEvidence(unresolved)],
      remediation: [ADD_POLICIES],
    };
  }
  if (ctx.options.actionSet === 'legacy' && ctx.otherSet().some((e) => e.evaluation.layers.identity !== 'allowed')) {
    const notGranted = unique(ctx.otherSet().filter((e) => e.evaluation.layers.identity !== 'allowed').map((e) => e.action));
    return {
      ...base,
      status: 'warn',
      summary: `allowed only through the retired aws-portal actions; once the account uses the fine-grained actions, ${listShort(notGranted)} will be denied`,
      evidence: evidenceOf(allows),
      remediation: grantRemedies(ctx, 'Grant the fine-grained actions too', 'fine-grained'),
    };
  }
  // Allowed in the MFA session the verdict assumes, but not without MFA, and nobody said which it is.
  const needsMfa = ctx.mfa.answer === 'unknown' && ctx.evaluations['no-mfa'].some((e) => e.evaluation.layers.identity !== 'allowed');
  if (needsMfa) {
    return {
      ...base,
      status: 'warn',
      summary: `allowed by ${listShort(unique(allows.map((s) => s.source)))} only in an MFA session; ${ctx.mfa.why}`,
      evidence: evidenceOf(allows),
      remediation: signInWithMfa(ctx),
    };
  }
  const other = otherSetDenials(ctx, 'identity-policy');
  if (other.length > 0) {
    return {
      ...base,
      status: 'warn',
      summary: `allowed, but ${otherSetNote(ctx, other)}`,
      evidence: evidenceOf([...allows, ...other.map((d) => d.statement)]),
      remediation: fixDenials(ctx, other, exemptBilling(ctx), 'Stop the policy denying the billing actions'),
    };
  }
  return {
    ...base,
    status: 'pass',
    summary: `allowed by ${listShort(unique(allows.map((s) => s.source)))}`,
    evidence: evidenceOf(allows),
  };
}

export const identityPolicyCheck: Check = {
  id: 'identity-policy',
  run: (ctx) => withProblems(identityPolicy(ctx), ctx.layers.identity),
  blocking: (ctx) => BLOCKING[identityFinding(ctx).kind],
};
