/** doctor through the built bin, offline from fixture snapshots: JSON, exit codes, key text lines. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_IDS } from '../../src/model/catalogue.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const fixture = (name: string) => `test/fixtures/checks/${name}.json`;
const doctor = (name: string, ...args: string[]) => runCli(['doctor', '--snapshot', fixture(name), '--no-interactive', ...args]);

async function json(name: string, ...args: string[]): Promise<{ code: number | null; d: Diagnosis; stderr: string }> {
  const r = await doctor(name, ...args, '--json');
  return { code: r.code, d: JSON.parse(r.stdout) as Diagnosis, stderr: r.stderr };
}

const statusOf = (d: Diagnosis, id: string) => d.checks.find((c) => c.id === id)?.status;

describe('doctor --snapshot (built bin)', () => {
  it('region-deny SCP: exit 1, the text names the SCP, the statement, the condition and a verified corrected document', async () => {
    const r = await doctor('region-scp');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Billing console access for role FinOps (arn:aws:iam::111122223333:role/FinOps)');
    expect(r.stdout).toMatch(/^✖ region +SCP DenyAllOutsideEU \(p-eu0only01\) statement DenyAllOutsideEU denies/m);
    expect(r.stdout).toMatch(/^✔ identity-policy +allowed by arn:aws:iam::aws:policy\/AWSBillingReadOnlyAccess/m);
    expect(r.stdout).toContain('Verdict: DENIED by region');
    expect(r.stdout).toContain('StringNotEquals aws:RequestedRegion = [eu-central-1, eu-west-1] (request: us-east-1)');
    expect(r.stdout).toContain('$ aws organizations update-policy --policy-id p-eu0only01 --content file://scp-p-eu0only01.json');
    expect(r.stdout).toContain('"billing:*"');
    expect(r.stdout).toContain('✔ verified: with this change the verdict becomes allowed');
    // NO_COLOR is set by the helper: no escape codes.
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('the corrected SCP documents, put back into the snapshot, make the verdict allowed (exit 0)', async () => {
    const { d } = await json('region-scp');
    const fixes = d.checks.find((c) => c.id === 'region')?.remediation.filter((r) => r.command?.startsWith('aws organizations update-policy')) ?? [];
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(join(tmpdir(), 'ba-roundtrip-'));
    for (const [i, fix] of fixes.entries()) {
      const id = /--policy-id (\S+)/.exec(fix.command ?? '')?.[1];
      const snapshot = JSON.parse(readFileSync(fixture('region-scp'), 'utf8')) as { organizations: { policies: Record<string, { PolicySummary: { Id: string }; Content: string }[]> } };
      const replaced = Object.values(snapshot.organizations.policies).flat().filter((p) => p.PolicySummary.Id === id);
      expect(replaced.length).toBeGreaterThan(0);
      for (const p of replaced) p.Content = JSON.stringify(fix.document);
      const file = join(dir, `fixed-${i}.json`);
      writeFileSync(file, JSON.stringify(snapshot));
      const r = await runCli(['doctor', '--snapshot', file, '--no-interactive', '--json']);
      expect({ fix: fix.text, code: r.code, verdict: (JSON.parse(r.stdout) as Diagnosis).verdict }).toEqual({ fix: fix.text, code: 0, verdict: 'allowed' });
    }
  });

  it('--task all diagnoses every page of the catalogue, and names the management-account-only ones in a member account', async () => {
    const { code, d } = await json('region-scp', '--task', 'all');
    expect(code).toBe(1);
    expect(d.tasks).toEqual([...TASK_IDS]);
    const management = d.checks.find((c) => c.id === 'management-only');
    expect(management?.status).toBe('fail');
    expect(management?.summary).toContain('Billing Conductor, Billing transfers');
  });

  it('the caller is the default principal (an assumed-role session maps to its role)', async () => {
    const { code, d } = await json('region-scp');
    expect(code).toBe(1);
    expect(d.principal.name).toBe('FinOps');
    expect(d.tasks).toEqual(['home', 'bills', 'cost-explorer']);
    expect(d.source).toEqual({ kind: 'snapshot', file: fixture('region-scp') });
  });

  it('MFA force deny with Bool: exit 1, JSON names the statement and condition; --mfa yes makes it allowed (exit 0)', async () => {
    const denied = await json('mfa-bool-no-device', '--principal', 'carol');
    expect(denied.code).toBe(1);
    expect(denied.d.verdict).toBe('denied');
    expect(denied.d.checks.find((c) => c.id === 'mfa')?.evidence[0]).toMatchObject({
      statement: 'BlockMostAccessUnlessSignedInWithMFA',
      condition: 'Bool aws:MultiFactorAuthPresent = false (request: false)',
    });
    const allowed = await json('mfa-bool-no-device', '--principal', 'carol', '--mfa', 'yes');
    expect(allowed.code).toBe(0);
    expect(allowed.d.verdict).toBe('allowed');
  });

  it('each re:Post situation fails the right check with exit 1', async () => {
    const cases: [string, string[], string][] = [
      ['activation-off', [], 'activation'],
      ['no-policy', [], 'identity-policy'],
      ['scp-deny', ['--principal', 'alice'], 'scp'],
      ['boundary', ['--principal', 'dave'], 'boundary'],
      ['legacy-only', ['--principal', 'erin'], 'identity-policy'],
      ['identity-center', ['--principal', 'BillingViewers'], 'identity-policy'],
      ['root-member', [], 'scp'],
    ];
    for (const [name, args, failing] of cases) {
      const { code, d } = await json(name, ...args);
      expect(code, name).toBe(1);
      expect(d.checks.filter((c) => c.status === 'fail').map((c) => c.id), name).toEqual([failing]);
    }
  });

  it('root in a member account, an Identity Center role, a management account: the key lines', async () => {
    const root = await doctor('root-member');
    expect(root.code).toBe(1);
    expect(root.stdout).toMatch(/^– activation +the root user is not governed/m);
    expect(root.stdout).toMatch(/^– identity-policy +IAM policies do not apply to the root user/m);
    expect(root.stdout).toMatch(/^✖ scp +SCP DenyRootUser \(p-denyroot01\) statement DenyRoot denies/m);
    expect(root.stdout).toMatch(/^✔ root-user +.*member account, so SCPs still apply/m);
    const sso = await doctor('identity-center', '--principal', 'BillingViewers');
    expect(sso.stdout).toMatch(/^✔ identity-center +AWSReservedSSO_BillingViewers_0123456789abcdef is provisioned by IAM Identity Center from permission set BillingViewers/m);
    expect(sso.stdout).toContain('[Identity Center administrator] (identity-policy)');
    expect(sso.stdout).toContain('$ aws sso-admin attach-managed-policy-to-permission-set');
    const mgmt = await doctor('allowed-management');
    expect(mgmt.code).toBe(0);
    expect(mgmt.stdout).toMatch(/^– scp +SCPs do not apply: this is the management account 111122223333, which SCPs never restrict/m);
    expect(mgmt.stdout).toContain('Verdict: ALLOWED');
  });

  it('--activation enabled overrides the snapshot: activation-off becomes allowed (exit 0) and the text shows ✔', async () => {
    const r = await doctor('activation-off', '--activation', 'enabled');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ activation +IAM access to billing is activated \(from --activation enabled\)/m);
    expect(r.stdout).toContain('Verdict: ALLOWED');
  });

  it('inconclusive exits 3 and says which check is undecided and how to decide it', async () => {
    const r = await doctor('activation-unknown');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^\? activation +not known whether the root user activated IAM access to billing/m);
    expect(r.stdout).toContain('Verdict: INCONCLUSIVE: some checks could not be decided (activation)');
    expect(r.stdout).toContain('[root user] (activation) Find out whether it is on');
    expect((await doctor('activation-unknown', '--activation', 'enabled')).code).toBe(0);
  });

  it('--format markdown prints a ticket-ready report; --report writes it too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-doctor-'));
    const report = join(dir, 'report.md');
    const r = await doctor('scp-deny', '--principal', 'alice', '--report', report);
    expect(r.code).toBe(1);
    const md = readFileSync(report, 'utf8');
    expect(md).toContain('# Billing console access: user alice');
    expect(md).toContain('| ✖ | `scp` | fail |');
    expect(md).toContain('```sh\n   aws organizations update-policy --policy-id p-denybill01');
    expect(r.stderr).toContain(`Report written to ${report}`);
    const m = await doctor('scp-deny', '--principal', 'alice', '--format', 'markdown');
    expect(m.stdout).toBe(md);
  });

  it('JSON mode prints only the JSON document on stdout', async () => {
    const r = await doctor('boundary', '--principal', 'dave', '--json');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(JSON.parse(r.stdout).schemaVersion).toBe(1);
  });

  it('usage errors exit 2 with one line: unknown principal, ambiguous task, missing principal', async () => {
    const unknown = await doctor('scp-deny', '--principal', 'nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('--principal nobody');
    const task = await doctor('scp-deny', '--principal', 'alice', '--task', 'bils');
    expect(task.code).toBe(2);
    expect(task.stderr).toContain('--task bils: unknown task');
    const missing = await doctor('scp-deny');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('--principal');
  });
});
