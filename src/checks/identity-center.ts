/** Check `identity-center`: an `AWSReservedSSO_*` role is owned by IAM Identity Center; it is fixed through its permission set. */
import type { Check, CheckContext, CheckOutcome } from './types.js';

export function identityCenter(ctx: CheckContext): CheckOutcome {
  const base = { id: 'identity-center' as const, evidence: [], remediation: [] };
  const p = ctx.principal;
  if (p.type !== 'identity-center-role') return { ...base, status: 'not-applicable', summary: 'the principal is not an IAM Identity Center role' };
  return {
    ...base,
    status: 'pass',
    summary: `${p.name} is provisioned by IAM Identity Center from permission set ${p.permissionSet}: change the permission set, not the role (direct changes are overwritten); the activation setting applies to it too`,
    evidence: [{ layer: 'snapshot', policy: `role ${p.arn}` }],
  };
}

export const identityCenterCheck: Check = { id: 'identity-center', run: identityCenter };
