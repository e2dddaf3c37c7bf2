/**
 * Check `activation`: the root user's "Activate IAM Access" setting (billing-facts.md section 3).
 * No API reads it: it comes from --activation, the snapshot, or an Organizations inference.
 */
import type { Remediation } from '../model/diagnosis.js';
import type { Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';

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
      remediation: [activate()],
    };
  }
  if (known?.state === 'disabled') {
    return {
      ...base,
      status: 'fail',
      summary: `IAM access to billing is not activated (from ${known.from}): IAM users and roles cannot open billing pages, whatever their policies`,
      evidence: [{ layer: known.layer, policy: `iamUserAccessToBilling = disabled (${known.from})` }],
      remediation: [activate()],
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
    remediation: [howToTell()],
  };
}

export const activationCheck: Check = { id: 'activation', run: activation };
