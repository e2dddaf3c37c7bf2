/**
 * Check `mfa`: a deny that applies because MFA keys are absent or false (billing-facts.md sections
 * 4.2 and 5). Evaluated for an MFA console session, a console session without MFA, and long-term
 * access keys (key absent).
 */
import type { MatchedStatement } from '../engine/types.js';
import type { Evidence } from '../model/diagnosis.js';
import { denialsOwnedBy, listShort, statementEvidence, statementKey, type Denial } from './attribution.js';
import { MFA_PRESENT } from './context.js';
import type { MfaAnswer } from '../model/snapshot.js';
import type { Blocking, Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';
import { unreadDependency, unreadDependencyOutcome, type UnreadDependency } from './unread.js';
import { placeholder, sh } from '../model/shell.js';

/** The `Bool` pitfall: the deny hits console sessions without MFA but not access-key requests, where the key is absent. */
function pitfall(statements: readonly MatchedStatement[]): string {
  return (
    `${statements.map((s) => `${s.source} statement ${s.statement}`).join(', ')} tests ${MFA_PRESENT} without IfExists: ` +
    'it denies console sessions without MFA (the key is false) but not requests signed with long-term access keys (the key is absent), ' +
    'so the CLI can work while the console is denied. BoolIfExists denies both, which is what "force MFA" policies mean'
  );
}

/** How the person gets an MFA session (shared with identity-policy for MFA-conditional allows). */
export function signInWithMfa(ctx: CheckContext): ProposedRemediation[] {
  const p = ctx.principal;
  const account = ctx.model.accountId ?? placeholder('account-id');
  if (p.type === 'user') {
    return [
      {
        kind: 'cli',
        text: `Give ${p.name} an MFA device and have them sign in to the console with it (a virtual device: scan the QR code, then enable it with two consecutive codes)`,
        command:
          sh`aws iam create-virtual-mfa-device --virtual-mfa-device-name ${p.name} --outfile ${p.name}-mfa.png --bootstrap-method QRCodePNG && ` +
          sh`aws iam enable-mfa-device --user-name ${p.name} --serial-number arn:aws:iam::${account}:mfa/${p.name} --authentication-code1 <code1> --authentication-code2 <code2>`,
        who: 'IAM administrator',
        patch: { patches: [{ kind: 'set-user-facts', user: p.name, facts: { mfaDevices: 1 } }], options: { mfa: 'yes' } },
      },
    ];
  }
  if (p.type === 'identity-center-role') {
    // The billing-facts sources do not say whether Identity Center MFA reaches the role session as
    // aws:MultiFactorAuthPresent, so no fix is claimed (or "verified") here.
    return [
      {
        kind: 'info',
        text: `An MFA-conditional deny on an Identity Center role depends on whether the session carries ${MFA_PRESENT}, which this tool cannot confirm for Identity Center sign-ins; scope the deny to IAM users (for example with aws:PrincipalType) in permission set ${p.permissionSet}'s policies, or check the key in CloudTrail`,
        who: 'Identity Center administrator',
      },
    ];
  }
  const how =
    p.type === 'root'
      ? 'Enable MFA for the root user (Security credentials page, signed in as root) and sign in with it'
      : `Sign in with MFA before switching to role ${p.name} (the session that assumes the role must have used MFA)`;
  // The person signing in to the role does this, not an administrator: no `who` for a role.
  return [
    {
      kind: 'console',
      text: how,
      ...(p.type === 'root' ? { who: 'root user' as const } : {}),
      patch: { patches: [], options: { mfa: 'yes' } },
    },
  ];
}

/** What decides the check's status, found without building any text (see identity-policy.ts). */
type MfaFinding =
  /** Denied even in a fresh MFA session. */
  | { kind: 'denied-with-mfa'; denials: Denial[] }
  | { kind: 'unread'; unread: UnreadDependency }
  /** No deny depends on MFA. */
  | { kind: 'none' }
  /** Denied without MFA: `signsIn` says whether the person uses MFA (pass, fail, or warn when not known). */
  | { kind: 'needs-mfa'; denials: Denial[]; signsIn: MfaAnswer };

function mfaFinding(ctx: CheckContext): MfaFinding {
  const withMfa = denialsOwnedBy(ctx.evaluations.mfa, 'mfa');
  if (withMfa.length > 0) return { kind: 'denied-with-mfa', denials: withMfa };
  const withoutMfa = denialsOwnedBy(ctx.evaluations['no-mfa'], 'mfa');
  // A deny that surely applies fails whatever else was not read; anything else needs every layer read.
  const failsWithoutMfa = withoutMfa.length > 0 && ctx.mfa.answer === 'no';
  const unread = failsWithoutMfa ? undefined : unreadDependency(ctx, [...ctx.evaluations.mfa, ...ctx.evaluations['no-mfa'], ...ctx.evaluations['access-keys']]);
  if (unread) return { kind: 'unread', unread };
  return withoutMfa.length === 0 ? { kind: 'none' } : { kind: 'needs-mfa', denials: withoutMfa, signsIn: ctx.mfa.answer };
}

function mfaBlocking(finding: MfaFinding): Blocking {
  if (finding.kind === 'denied-with-mfa' || (finding.kind === 'needs-mfa' && finding.signsIn === 'no')) return 'fail';
  return finding.kind === 'unread' ? 'unknown' : 'clear';
}

export function mfa(ctx: CheckContext): CheckOutcome {
  const base = { id: 'mfa' as const, evidence: [] as Evidence[], remediation: [] as ProposedRemediation[] };
  const finding = mfaFinding(ctx);
  if (finding.kind === 'denied-with-mfa') {
    const withMfa = finding.denials;
    return {
      ...base,
      status: 'fail',
      summary: `denied even in a fresh MFA session by ${withMfa.map((d) => `${d.statement.source} statement ${d.statement.statement}`).join(', ')} (${listShort(withMfa.flatMap((d) => d.actions))})`,
      evidence: withMfa.map((d) => statementEvidence(ctx, d.statement)),
      remediation: [{ kind: 'info', text: 'The deny applies whatever MFA the person uses: review its MFA condition (for example a maximum aws:MultiFactorAuthAge) with the policy owner' }],
    };
  }
  if (finding.kind === 'unread') return unreadDependencyOutcome(ctx, 'mfa', finding.unread, 'MFA-conditional');
  if (finding.kind === 'none') return { ...base, status: 'pass', summary: 'no deny depends on MFA for console sign-in' };
  const withoutMfa = finding.denials;
  const accessKeys = new Set(denialsOwnedBy(ctx.evaluations['access-keys'], 'mfa').map((d) => statementKey(d.statement)));
  const evidence = withoutMfa.map((d) => statementEvidence(ctx, d.statement));
  const boolOnly = withoutMfa.filter((d) => !accessKeys.has(statementKey(d.statement))).map((d) => d.statement);
  const note = boolOnly.length > 0 ? ' (Bool pitfall: see remediation)' : '';
  const explain: ProposedRemediation[] = boolOnly.length > 0 ? [{ kind: 'info', text: `Why the CLI may still work: ${pitfall(boolOnly)}` }] : [];
  const denied = listShort([...new Set(withoutMfa.flatMap((d) => d.actions))]);
  const by = withoutMfa.map((d) => `${d.statement.source} statement ${d.statement.statement}`).join(', ');
  if (ctx.mfa.answer === 'yes') {
    // A passing check's remediation is not printed, so the note cannot point there.
    const passNote = boolOnly.length > 0 ? ` (it tests ${MFA_PRESENT} with Bool, not BoolIfExists, so requests signed with access keys escape it)` : '';
    return { ...base, status: 'pass', summary: `access needs MFA (${by}) and the person signs in with MFA (${ctx.mfa.why})${passNote}`, evidence, remediation: explain };
  }
  if (ctx.mfa.answer === 'no') {
    return {
      ...base,
      status: 'fail',
      summary: `without MFA, ${by} denies ${denied}, and the person does not sign in with MFA (${ctx.mfa.why})${note}`,
      evidence,
      remediation: [...signInWithMfa(ctx), ...explain],
    };
  }
  return {
    ...base,
    status: 'warn',
    summary: `works only with MFA: without it ${by} denies ${denied}; not known whether the person signs in with MFA (pass --mfa yes|no)${note}`,
    evidence,
    remediation: [...signInWithMfa(ctx), ...explain],
  };
}

export const mfaCheck: Check = { id: 'mfa', run: mfa, blocking: (ctx) => mfaBlocking(mfaFinding(ctx)) };
