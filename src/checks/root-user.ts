/** Check `root-user`: for the root user, IAM policies, boundaries and activation do not apply; SCPs do in a member account. */
import type { Check, CheckContext, CheckOutcome } from './types.js';

export function rootUser(ctx: CheckContext): CheckOutcome {
  const base = { id: 'root-user' as const, evidence: [], remediation: [] };
  if (ctx.principal.type !== 'root') return { ...base, status: 'not-applicable', summary: 'the principal is not the root user' };
  const where =
    ctx.model.orgRole === 'member'
      ? 'this is a member account, so SCPs still apply to the root user (see scp)'
      : ctx.model.orgRole === 'unknown'
        ? 'SCPs apply to the root user only in a member account, and the organization is not known (see scp)'
        : 'no SCP can restrict it here';
  return { ...base, status: 'pass', summary: `the root user is not governed by IAM policies, boundaries or the activation setting; ${where}` };
}

export const rootUserCheck: Check = { id: 'root-user', run: rootUser, scope: 'principal' };
