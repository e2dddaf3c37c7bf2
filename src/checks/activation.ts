/**
 * Check `activation`: the root user's setting "IAM user and role access to Billing information", also
 * called "Activate IAM Access" (billing-facts.md section 3). No API reads it: it comes from
 * --activation, the snapshot, or an Organizations inference.
 */
import type { Remediation } from '../model/diagnosis.js';
import { resolvePrincipal } from '../model/principal.js';
import { statementEvidence } from './attribution.js';
import { consoleRequest } from './context.js';
import type { Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';
import { placeholder, sh } from '../model/shell.js';

const ROOT_STEPS =
  'Sign in as the root user, open Account (https://console.aws.amazon.com/billing/home#/account), find "IAM user and role access to Billing information" (the setting also called "Activate IAM Access"), choose Edit, select "Activate IAM Access" and choose Update';

function activate(): ProposedRemediation {
  return {
    kind: 'console',
    text: `${ROOT_STEPS}. Only the root user can change this setting; no API or CLI command changes it`,
    who: 'root user',
    patch: { patches: [{ kind: 'set-activation', state: 'enabled' }], options: { activation: 'enabled' } },
  };
}

function howToTell(): Remediation {
  return {
    kind: 'console',
    text: `Find out whether it is on: ${ROOT_STEPS.replace(', choose Edit, select "Activate IAM Access" and choose Update', ' and read the setting')}; then re-run with --activation enabled or --activation disabled`,
    who: 'root user',
  };
}

/** The permission-only action behind the setting (Service Authorization Reference, list_billing). */
const UPDATE_PREFERENCE = 'billing:UpdateIAMAccessPreference';

/**
 * For a member account: with centralized root access management (Nov 2024) its root user may have
 * no password at all, and no API reads whether it has one. The management account (or the IAM
 * delegated administrator) can let it recover one: an `sts:AssumeRoot` session with the
 * IAMCreateRootUserPassword task policy, then CreateLoginProfile with no user name and no password
 * (IAM API reference, CreateLoginProfile; IAM User Guide, centralized root access).
 */
function rootPasswordRoute(ctx: CheckContext): ProposedRemediation[] {
  if (ctx.model.orgRole !== 'member') return [];
  const account = ctx.model.snapshot.account?.id ?? '<member account id>';
  const route: ProposedRemediation = {
    kind: 'cli',
    text:
      `If the member account ${account} has no root password (centralized root access management can remove it, and no API tells): ` +
      'from the management account (or the IAM delegated administrator), open a root session with the IAMCreateRootUserPassword task policy, ' +
      'then, with its credentials, run `aws iam create-login-profile` with no user name and no password: the root user can then set one with ' +
      '"Forgot password" on the root sign-in page, sign in and change the setting. Afterwards remove it again with the IAMDeleteRootUserCredentials ' +
      'task policy (`aws iam delete-login-profile`)',
    command: sh`aws sts assume-root --target-principal ${ctx.model.snapshot.account?.id ?? placeholder('member-account-id')} --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword`,
    who: 'organization management account',
  };
  return [route, ...rootDeniedWarning(ctx)];
}

/** A warning when an SCP denies this account's root user the setting: a recreated root password does not help then. */
function rootDeniedWarning(ctx: CheckContext): ProposedRemediation[] {
  let root;
  try {
    root = resolvePrincipal(ctx.model, 'root');
  } catch {
    return [];
  }
  const evaluation = consoleRequest(ctx.model, root, UPDATE_PREFERENCE);
  const denies = evaluation.statements.filter((s) => s.layer === 'scp' && s.effect === 'Deny');
  if (denies.length === 0) return [];
  const where = denies.map((d) => `${statementEvidence(ctx, d).policy} statement ${d.statement}`).join('; ');
  return [
    {
      kind: 'info',
      text: `Warning: ${where} denies the root user of this member account (${UPDATE_PREFERENCE} as ${root.arn}), so even a root session cannot change the setting. Exempt the account from that SCP for the change, or have the statement spare the root user`,
      who: 'organization management account',
    },
  ];
}

export function activation(ctx: CheckContext): CheckOutcome {
  const base = { id: 'activation' as const, evidence: [], remediation: [] };
  if (ctx.principal.type === 'root') {
    return { ...base, status: 'not-applicable', summary: 'the root user is not governed by the "Activate IAM Access" setting' };
  }
  const governed = ctx.options.tasks.filter((t) => t.activationApplies);
  if (governed.length === 0) {
    return { ...base, status: 'not-applicable', summary: 'none of the selected pages is governed by the "Activate IAM Access" setting' };
  }
  const flag = ctx.options.activation;
  const stated = flag !== undefined && flag !== 'unknown' ? { state: flag, from: `--activation ${flag}`, layer: 'flag' } : undefined;
  const recorded = ctx.model.activation !== 'unknown' ? { state: ctx.model.activation, from: 'the snapshot, account.iamUserAccessToBilling', layer: 'snapshot' } : undefined;
  const known = stated ?? recorded;
  if (known?.state === 'enabled') {
    return { ...base, status: 'pass', summary: `IAM access to billing is activated (from ${known.from})`, evidence: [{ layer: known.layer, policy: `iamUserAccessToBilling = enabled (${known.from})` }] };
  }
  if (known?.state === 'disabled' && governed.every((t) => t.activationUndocumented === true)) {
    return {
      ...base,
      status: 'unknown',
      summary: `IAM access to billing is not activated (from ${known.from}), and AWS does not document whether the setting governs ${governed.map((t) => t.id).join(', ')}`,
      evidence: [{ layer: known.layer, policy: `iamUserAccessToBilling = disabled (${known.from})` }],
      remediation: [activate(), ...rootPasswordRoute(ctx)],
    };
  }
  if (known?.state === 'disabled') {
    return {
      ...base,
      status: 'fail',
      summary: `IAM access to billing is not activated (from ${known.from}): IAM users and roles cannot open billing pages, whatever their policies`,
      evidence: [{ layer: known.layer, policy: `iamUserAccessToBilling = disabled (${known.from})` }],
      remediation: [activate(), ...rootPasswordRoute(ctx)],
    };
  }
  const org = ctx.model.snapshot.organizations;
  if (ctx.model.orgRole === 'member' && org?.account?.JoinedMethod === 'CREATED') {
    return {
      ...base,
      status: 'pass',
      summary:
        'IAM access to billing inferred as activated: the account was created by Organizations, where CreateAccount allows IAM billing access unless told otherwise (say --activation if you know better)',
      evidence: [{ layer: 'snapshot', policy: `organizations.account.JoinedMethod = CREATED (inferred iamUserAccessToBilling = enabled)` }],
    };
  }
  const why = org?.account?.JoinedMethod === 'INVITED' ? ' (invited accounts keep their own setting, which may be off)' : '';
  return {
    ...base,
    status: 'unknown',
    summary: `not known whether the root user activated IAM access to billing${why}; no API reads it`,
    remediation: [howToTell(), ...rootPasswordRoute(ctx)],
  };
}

export const activationCheck: Check = { id: 'activation', run: activation, scope: 'page' };
