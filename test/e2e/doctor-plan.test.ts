/**
 * `doctor --terraform-plan` through the built bin: "after this plan, can FinOps still open Bills?".
 * The plans in test/fixtures/change/ follow HashiCorp's documented JSON output format
 * (format_version 1.x, see the fixtures' README).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const F = 'test/fixtures/change';
const EU = `${F}/plan-eu-region-deny.json`;
const ATTACH = 'module.guardrails.aws_organizations_policy_attachment.workloads';
const doctor = (principal: string, plan: string, ...args: string[]) =>
  runCli(['doctor', '--snapshot', `${F}/org-account.json`, '--principal', principal, '--no-interactive', '--terraform-plan', plan, ...args]);

const schema = JSON.parse(readFileSync('schema/doctor-result.schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);

async function json(principal: string, plan: string, ...args: string[]): Promise<{ code: number | null; d: Diagnosis }> {
  const r = await doctor(principal, plan, '--json', ...args);
  expect(r.stderr).toBe('');
  const d = JSON.parse(r.stdout) as Diagnosis;
  expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, d };
}

describe('doctor --terraform-plan (built bin)', () => {
  it('the EU-only region deny: Bills is lost, caused by the attachment, the SCP statement at fault; Cost Explorer unchanged', async () => {
    const r = await doctor('FinOps', EU, '--task', 'bills,cost-explorer');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Planned changes applied: ${ATTACH} (plan ${EU})`);
    const note = r.stdout.slice(0, r.stdout.indexOf('Billing console access for'));
    expect(note).toMatch(/^ {2}bills: allowed → denied$/m);
    expect(note).toContain(`      caused by ${ATTACH}\n`);
    expect(note).toMatch(/region: scp: SCP DenyAllOutsideEU \(module\.guardrails\.aws_organizations_policy\.deny_outside_eu\) attached to ou ou-a1b2-wl5r8p2n, statement DenyAllOutsideEU/);
    expect(note).toMatch(/^ {2}cost-explorer: allowed → allowed \(unchanged\)$/m);
    expect(note).toContain('aws_s3_bucket.audit_logs: not a policy, attachment or boundary that billing access depends on');
    expect(r.stdout).toContain('Verdict: DENIED by region');
  });

  it('--json: plannedChange names the plan, each page before → after with its cause and findings, the ignored resources', async () => {
    const { code, d } = await json('FinOps', EU);
    expect(code).toBe(1);
    const note = d.plannedChange!;
    expect(note.plan).toBe(EU);
    expect(note.changes).toEqual([ATTACH]);
    expect(note.ignored?.map((i) => i.address)).toEqual(['module.guardrails.aws_organizations_policy.deny_outside_eu', 'module.guardrails.aws_organizations_policy.tagging', 'aws_s3_bucket.audit_logs']);
    expect(note.pages.map((p) => `${p.task}:${p.before}→${p.after}:${p.effect ?? ''}`)).toEqual(['home:allowed→denied:loses', 'bills:allowed→denied:loses', 'cost-explorer:allowed→allowed:']);
    for (const p of note.pages.filter((p) => p.effect)) {
      expect(p.causes).toEqual([ATTACH]);
      expect(p.findings?.some((f) => f.check === 'region' && f.evidence.some((e) => e.statement === 'DenyAllOutsideEU'))).toBe(true);
    }
    expect(d.checks.find((c) => c.id === 'region')?.status).toBe('fail');
  });

  it('a fix to the SCP the plan creates is made in the plan: no AWS CLI command names a policy that does not exist yet', async () => {
    const { d } = await json('FinOps', EU, '--task', 'bills');
    const fixes = d.checks.find((c) => c.id === 'region')?.remediation ?? [];
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      expect(fix.command).toBeUndefined();
      expect(fix.text).toContain('module.guardrails.aws_organizations_policy.deny_outside_eu does not exist yet (the planned changes create it)');
      expect(fix.document).toBeDefined();
    }
    // A policy that exists keeps its command: bob's inline policy, narrowed by the plan.
    const bob = await json('bob', `${F}/plan-boundary.json`, '--task', 'bills');
    const commands = bob.d.checks.flatMap((c) => c.remediation).flatMap((r) => (r.command ? [r.command] : []));
    expect(commands.some((c) => c.includes('aws iam put-user-policy') && c.includes('--user-name bob'))).toBe(true);
  });

  it('--format markdown: a table of the pages with the cause and the statement at fault', async () => {
    const r = await doctor('FinOps', EU, '--format', 'markdown', '--task', 'bills');
    expect(r.code).toBe(1);
    const md = r.stdout.replace(/\\(.)/g, '$1');
    expect(md).toContain('## Planned changes');
    expect(md).toMatch(new RegExp(`^\\| \`bills\` \\| allowed → denied \\| \`${ATTACH.replace(/\./g, '\\.')}\` \\| region: scp: SCP DenyAllOutsideEU .*statement DenyAllOutsideEU`, 'm'));
  });

  it('content unknown until apply: the SCP check and every action are unknown naming the address, never allowed; exit 3', async () => {
    const { code, d } = await json('FinOps', `${F}/plan-unknown-content.json`);
    expect(code).toBe(3);
    expect(d.verdict).toBe('inconclusive');
    const scp = d.checks.find((c) => c.id === 'scp');
    expect(scp?.status).toBe('unknown');
    expect(scp?.summary).toBe('unknown until apply: aws_organizations_policy.deny_leaving: content is known only after apply');
    expect(d.actions.length).toBeGreaterThan(0);
    expect(d.actions.filter((a) => a.decision === 'allowed')).toEqual([]);
    for (const p of d.plannedChange!.pages) {
      expect(`${p.before}→${p.after}:${p.effect}`).toBe('allowed→inconclusive:becomes-inconclusive');
      expect(p.unresolved).toEqual(['aws_organizations_policy.deny_leaving: content is known only after apply']);
    }
    // The attachment's policy ARN (unknown) is resolved through its reference: it is a cause, not an unknown.
    expect(d.plannedChange!.changes).toEqual(['aws_organizations_policy.deny_leaving', 'aws_iam_role_policy_attachment.finops_tax']);
  });

  it('content unknown until apply does not lift a deny of another layer: Developer stays denied by its boundary (exit 1)', async () => {
    const { code, d } = await json('Developer', `${F}/plan-unknown-content.json`, '--task', 'bills');
    expect(code).toBe(1);
    expect(d.checks.find((c) => c.id === 'boundary')?.status).toBe('fail');
    expect(d.checks.find((c) => c.id === 'scp')?.status).toBe('unknown');
    expect(d.plannedChange!.pages).toEqual([{ task: 'bills', before: 'denied', after: 'denied' }]);
  });

  it('a boundary moved to a policy the plan creates: Developer gains, what denied before is named', async () => {
    const { code, d } = await json('Developer', `${F}/plan-boundary.json`, '--task', 'bills');
    expect(code).toBe(0);
    const [bills] = d.plannedChange!.pages;
    expect(bills).toMatchObject({ task: 'bills', before: 'denied', after: 'allowed', effect: 'gains', causes: ['aws_iam_role.developer'] });
    expect(bills?.findings?.map((f) => f.check)).toEqual(['boundary']);
  });

  it('--change and --terraform-plan together: both applied, each named as its pages\' cause', async () => {
    const { code, d } = await json('bob', `${F}/plan-permission-set.json`, '--change', '-user/bob:billing-read', '--task', 'bills');
    expect(code).toBe(1);
    expect(d.plannedChange!.changes).toEqual(['aws_ssoadmin_permission_set_inline_policy.billing_viewer', '-user/bob:billing-read']);
    expect(d.plannedChange!.pages[0]).toMatchObject({ before: 'allowed', after: 'denied', effect: 'loses', causes: ['-user/bob:billing-read'] });
  });
});

describe('doctor --terraform-plan: an Identity Center user', () => {
  // A permission set's inline policy replaced with a document read at apply time (its data source
  // reads after a pending change): unknown in the plan, as the documented format marks it.
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    resource_changes: [
      {
        address: 'aws_ssoadmin_permission_set_inline_policy.finance_admins',
        mode: 'managed',
        type: 'aws_ssoadmin_permission_set_inline_policy',
        name: 'finance_admins',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['create'],
          before: null,
          after: { instance_arn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef', permission_set_arn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef/ps-aaaa000000000002' },
          after_unknown: { id: true, inline_policy: true },
          before_sensitive: false,
          after_sensitive: {},
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_ssoadmin_permission_set_inline_policy.finance_admins',
            mode: 'managed',
            type: 'aws_ssoadmin_permission_set_inline_policy',
            name: 'finance_admins',
            expressions: { inline_policy: { references: ['data.aws_iam_policy_document.finance.json', 'data.aws_iam_policy_document.finance'] } },
          },
        ],
      },
    },
  };

  it('the set that opened the pages is undecided, no longer named as opening them; the verdict is inconclusive (exit 3)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ba-doctor-ic-')), 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    const args = ['doctor', '--snapshot', 'test/fixtures/checks/identity-center-users.json', '--principal', 'bob', '--task', 'bills', '--no-interactive'];
    const before = JSON.parse((await runCli([...args, '--json'])).stdout) as Diagnosis;
    expect(before.identityCenter?.opens).toEqual(['FinanceAdmins']);
    const r = await runCli([...args, '--terraform-plan', file, '--json']);
    expect(r.code).toBe(3);
    const d = JSON.parse(r.stdout) as Diagnosis;
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    expect(d.verdict).toBe('inconclusive');
    expect(d.identityCenter?.opens).toEqual([]);
    expect(d.identityCenter?.permissionSets.map((s) => `${s.name}:${s.verdict}`)).toEqual(['FinanceAdmins:inconclusive']);
    expect(d.identityCenter?.conclusion).toBe(
      'no permission set of bob surely opens these pages: after the planned changes FinanceAdmins cannot be decided until apply (aws_ssoadmin_permission_set_inline_policy.finance_admins: inline_policy is known only after apply)',
    );
    expect(d.checks.find((c) => c.id === 'identity-policy')?.status).toBe('unknown');
    expect(d.actions.filter((a) => a.decision === 'allowed')).toEqual([]);
    const text = await runCli([...args, '--terraform-plan', file]);
    expect(text.stdout).not.toMatch(/✔ FinanceAdmins/);
  });
});

describe('doctor --terraform-plan: bad input is exit 2 naming the flag, the file and the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ba-doctor-plan-'));
  it.each([
    ['not JSON', '{"format_version": "1.2",', 'invalid JSON at line 1'],
    ['a state file', '{"values": {}}', '$.format_version: missing: is this `terraform show -json` output of a saved plan?'],
    ['a change that is no object', '{"format_version": "1.2", "resource_changes": [3]}', '$.resource_changes[0]: expected an object with address, type and change'],
  ])('%s', async (name, text, message) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    const r = await doctor('FinOps', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`--terraform-plan ${file}: `);
    expect(r.stderr).toContain(message);
  });

  it('a missing file', async () => {
    const r = await doctor('FinOps', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`billing-access: --terraform-plan ${join(dir, 'nope.json')}: file not found\n`);
  });
});
