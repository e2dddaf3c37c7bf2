/** Check `management-only`: pages with organization-wide billing data work only in the management (payer) account (billing-facts.md section 6, cause 12). */
import type { Check, CheckContext, CheckOutcome } from './types.js';

export function managementOnly(ctx: CheckContext): CheckOutcome {
  const base = { id: 'management-only' as const, evidence: [], remediation: [] };
  const pages = ctx.options.tasks.filter((t) => t.managementAccountOnly === true);
  if (pages.length === 0) return { ...base, status: 'not-applicable', summary: 'none of the selected pages is limited to the management account' };
  const titles = pages.map((t) => t.title).join(', ');
  const org = ctx.model.snapshot.organizations;
  switch (ctx.model.orgRole) {
    case 'management':
      return { ...base, status: 'pass', summary: `${titles}: this is the organization's management account` };
    case 'member':
      return {
        ...base,
        status: 'fail',
        summary: `${titles} ${pages.length === 1 ? 'works' : 'work'} only in the management account ${org?.organization.MasterAccountId}; this is a member account`,
        evidence: [{ layer: 'snapshot', policy: `organizations.organization.MasterAccountId = ${org?.organization.MasterAccountId}` }],
        remediation: [{ kind: 'info', text: `Open ${titles} while signed in to the management account ${org?.organization.MasterAccountId}`, who: 'organization management account' }],
      };
    case 'standalone':
      return { ...base, status: 'warn', summary: `${titles} shows organization-wide data; this account is in no organization` };
    case 'unknown':
      return {
        ...base,
        status: 'unknown',
        summary: `${titles} ${pages.length === 1 ? 'works' : 'work'} only in a management account, and the snapshot does not say whether this is one`,
        remediation: [{ kind: 'info', text: 'Add the `organizations` part to the snapshot (organizations describe-organization), or set it to null for an account in no organization' }],
      };
  }
}

export const managementOnlyCheck: Check = { id: 'management-only', run: managementOnly, scope: 'page' };
