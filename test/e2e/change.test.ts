/** `--change` through the built bin: every TARGET kind, the bad ones, the exit codes and the JSON schema. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { AuditDiffResult } from '../../src/change/diff.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const F = 'test/fixtures/change';
const SNAPSHOT = `${F}/org-account.json`;
const ACCOUNT = '111122223333';
const SSO = 'AWSReservedSSO_BillingViewer_0a1b2c3d4e5f6a7b';
const audit = (...args: string[]) => runCli(['audit', '--snapshot', SNAPSHOT, ...args]);

/** `name:task` for each changed cell of a kind, sorted. */
function cells(result: AuditDiffResult, effect: string): string[] {
  return result.differences
    .filter((d) => d.effect === effect)
    .map((d) => `${d.principal.name}:${d.task}`)
    .sort();
}

async function diff(...changes: string[]): Promise<AuditDiffResult> {
  const r = await audit(...changes.flatMap((c) => ['--change', c]), '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AuditDiffResult;
}

const all = (name: string): string[] => ['bills', 'cost-explorer', 'home'].map((t) => `${name}:${t}`);

describe('audit --change: every TARGET kind (built bin)', () => {
  it.each([
    ['attach a new SCP to an OU', [`+ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`], [SSO, 'FinOps', 'alice', 'bob'].flatMap((n) => [`${n}:bills`, `${n}:home`]), []],
    ['replace an SCP by id', [`p-3k9d2m7x=${F}/deny-outside-eu.json`], [SSO, 'FinOps', 'alice', 'bob'].flatMap((n) => [`${n}:bills`, `${n}:home`]), []],
    ['replace an SCP by name', [`DenyLeavingOrg=${F}/deny-bill-details.json`], [SSO, 'FinOps', 'alice', 'bob'].map((n) => `${n}:bills`), []],
    ['detach an SCP from one level', ['-r-a1b2:p-FullAWSAccess'], [SSO, 'FinOps', 'alice', 'bob'].flatMap(all), []],
    ['detach an SCP everywhere', ['-p-FullAWSAccess'], [SSO, 'FinOps', 'alice', 'bob'].flatMap(all), []],
    ['attach an existing SCP to the account', [`+${ACCOUNT}=p-3k9d2m7x`], [], []],
    ['a new default version of a managed policy', [`arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling=${F}/ce-only.json`], ['FinOps:bills', 'FinOps:home'], []],
    ['detach a managed policy from everyone', ['-arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess'], all('alice'), []],
    ['replace a user inline policy', [`user/bob:billing-read=${F}/ce-only.json`], ['bob:bills', 'bob:home'], []],
    ['delete a user inline policy', ['-user/bob:billing-read'], all('bob'), []],
    ['add a group inline policy', [`+group/FinanceTeam:no-details=${F}/deny-bill-details.json`], ['alice:bills'], []],
    ['delete a role inline policy (inline/ form)', [`-role/${SSO}:inline/AwsSSOInlinePolicy`], all(SSO), []],
    ['replace a boundary document', [`role/Developer:boundary=${F}/dev-boundary-billing.json`], [], all('Developer')],
    ['remove a boundary', ['-role/Developer:boundary'], [], all('Developer')],
    ['set a boundary (existing policy)', [`+user/alice:boundary=arn:aws:iam::${ACCOUNT}:policy/DevBoundary`], all('alice'), []],
    ['attach a managed policy from a file to a group', [`+group/FinanceTeam=${F}/deny-bill-details.json`], ['alice:bills'], []],
    ['attach an AWS managed policy to a role', ['+role/Developer=arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess'], [], []],
    ['detach a managed policy from a role', [`-role/FinOps:arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling`], all('FinOps'), []],
    ['replace a permission set inline policy', [`permission-set/BillingViewer=${F}/ce-only.json`], [`${SSO}:bills`, `${SSO}:home`], []],
    ['delete a permission set inline policy', ['-permission-set/BillingViewer'], all(SSO), []],
    ['two changes at once, each named as the cause of its own cells', ['-user/bob:billing-read', '-role/Developer:boundary'], all('bob'), all('Developer')],
  ])('%s', async (_name, changes, loses, gains) => {
    const result = await diff(...changes);
    expect(cells(result, 'loses')).toEqual([...loses].sort());
    expect(cells(result, 'gains')).toEqual([...gains].sort());
    expect(result.changes.map((c) => c.id)).toEqual(changes);
    for (const d of result.differences) {
      expect(d.causes).toHaveLength(1);
      expect(changes).toContain(d.causes[0]);
      expect(d.findings.length).toBeGreaterThan(0);
    }
  });

  it('names the statement at fault: the SCP, its Sid and the Region condition', async () => {
    const r = await audit('--change', `+ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('attach SCP deny-outside-eu (new:deny-outside-eu) to ou-a1b2-wl5r8p2n');
    expect(r.stdout).toMatch(/^Loses access: 8$/m);
    expect(r.stdout).toMatch(/^ {2}✖ role FinOps · bills: allowed → denied$/m);
    expect(r.stdout).toContain('region: scp: SCP deny-outside-eu (new:deny-outside-eu) attached to ou ou-a1b2-wl5r8p2n, statement DenyAllOutsideEU, when StringNotEquals aws:RequestedRegion');
    expect(r.stdout).not.toContain('cost-explorer: allowed → denied');
  });

  it('a permission set named by its ARN (snapshot with an identityCenter part) changes its role and the set together', async () => {
    const ps = 'arn:aws:sso:::instance/ssoins-1234567890abcdef/ps-aaaa000000000001';
    const r = await runCli(['audit', '--snapshot', 'test/fixtures/checks/identity-center-users.json', '--json', '--change', `permission-set/${ps}=${F}/dev-boundary-billing.json`]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as AuditDiffResult;
    expect(cells(result, 'gains')).toEqual(all('AWSReservedSSO_BillingViewers_0123456789abcdef'));
    expect(result.changes[0]?.edits).toContain('update permission set BillingViewers in the Identity Center part');
    const bad = await runCli(['audit', '--snapshot', 'test/fixtures/checks/identity-center-users.json', '--change', `permission-set/${ps}9=${F}/ce-only.json`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`no permission set ${ps}9 in the snapshot's identityCenter part`);
  });

  it('a change that moves nothing says so', async () => {
    const r = await audit('--change', `+${ACCOUNT}=p-3k9d2m7x`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No principal × page changes its verdict.');
  });
});

describe('audit --change --expect: the planned state must still satisfy the allow-list', () => {
  it('lost expected access exits 1, naming each principal and page', async () => {
    const r = await audit('--expect', `${F}/expect.json`, '--change', `+ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`);
    expect(r.code).toBe(1);
    for (const who of ['user/alice', 'user/bob', 'role/FinOps', `role/aws-reserved/sso.amazonaws.com/${SSO}`]) {
      expect(r.stdout).toContain(`lost access (on the allow-list, now denied): arn:aws:iam::${ACCOUNT}:${who}: home, bills`);
    }
  });

  it('new unexpected access exits 1', async () => {
    const r = await audit('--expect', `${F}/expect.json`, '--change', '-role/Developer:boundary');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`gained access (not on the allow-list): arn:aws:iam::${ACCOUNT}:role/Developer: home, bills, cost-explorer`);
  });

  it('unchanged access exits 0', async () => {
    const r = await audit('--expect', `${F}/expect.json`, '--change', `+${ACCOUNT}=p-3k9d2m7x`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('none: access still matches the allow-list');
  });

  it('Markdown names every broken principal × page in a table', async () => {
    const r = await audit('--expect', `${F}/expect.json`, '--change', `+ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`, '--format', 'markdown');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('## ✖ Loses access (8)');
    expect(r.stdout).toMatch(/^\| role FinOps \| `home` \| allowed → denied \| `\+ou-a1b2-wl5r8p2n=test\/fixtures\/change\/deny-outside-eu\.json` \| region: scp: SCP deny-outside-eu/m);
  });
});

describe('audit --change: a TARGET that matches nothing is exit 2 naming it', () => {
  it.each([
    [`+ou-zz99-abcdefgh=${F}/deny-outside-eu.json`, 'ou-zz99-abcdefgh is not the account or on its OU path: the account\'s path is r-a1b2, ou-a1b2-wl5r8p2n, 111122223333'],
    [`p-nope1234=${F}/ce-only.json`, 'p-nope1234 matches no SCP id or name'],
    [`NoSuchPolicy=${F}/ce-only.json`, 'NoSuchPolicy matches no SCP id or name, managed policy ARN'],
    [`user/zed:p=${F}/ce-only.json`, 'no user named zed in the snapshot'],
    [`user/bob:nope=${F}/ce-only.json`, 'user bob has no inline policy nope (it has: billing-read); to add one, write +user/bob:nope=FILE'],
    [`arn:aws:iam::${ACCOUNT}:policy/Nope=${F}/ce-only.json`, `no managed policy arn:aws:iam::${ACCOUNT}:policy/Nope in the snapshot`],
    [`arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess=${F}/ce-only.json`, 'AWS managed policies cannot be edited'],
    ['-role/FinOps:arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess is not attached to role FinOps'],
    ['-role/FinOps:boundary', 'role FinOps has no permissions boundary'],
    [`role/FinOps:boundary=${F}/ce-only.json`, 'role FinOps has no permissions boundary; to set one'],
    [`+group/FinanceTeam:boundary=${F}/ce-only.json`, 'groups have no permissions boundary'],
    [`permission-set/Nope=${F}/ce-only.json`, 'no Identity Center role AWSReservedSSO_Nope_… in the snapshot'],
    ['-ou-a1b2-wl5r8p2n:p-3k9d2m7x', 'no SCP p-3k9d2m7x attached to ou-a1b2-wl5r8p2n'],
    [`-user/bob:billing-read=${F}/ce-only.json`, 'a detach (-TARGET) takes no =FILE'],
    ['user/bob:billing-read', 'expected TARGET=FILE'],
    [`+role/FinOps=arn:aws:iam::${ACCOUNT}:policy/FinOpsBilling`, 'is already attached to role FinOps'],
    [`user/bob:billing-read=${F}/nope.json`, `${F}/nope.json: file not found`],
    [`user/bob:billing-read=${F}/expect.json`, `${F}/expect.json: $: expected a policy document`],
    [`user/zed:p=${F}/nope.json`, 'no user named zed'],
  ])('--change %s', async (change, message) => {
    const r = await audit('--change', change);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--change ${change}: `);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('doctor --change', () => {
  it('diagnoses the planned state and says what changed per page; exit follows the planned verdict', async () => {
    const r = await runCli(['doctor', '--snapshot', SNAPSHOT, '--principal', 'FinOps', '--no-interactive', '--change', `+ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Planned changes applied: +ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`);
    expect(r.stdout).toMatch(/^ {2}bills: allowed → denied$/m);
    expect(r.stdout).toMatch(/^ {2}cost-explorer: allowed → allowed \(unchanged\)$/m);
    expect(r.stdout).toContain('Verdict: DENIED by region');
  });

  it('--json carries plannedChange and validates against the doctor schema; a bad target is exit 2', async () => {
    const r = await runCli(['doctor', '--snapshot', SNAPSHOT, '--principal', 'Developer', '--json', '--change', '-role/Developer:boundary']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Diagnosis;
    expect(d.plannedChange?.changes).toEqual(['-role/Developer:boundary']);
    expect(d.plannedChange?.pages.map((p) => `${p.task}:${p.before}→${p.after}:${p.effect}:${p.causes?.join()}:${p.findings?.map((f) => f.check).join()}`)).toEqual(
      ['home', 'bills', 'cost-explorer'].map((task) => `${task}:denied→allowed:gains:-role/Developer:boundary:boundary`),
    );
    const schema = JSON.parse(readFileSync('schema/doctor-result.schema.json', 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    const bad = await runCli(['doctor', '--snapshot', SNAPSHOT, '--principal', 'Developer', '--no-interactive', '--change', '-role/Nobody:boundary']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--change -role/Nobody:boundary: no role named Nobody in the snapshot');
  });
});

describe('schema/audit-diff-result.schema.json', () => {
  const read = (path: string): object => JSON.parse(readFileSync(path, 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addSchema(read('schema/audit-result.schema.json'));
  ajv.addSchema(read('schema/doctor-result.schema.json'));
  const validate = ajv.compile(read('schema/audit-diff-result.schema.json'));

  it('accepts what audit --change --json prints (losses, gains, drift) and rejects a broken difference', async () => {
    const r = await audit('--json', '--expect', `${F}/expect.json`, '--change', `+ou-a1b2-wl5r8p2n=${F}/deny-outside-eu.json`, '--change', '-role/Developer:boundary');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as AuditDiffResult;
    expect(cells(result, 'gains').length).toBeGreaterThan(0);
    expect(result.drift?.lost.length).toBe(4);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(result);
    (broken.differences[0] as { effect: string }).effect = 'worse';
    expect(validate(broken)).toBe(false);
  });
});
