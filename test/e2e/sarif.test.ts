/** `--format sarif` and `--github-summary` through the built bin; SARIF validated against the OASIS 2.1.0 schema. */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { validateSarif } from '../helpers/sarif.js';

const F = 'test/fixtures/change';
const ACCOUNT = '111122223333';
const SSO = 'AWSReservedSSO_BillingViewer_0a1b2c3d4e5f6a7b';
const audit = (...args: string[]) => runCli(['audit', '--snapshot', `${F}/org-account.json`, ...args]);

const validate = validateSarif;

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations?: { physicalLocation?: { artifactLocation: { uri: string } }; logicalLocations?: { fullyQualifiedName: string; kind: string }[] }[];
  partialFingerprints: Record<string, string>;
  properties: { principal: { name: string; arn: string }; task: string };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

describe('audit --format sarif (built bin)', () => {
  it('the EU-only deny plan: exit 1, one error per broken principal × page, at the Terraform resource, valid SARIF 2.1.0', async () => {
    const r = await audit('--terraform-plan', `${F}/plan-eu-region-deny.json`, '--expect', `${F}/expect.json`, '--format', 'sarif');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((x) => `${x.properties.principal.name}:${x.properties.task}`).sort()).toEqual(
      [SSO, 'FinOps', 'alice', 'bob'].flatMap((n) => [`${n}:bills`, `${n}:home`]).sort(),
    );
    for (const x of results) {
      expect(x.ruleId).toBe('billing-access/loses-access');
      expect(x.level).toBe('error');
      expect(x.locations).toEqual([
        {
          physicalLocation: { artifactLocation: { uri: `${F}/plan-eu-region-deny.json` } },
          logicalLocations: [{ fullyQualifiedName: 'module.guardrails.aws_organizations_policy_attachment.workloads', kind: 'resource' }],
        },
      ]);
      expect(x.message.text).toContain('statement DenyAllOutsideEU');
    }
    expect(new Set(results.map((x) => x.partialFingerprints['billingAccessCell/v1'])).size).toBe(results.length);
  });

  it('a --change result is located at the changed file; gains and losses under their own rules; without --expect, no error for gains', async () => {
    const r = await audit('--change', `arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling=${F}/ce-only.json`, '--change', '-role/Developer:boundary', '--format', 'sarif');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0]!.results;
    const finops = results.filter((x) => x.properties.principal.name === 'FinOps');
    expect(finops.map((x) => [x.ruleId, x.level])).toEqual([
      ['billing-access/loses-access', 'error'],
      ['billing-access/loses-access', 'error'],
    ]);
    expect(finops[0]?.locations?.[0]?.physicalLocation?.artifactLocation.uri).toBe(`${F}/ce-only.json`);
    const developer = results.filter((x) => x.properties.principal.name === 'Developer');
    expect(developer).toHaveLength(3);
    expect(developer.every((x) => x.ruleId === 'billing-access/gains-access' && x.level === 'warning')).toBe(true);
    // A detach names no file: the result is at the snapshot, with the flag as logical location.
    expect(developer[0]?.locations?.[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: `${F}/org-account.json` } },
      logicalLocations: [{ fullyQualifiedName: '-role/Developer:boundary', kind: 'declaration' }],
    });
  });

  it('unknown-until-apply cells are warnings; the schema rejects a broken log', async () => {
    const r = await audit('--terraform-plan', `${F}/plan-unknown-content.json`, '--format', 'sarif');
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log)).toBe(true);
    expect(log.runs[0]!.results.every((x) => x.ruleId === 'billing-access/inconclusive' && x.level === 'warning')).toBe(true);
    const broken = structuredClone(log);
    (broken.runs[0]!.results[0] as unknown as { level: string }).level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('--format sarif without planned changes is exit 2', async () => {
    const r = await audit('--format', 'sarif');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format sarif reports planned changes: add --change or --terraform-plan');
  });
});

describe('audit --github-summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ba-summary-'));

  it('appends the Markdown report to $GITHUB_STEP_SUMMARY, keeping what the step wrote before', async () => {
    const file = join(dir, 'summary.md');
    writeFileSync(file, '# earlier output\n');
    const args = ['--terraform-plan', `${F}/plan-eu-region-deny.json`, '--expect', `${F}/expect.json`, '--format', 'sarif', '--github-summary'];
    const r = await runCli(['audit', '--snapshot', `${F}/org-account.json`, ...args], { env: { GITHUB_STEP_SUMMARY: file } });
    expect(r.code).toBe(1);
    const summary = readFileSync(file, 'utf8');
    expect(summary.startsWith('# earlier output\n# Billing console access: before → after the planned changes')).toBe(true);
    expect(summary).toContain('## ✖ Loses access (8)');
    expect(JSON.parse(r.stdout)).toHaveProperty('version', '2.1.0');
  });

  it('also for a plain audit; unset is a warning, not an error; a symbolic link is not followed', async () => {
    const file = join(dir, 'plain.md');
    const plain = await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--github-summary'], { env: { GITHUB_STEP_SUMMARY: file } });
    expect(plain.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('# Billing console access audit');
    const unset = await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--github-summary'], { env: { GITHUB_STEP_SUMMARY: undefined } });
    expect(unset.code).toBe(0);
    expect(unset.stderr).toContain('GITHUB_STEP_SUMMARY is not set');
    const target = join(dir, 'target.md');
    writeFileSync(target, '');
    symlinkSync(target, join(dir, 'link.md'));
    const link = await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--github-summary'], { env: { GITHUB_STEP_SUMMARY: join(dir, 'link.md') } });
    expect(link.code).toBe(0);
    expect(link.stderr).toContain('cannot append to GITHUB_STEP_SUMMARY');
    expect(readFileSync(target, 'utf8')).toBe('');
  });
});
