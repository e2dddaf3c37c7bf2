/**
 * `audit --terraform-plan` through the built bin. The plans in test/fixtures/change/ follow
 * HashiCorp's documented JSON output format (format_version 1.x, see the fixtures' README).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditDiffResult } from '../../src/change/diff.js';
import { runCli } from '../helpers/run.js';

const F = 'test/fixtures/change';
const ACCOUNT = '111122223333';
const SSO = 'AWSReservedSSO_BillingViewer_0a1b2c3d4e5f6a7b';
const PEOPLE = [SSO, 'FinOps', 'alice', 'bob'];
const plan = (file: string, ...args: string[]) => runCli(['audit', '--snapshot', `${F}/org-account.json`, '--terraform-plan', file, ...args]);

async function json(file: string): Promise<AuditDiffResult> {
  const r = await plan(`${F}/${file}`, '--json');
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as AuditDiffResult;
}

const cells = (a: AuditDiffResult, effect: string): string[] =>
  a.differences
    .filter((d) => d.effect === effect)
    .map((d) => `${d.principal.name}:${d.task}`)
    .sort();

describe('audit --terraform-plan (built bin)', () => {
  it('the EU-only region deny attached to an OU from a module: the new SCP is found through the configuration references', async () => {
    const a = await json('plan-eu-region-deny.json');
    expect(a.plan).toBe(`${F}/plan-eu-region-deny.json`);
    expect(a.changes.map((c) => c.id)).toEqual(['module.guardrails.aws_organizations_policy_attachment.workloads']);
    expect(a.changes[0]?.edits).toEqual(['attach SCP DenyAllOutsideEU (module.guardrails.aws_organizations_policy.deny_outside_eu) to ou-a1b2-wl5r8p2n']);
    expect(a.changes[0]?.unknown).toBeUndefined();
    expect(cells(a, 'loses')).toEqual(PEOPLE.flatMap((n) => [`${n}:bills`, `${n}:home`]).sort());
    expect(a.differences.every((d) => d.causes.join() === 'module.guardrails.aws_organizations_policy_attachment.workloads')).toBe(true);
    expect(a.differences.every((d) => d.findings.some((f) => f.check === 'region' && f.evidence.some((e) => e.statement === 'DenyAllOutsideEU')))).toBe(true);
    expect(a.ignored.map((i) => [i.address, i.reason])).toEqual([
      ['module.guardrails.aws_organizations_policy.deny_outside_eu', 'a new SCP changes nothing until it is attached (its attachments are evaluated)'],
      ['module.guardrails.aws_organizations_policy.tagging', 'a TAG_POLICY policy, not a service control policy'],
      ['aws_s3_bucket.audit_logs', 'not a policy, attachment or boundary that billing access depends on'],
    ]);
  });

  it.each(['text', 'markdown'])('--expect: the EU-only deny exits 1 and names every principal × page it breaks (%s)', async (format) => {
    const r = await plan(`${F}/plan-eu-region-deny.json`, '--expect', `${F}/expect.json`, '--format', format);
    expect(r.code).toBe(1);
    // Markdown escapes its syntax characters (`_` in role names): read it unescaped.
    const out = format === 'markdown' ? r.stdout.replace(/\\(.)/g, '$1') : r.stdout;
    for (const who of ['user/alice', 'user/bob', 'role/FinOps', `role/aws-reserved/sso.amazonaws.com/${SSO}`]) {
      expect(out).toContain(`lost access (on the allow-list, now denied): arn:aws:iam::${ACCOUNT}:${who}: home, bills`);
    }
    const rows = out.split('\n').filter((l) => / (allowed → denied)/.test(l));
    expect(rows).toHaveLength(8);
    for (const name of PEOPLE) for (const task of ['home', 'bills']) expect(rows.some((l) => l.includes(name) && l.includes(task))).toBe(true);
  });

  it('a boundary moved to a new policy (ARN resolved from its name and path) and an inline policy narrowed', async () => {
    const a = await json('plan-boundary.json');
    expect(a.changes.find((c) => c.id === 'aws_iam_role.developer')?.edits).toEqual([
      `new document (default version) for arn:aws:iam::${ACCOUNT}:policy/DevBoundaryV2`,
      `set the permissions boundary of role Developer to arn:aws:iam::${ACCOUNT}:policy/DevBoundaryV2`,
    ]);
    expect(cells(a, 'gains')).toEqual(['Developer:bills', 'Developer:cost-explorer', 'Developer:home']);
    expect(cells(a, 'loses')).toEqual(['bob:bills', 'bob:home']);
    expect(a.differences.filter((d) => d.principal.name === 'bob').every((d) => d.causes.join() === 'aws_iam_user_policy.bob_billing')).toBe(true);
    const r = await plan(`${F}/plan-boundary.json`, '--expect', `${F}/expect.json`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`gained access (not on the allow-list): arn:aws:iam::${ACCOUNT}:role/Developer: home, bills, cost-explorer`);
    expect(r.stdout).toContain('before: boundary: boundary: arn:aws:iam::111122223333:policy/DevBoundary');
  });

  it('a boundary removed from a role the plan names in another case (IAM names are case-insensitive): the removal is seen', async () => {
    const source = JSON.parse(readFileSync(`${F}/plan-boundary.json`, 'utf8')) as { resource_changes: { address: string; change: Record<string, Record<string, unknown>> }[] };
    const role = source.resource_changes.find((rc) => rc.address === 'aws_iam_role.developer');
    if (role === undefined) throw new Error('fixture changed: no aws_iam_role.developer');
    const { before, after, after_unknown: unknown } = role.change as Record<'before' | 'after' | 'after_unknown', Record<string, unknown>>;
    before.name = after.name = 'developer';
    after.permissions_boundary = ''; // removed, and known at plan time
    unknown.permissions_boundary = false;
    const file = join(mkdtempSync(join(tmpdir(), 'ba-tf-')), 'plan.json');
    writeFileSync(file, JSON.stringify({ ...source, resource_changes: [role] }));
    const r = await plan(file, '--json');
    const a = JSON.parse(r.stdout) as AuditDiffResult;
    expect(a.changes.find((c) => c.id === 'aws_iam_role.developer')?.edits).toEqual(['remove the permissions boundary of role developer']);
  });

  it('a permission set inline policy replaced: its Identity Center role, named through the plan\'s permission set', async () => {
    const a = await json('plan-permission-set.json');
    expect(a.changes.map((c) => c.id)).toEqual(['aws_ssoadmin_permission_set_inline_policy.billing_viewer']);
    expect(cells(a, 'loses')).toEqual([`${SSO}:bills`, `${SSO}:home`]);
    expect(a.ignored.map((i) => i.address)).toEqual(['aws_ssoadmin_account_assignment.finance_team']);
  });

  it('content unknown until apply: every cell it reaches is inconclusive naming the address; --expect exits 3', async () => {
    const a = await json('plan-unknown-content.json');
    const scp = a.changes.find((c) => c.id === 'aws_organizations_policy.deny_leaving');
    expect(scp?.unknown).toBe('aws_organizations_policy.deny_leaving: content is known only after apply');
    expect(cells(a, 'becomes-inconclusive')).toEqual(PEOPLE.flatMap((n) => [`${n}:bills`, `${n}:cost-explorer`, `${n}:home`]).sort());
    for (const d of a.differences) expect(d.unresolved).toEqual(['aws_organizations_policy.deny_leaving: content is known only after apply']);
    // Developer is denied by its boundary, which an SCP cannot lift: still denied, no difference.
    expect(a.differences.some((d) => d.principal.name === 'Developer')).toBe(false);
    // The new policy's ARN (unknown until apply) is resolved by its reference, so the attachment is not unknown.
    const attach = a.changes.find((c) => c.id === 'aws_iam_role_policy_attachment.finops_tax');
    expect(attach?.unknown).toBeUndefined();
    expect(attach?.edits).toContain(`attach arn:aws:iam::${ACCOUNT}:policy/finops/FinOpsTax to role FinOps`);
    const r = await plan(`${F}/plan-unknown-content.json`, '--expect', `${F}/expect.json`);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`cannot confirm (on the allow-list, inconclusive): arn:aws:iam::${ACCOUNT}:role/FinOps: home, bills, cost-explorer`);
  });

  it('a deleted role is removed with every page it could open (not a loss); the allow-list names it, so --expect exits 1', async () => {
    const a = await json('plan-role-deleted.json');
    expect(a.differences.map((d) => `${d.principal.name}:${d.task}:${d.before}→${d.after}:${d.effect}:${d.causes.join()}`).sort()).toEqual(
      ['bills', 'cost-explorer', 'home'].map((t) => `FinOps:${t}:allowed→absent:removed:aws_iam_role.finops`),
    );
    const r = await plan(`${F}/plan-role-deleted.json`, '--expect', `${F}/expect.json`);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Loses access');
    expect(r.stdout).toContain('Removed: deleted or renamed, with the pages they could open: 1\n  – role FinOps (could open home, bills, cost-explorer)\n      caused by aws_iam_role.finops\n');
    expect(r.stdout).toContain('no such principal (on the allow-list, not in the planned state): FinOps: home, bills, cost-explorer');
  });

  it('--change and --terraform-plan together: both are applied and each named as its cells\' cause', async () => {
    const r = await plan(`${F}/plan-permission-set.json`, '--change', '-user/bob:billing-read', '--json');
    const a = JSON.parse(r.stdout) as AuditDiffResult;
    expect(a.changes.map((c) => c.id)).toEqual(['aws_ssoadmin_permission_set_inline_policy.billing_viewer', '-user/bob:billing-read']);
    expect(a.differences.filter((d) => d.principal.name === 'bob').every((d) => d.causes.join() === '-user/bob:billing-read')).toBe(true);
  });
});

describe('audit --terraform-plan: a file that is no plan is exit 2 naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ba-plan-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  it.each([
    ['not JSON', '{"format_version": "1.2",', 'invalid JSON at line 1'],
    ['no format_version (a state file)', '{"values": {}}', '$.format_version: missing: is this `terraform show -json` output of a saved plan?'],
    ['another major version', '{"format_version": "2.0", "resource_changes": []}', '$.format_version: "2.0" is not supported (1.x is)'],
    ['resource_changes not an array', '{"format_version": "1.2", "resource_changes": {}}', '$.resource_changes: expected an array'],
    ['a change without actions', '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "type": "a", "change": {}}]}', '$.resource_changes[0].change.actions: expected an array of actions'],
  ])('%s', async (name, text, message) => {
    const file = write(`${name.replace(/\W+/g, '-')}.json`, text);
    const r = await plan(file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--terraform-plan ${file}`);
    expect(r.stderr).toContain(message);
  });

  it('a missing file', async () => {
    const r = await plan(join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`billing-access: --terraform-plan ${join(dir, 'nope.json')}: file not found\n`);
  });
});
