/**
 * Terraform plans that delete or rename principals and policies, through the built bin. The plans
 * follow HashiCorp's documented JSON output format (format_version 1.x): `change.actions`
 * (["delete"], ["delete","create"] and ["create","delete"] for a replacement), `action_reason`,
 * `replace_paths` and `previous_address` (a `moved` block); see test/fixtures/change/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditDiffResult } from '../../src/change/diff.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';
import { validateSarif } from '../helpers/sarif.js';

const F = 'test/fixtures/change';
const ACCOUNT = '111122223333';
const ALL = ['home', 'bills', 'cost-explorer'];
const audit = (plan: string, ...args: string[]) => runCli(['audit', '--snapshot', `${F}/org-account.json`, '--terraform-plan', plan, ...args]);

async function json(plan: string, code = 0): Promise<AuditDiffResult> {
  const r = await audit(plan, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(code);
  return JSON.parse(r.stdout) as AuditDiffResult;
}

const cells = (a: AuditDiffResult): string[] => a.differences.map((d) => `${d.principal.name}:${d.task}:${d.before}→${d.after}:${d.effect}:${[...d.causes].sort().join('+')}`).sort();

/** A copy of a fixture plan with its resource changes filtered or reordered. */
function variant(file: string, edit: (changes: { address: string }[]) => { address: string }[]): string {
  const plan = JSON.parse(readFileSync(`${F}/${file}`, 'utf8')) as { resource_changes: { address: string }[] };
  const out = join(mkdtempSync(join(tmpdir(), 'ba-tf-removals-')), file);
  writeFileSync(out, JSON.stringify({ ...plan, resource_changes: edit(plan.resource_changes) }));
  return out;
}

describe('audit --terraform-plan: principals deleted or renamed are removals', () => {
  it('a deleted user, a user renamed in place and a role replaced under a new name: removed, and the new names gain', async () => {
    const a = await json(`${F}/plan-people-removed.json`);
    expect(a.changes.map((c) => [c.id, c.edits])).toEqual([
      ['aws_iam_role.finops', ['delete role FinOps', 'create role FinOpsAnalyst']],
      ['aws_iam_role_policy_attachment.finops_billing', [`detach arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling from role FinOps`, `attach arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling to role FinOpsAnalyst`]],
      ['aws_iam_user.alice', ['rename user alice to alice.smith']],
      ['aws_iam_user.bob', ['delete user bob']],
      ['aws_iam_user_policy.bob_billing', ['delete inline policy billing-read of user bob']],
    ]);
    expect(a.changes.every((c) => c.unknown === undefined)).toBe(true);
    expect(cells(a)).toEqual(
      [
        ...ALL.map((t) => `FinOps:${t}:allowed→absent:removed:aws_iam_role.finops`),
        ...ALL.map((t) => `FinOpsAnalyst:${t}:absent→allowed:gains:aws_iam_role.finops+aws_iam_role_policy_attachment.finops_billing`),
        ...ALL.map((t) => `alice:${t}:allowed→absent:removed:aws_iam_user.alice`),
        ...ALL.map((t) => `alice.smith:${t}:absent→allowed:gains:aws_iam_user.alice`),
        ...ALL.map((t) => `bob:${t}:allowed→absent:removed:aws_iam_user.bob`),
      ].sort(),
    );
    const alice = a.differences.find((d) => d.principal.name === 'alice');
    expect(alice?.findings.map((f) => f.summary)).toEqual(['user alice is renamed to alice.smith by aws_iam_user.alice: its access goes with the new name']);
  });

  it('text and --expect: one removal line per principal, no "loses access" section; the allow-list names them, so exit 1', async () => {
    const r = await audit(`${F}/plan-people-removed.json`, '--expect', `${F}/expect.json`);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Loses access');
    expect(r.stdout).toContain('Removed: deleted or renamed, with the pages they could open: 3\n');
    expect(r.stdout).toContain('  – user bob (could open home, bills, cost-explorer)\n      caused by aws_iam_user.bob\n      principal: user bob is deleted by aws_iam_user.bob: nobody signs in as it after the change\n');
    for (const name of ['FinOps', 'alice', 'bob']) expect(r.stdout).toContain(`no such principal (on the allow-list, not in the planned state): ${name}: home, bills, cost-explorer`);
    expect(r.stdout).toContain(`gained access (not on the allow-list): arn:aws:iam::${ACCOUNT}:user/alice.smith: home, bills, cost-explorer`);
  });

  it('markdown: a table of the removed principals with the pages they could open', async () => {
    const r = await audit(`${F}/plan-people-removed.json`, '--format', 'markdown');
    const md = r.stdout.replace(/\\(.)/g, '$1');
    expect(md).toContain('## – Removed: deleted or renamed, with the pages they could open (3)');
    expect(md).toContain('| role FinOps | `home`, `bills`, `cost-explorer` | `aws_iam_role.finops` | principal: role FinOps is deleted by aws_iam_role.finops: nobody signs in as it after the change |');
  });

  it('SARIF: a removal has its own rule, an error when the allow-list names the principal; valid SARIF 2.1.0', async () => {
    const r = await audit(`${F}/plan-people-removed.json`, '--expect', `${F}/expect.json`, '--format', 'sarif');
    expect(r.code).toBe(1);
    const validate = validateSarif;
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; properties: { principal: { name: string } } }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const removed = log.runs[0]!.results.filter((x) => x.ruleId === 'billing-access/principal-removed');
    expect(removed.map((x) => x.properties.principal.name).sort()).toEqual(['FinOps', 'alice', 'bob'].flatMap((n) => [n, n, n]).sort());
    expect(removed.every((x) => x.level === 'error')).toBe(true);
  });

  it('a user deleted at one address and created under the same name at another (no moved block): not removed, undecided', async () => {
    const plan = variant('plan-people-removed.json', (list) => {
      const bob = list.find((rc) => rc.address === 'aws_iam_user.bob') as { address: string; change: { before: Record<string, unknown> } };
      const again = { ...bob, address: 'aws_iam_user.robert', name: 'robert', change: { actions: ['create'], before: null, after: { ...bob.change.before, arn: null, id: null, unique_id: null }, after_unknown: { arn: true, id: true, unique_id: true } } };
      return [bob, again];
    });
    const a = await json(plan, 3);
    expect(a.ignored).toContainEqual({ address: 'aws_iam_user.bob', type: 'aws_iam_user', reason: 'deleted and created again by aws_iam_user.robert under the same name: evaluated there' });
    expect(cells(a)).toEqual(ALL.map((t) => `bob:${t}:allowed→inconclusive:becomes-inconclusive:aws_iam_user.robert`).sort());
    expect(a.differences[0]?.unresolved).toEqual(['aws_iam_user.bob deletes and aws_iam_user.robert creates user bob, and Terraform does not order them (a moved block from aws_iam_user.bob to aws_iam_user.robert makes them one resource)']);
  });

  it.each([
    ['user', 'bob'],
    ['role', 'FinOps'],
  ])('--change -%s/NAME deletes it: removed too', async (kind, name) => {
    const r = await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--change', `-${kind}/${name}`, '--json']);
    const a = JSON.parse(r.stdout) as AuditDiffResult;
    expect(cells(a)).toEqual(['bills', 'cost-explorer', 'home'].map((t) => `${name}:${t}:allowed→absent:removed:-${kind}/${name}`));
  });
});

