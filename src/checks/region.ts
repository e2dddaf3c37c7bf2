/**
 * Check `region`: a deny on `aws:RequestedRegion` that catches billing calls, which are made in
 * us-east-1 (billing-facts.md section 4.1: the Organizations example SCP exempts `aws-portal`, `ce`,
 * `cur`, `budgets` but not `billing`, `payments`, `tax`, `invoicing`, `account` ...).
 */
import type { MatchedStatement } from '../engine/types.js';
import type { Evidence } from '../model/diagnosis.js';
import { denialsOwnedBy, listShort, statementEvidence, type Denial } from './attribution.js';
import { BILLING_REGION } from './context.js';
import { exemptBilling } from './action-names.js';
import { allowBillingRegion } from './policy-edit.js';
import { fixDenials } from './remedies.js';
import type { Blocking, Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';
import { unreadDependency, unreadDependencyOutcome, type UnreadDependency } from './unread.js';

/**
 * How a deny restricts regions: a negated operator (`StringNotEquals` …) denies outside the regions
 * it lists; a positive one (`StringEquals` …) denies in them.
 */
function regionPhrase(statement: MatchedStatement): string {
  const c = statement.conditions.find((x) => x.key.toLowerCase() === 'aws:requestedregion');
  if (!c || /Not/.test(c.operator)) return 'outside its allowed regions';
  return `in the regions it lists (${c.values.join(', ')})`;
}

/** What decides the check's status, found without building any text (see identity-policy.ts). */
type RegionFinding = { kind: 'denied'; denials: Denial[] } | { kind: 'unread'; unread: UnreadDependency } | { kind: 'none' };

const BLOCKING: Record<RegionFinding['kind'], Blocking> = { denied: 'fail', unread: 'unknown', none: 'clear' };

function regionFinding(ctx: CheckContext): RegionFinding {
  const denials = denialsOwnedBy(ctx.evaluations[ctx.scenario], 'region');
  if (denials.length > 0) return { kind: 'denied', denials };
  // A deny that surely applies fails whatever else was not read; a pass needs every layer read.
  const unread = unreadDependency(ctx, ctx.evaluations[ctx.scenario]);
  return unread ? { kind: 'unread', unread } : { kind: 'none' };
}

export function region(ctx: CheckContext): CheckOutcome {
  const base = { id: 'region' as const, evidence: [] as Evidence[], remediation: [] as ProposedRemediation[] };
  const finding = regionFinding(ctx);
  if (finding.kind === 'unread') return unreadDependencyOutcome(ctx, 'region', finding.unread, 'region-restricting');
  if (finding.kind === 'none') return { ...base, status: 'pass', summary: `no region-restricting deny applies to billing calls (made in ${BILLING_REGION})` };
  const { denials } = finding;
  const remediation = [
    ...fixDenials(ctx, denials, exemptBilling(ctx), 'Exempt the billing services from the region deny: add every service whose billing console calls are made in us-east-1 to its NotAction'),
    ...fixDenials(
      ctx,
      denials,
      (document, index) => allowBillingRegion(document, index, BILLING_REGION),
      `Alternatively, allow ${BILLING_REGION} in the region condition (this also opens ${BILLING_REGION} to every other service it covers)`,
    ),
  ];
  return {
    ...base,
    status: 'fail',
    summary: `${denials.map((d) => `${d.statement.source} statement ${d.statement.statement} denies ${listShort(d.actions)} ${regionPhrase(d.statement)}`).join('; ')}; billing calls are made in ${BILLING_REGION}`,
    evidence: denials.map((d) => statementEvidence(ctx, d.statement)),
    remediation,
  };
}

export const regionCheck: Check = { id: 'region', run: region, blocking: (ctx) => BLOCKING[regionFinding(ctx).kind] };