describe('audit --terraform-plan: a renamed policy keeps its attachments', () => {
  it('a new name replaces the policy: FinOps keeps its pages; the renamed, narrowed boundary takes bob\'s home and bills', async () => {
    const a = await json(`${F}/plan-policy-renamed.json`);
    expect(a.changes.find((c) => c.id === 'aws_iam_policy.finops_billing')?.edits).toEqual([
      `new document (default version) for arn:aws:iam::${ACCOUNT}:policy/FinOpsBillingRead`,
      `detach arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling from role FinOps`,
      `attach arn:aws:iam::${ACCOUNT}:policy/FinOpsBillingRead to role FinOps`,
    ]);
    expect(cells(a)).toEqual(['bills', 'home'].map((t) => `bob:${t}:allowed→denied:loses:aws_iam_policy.staff_boundary+aws_iam_user.bob`));
    const bills = a.differences.find((d) => d.task === 'bills');
    expect(bills?.findings.map((f) => `${f.check}:${f.evidence.map((e) => e.policy).join()}`)).toEqual([`boundary:arn:aws:iam::${ACCOUNT}:policy/StaffBoundaryV2`]);
  });

  it('attachments made outside the plan follow the renamed policy too (no attachment resource, no aws_iam_user)', async () => {
    const plan = variant('plan-policy-renamed.json', (list) => list.filter((rc) => rc.address.startsWith('aws_iam_policy.')));
    const a = await json(plan);
    expect(a.changes.map((c) => c.id)).toEqual(['aws_iam_policy.finops_billing', 'aws_iam_policy.staff_boundary']);
    expect(a.changes[1]?.edits).toContain(`set the permissions boundary of user bob to arn:aws:iam::${ACCOUNT}:policy/StaffBoundaryV2`);
    expect(cells(a)).toEqual(['bills', 'home'].map((t) => `bob:${t}:allowed→denied:loses:aws_iam_policy.staff_boundary`));
  });

  it('resources renamed without moved (a delete and a create of the same policy and attachment): one policy, but unordered, so FinOps is undecided, never allowed on a guess', async () => {
    const a = await json(`${F}/plan-readdressed.json`, 3);
    expect(a.ignored).toContainEqual({ address: 'aws_iam_policy.billing', type: 'aws_iam_policy', reason: 'deleted and created again by aws_iam_policy.finops_billing with the same ARN: evaluated there' });
    const finops = a.differences.filter((d) => d.principal.name === 'FinOps');
    expect(finops.map((d) => `${d.task}:${d.before}→${d.after}`)).toEqual(ALL.map((t) => `${t}:allowed→inconclusive`));
    for (const d of finops) {
      expect(d.unresolved).toEqual([
        `aws_iam_policy.billing deletes and aws_iam_policy.finops_billing creates the same policy arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling, and Terraform does not order them (a moved block from aws_iam_policy.billing to aws_iam_policy.finops_billing makes them one resource)`,
        `aws_iam_role_policy_attachment.billing deletes and aws_iam_role_policy_attachment.finops_billing creates the attachment of arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling to role FinOps, and Terraform does not order them (a moved block from aws_iam_role_policy_attachment.billing to aws_iam_role_policy_attachment.finops_billing makes them one resource)`,
      ]);
    }
    // The order of resource_changes does not decide it.
    const reversed = await json(variant('plan-readdressed.json', (list) => [...list].reverse()), 3);
    expect(cells(reversed)).toEqual(cells(a));
  });

  it('with moved (previous_address): one resource, shown with its old address; a no-op move changes nothing', async () => {
    const a = await json(`${F}/plan-readdressed.json`, 3);
    const moved = a.changes.find((c) => c.id === 'aws_iam_policy.dev_boundary');
    expect(moved?.origin).toMatchObject({ kind: 'terraform', previousAddress: 'aws_iam_policy.boundary' });
    expect(a.differences.filter((d) => d.principal.name === 'Developer').map((d) => `${d.task}:${d.effect}:${d.causes.join()}`)).toEqual(ALL.map((t) => `${t}:gains:aws_iam_policy.dev_boundary`));
    const r = await audit(`${F}/plan-readdressed.json`);
    expect(r.stdout).toContain('  aws_iam_policy.dev_boundary (moved from aws_iam_policy.boundary)\n');
    // The same renames written as moved blocks: no-op changes at the new addresses, nothing to report for FinOps.
    const asMoves = variant('plan-readdressed.json', (list) =>
      list
        .filter((rc) => !rc.address.endsWith('.billing'))
        .map((rc) => (rc.address.endsWith('.finops_billing') ? { ...rc, previous_address: rc.address.replace('finops_billing', 'billing'), change: { actions: ['no-op'], before: {}, after: {}, after_unknown: {} } } : rc)),
    );
    const b = await json(asMoves);
    expect(b.differences.some((d) => d.principal.name === 'FinOps')).toBe(false);
  });
});

describe('doctor --terraform-plan: a principal the plan removes', () => {
  const doctor = (principal: string, plan: string, ...args: string[]) =>
    runCli(['doctor', '--snapshot', `${F}/org-account.json`, '--principal', principal, '--no-interactive', '--terraform-plan', plan, ...args]);

  it('a deleted role: every page it could open is removed, denied by the principal check naming the resource (exit 1)', async () => {
    const r = await doctor('FinOps', `${F}/plan-role-deleted.json`, '--task', 'bills');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  bills: allowed → absent (removed)\n  principal: role FinOps is deleted by aws_iam_role.finops: nobody signs in as it after the change\n');
    expect(r.stdout).toContain('✖ principal  role FinOps is deleted by aws_iam_role.finops');
    expect(r.stdout).toContain('Verdict: DENIED by principal');
  });

  it('--json: valid against the doctor schema, each page removed with its cause', async () => {
    const r = await doctor('bob', `${F}/plan-people-removed.json`, '--json');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout) as Diagnosis;
    const { Ajv } = await import('ajv');
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync('schema/doctor-result.schema.json', 'utf8')) as object);
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    expect(d.verdict).toBe('denied');
    expect(d.plannedChange?.pages.map((p) => `${p.task}:${p.before}→${p.after}:${p.effect}:${p.causes?.join()}`)).toEqual(ALL.map((t) => `${t}:allowed→absent:removed:aws_iam_user.bob`));
  });

  it('a renamed user: the old name says where its access went; the new name is diagnosed and gains (exit 0)', async () => {
    const old = await doctor('alice', `${F}/plan-people-removed.json`, '--task', 'bills');
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('user alice is renamed to alice.smith by aws_iam_user.alice');
    expect(old.stdout).toContain('Diagnose it under its new name (--principal alice.smith)');
    const now = await doctor('alice.smith', `${F}/plan-people-removed.json`, '--task', 'bills');
    expect(now.code).toBe(0);
    expect(now.stdout).toContain('  bills: absent → allowed\n      caused by aws_iam_user.alice\n');
  });

  it('a name in neither state is still exit 2 naming it', async () => {
    const r = await doctor('nobody', `${F}/plan-people-removed.json`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('billing-access: --principal nobody: no user or role with that name in the snapshot\n');
  });
});
