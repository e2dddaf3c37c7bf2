/** `billing-access snapshot` against a real moto_server: what the file holds for each seeded account. */
import { readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { parseSnapshot } from '../../src/sources/file.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';
import { runCli } from '../helpers/run.js';
import { liveEnv, MANAGEMENT_ACCOUNT, seedClients, writeProfiles, DEFAULT_CREDENTIALS } from './aws.js';
import { startMoto, type Moto } from './moto.js';
import { scratch } from '../ui/scratch.js';
import { BILLING_ARN, READ_ONLY_ARN, seedAccount, seedOrganization, type OrgScenario } from './scenarios.js';

// Two accounts set up once and then only read, so the tests run side by side: a standalone
// account, and an organization (its management account, and an EU member account seeded).
let standalone: Moto;
let organization: Moto;
let scenario: OrgScenario;
beforeAll(async () => {
  [standalone, organization] = await Promise.all([startMoto(), startMoto()]);
  [, scenario] = await Promise.all([seedAccount(seedClients(standalone.endpoint)), seedOrganization(organization.endpoint)]);
});
afterAll(async () => Promise.all([standalone?.stop(), organization?.stop()]));
const tmp = scratch('billing-access-snap-');

async function snapshot(
  moto: Moto,
  args: string[],
  env: Record<string, string | undefined> = {},
  dir = tmp('t-'),
): Promise<{ file: string; dir: string; snap: SnapshotV1; stderr: string }> {
  const file = join(dir, 'acct.json');
  const r = await runCli(['snapshot', '-o', file, ...args], { env: liveEnv(moto.endpoint, env) });
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe('');
  const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotV1;
  parseSnapshot(snap, file); // the file validates against schema/snapshot.schema.json
  return { file, dir, snap, stderr: r.stderr };
}

describe.concurrent('snapshot (live, moto)', { timeout: 120_000 }, () => {
  it('captures a standalone account: IAM, attached AWS managed policies only, console facts, no organization', async () => {
    const { file, dir, snap, stderr } = await snapshot(standalone, ['--principal', 'alice']);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['acct.json']); // the temp file was renamed, not left behind
    expect(snap.billingAccessSnapshot).toBe(1);
    expect(snap.account?.id).toBe(MANAGEMENT_ACCOUNT);
    expect(snap.caller?.Account).toBe(MANAGEMENT_ACCOUNT);
    expect(snap.iam.UserDetailList.map((u) => u.UserName).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(snap.iam.GroupDetailList.map((g) => g.GroupName)).toEqual(['cost-viewers']);
    expect(snap.iam.RoleDetailList.map((r) => r.RoleName)).toContain('FinOps');
    const policyArns = snap.iam.Policies.map((p) => p.Arn);
    // moto holds ~1,500 AWS managed policies; only the attached ones (and the boundary's) are read.
    expect(policyArns).toEqual(expect.arrayContaining([BILLING_ARN, READ_ONLY_ARN]));
    expect(policyArns.filter((a) => a.includes(':aws:policy/')).sort()).toEqual([READ_ONLY_ARN, BILLING_ARN].sort());
    const billing = snap.iam.Policies.find((p) => p.Arn === BILLING_ARN);
    expect(billing?.PolicyVersionList).toHaveLength(1);
    expect(billing?.PolicyVersionList[0]?.IsDefaultVersion).toBe(true);
    // The shipped copy stands in only for the very version the account has as default; moto 5.2.1
    // holds an older Billing than the tool ships, so its own document is read (URL-encoded, as AWS sends it).
    const shipped = loadShippedManagedPolicies().get(BILLING_ARN);
    const document = billing?.PolicyVersionList[0]?.Document;
    if (billing?.DefaultVersionId === shipped?.versionId) expect(document).toEqual(shipped?.document);
    else expect(decodeURIComponent(String(document))).toContain('billing:');
    expect(billing?.DefaultVersionId).toMatch(/^v\d+$/);
    expect(snap.users).toEqual({ alice: { consolePassword: true, mfaDevices: 1 } });
    expect(snap.organizations).toBeNull();
    expect(snap.gaps).toBeUndefined();
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/wrote .*acct\.json: account 123456789012, 3 users, 1 group, \d+ roles?, \d+ managed polic(y|ies), no organization; no gaps/);
  });

  it('--activation records the root user\'s "Activate IAM Access" setting; audit then needs no flag', async () => {
    const { file, dir, snap, stderr } = await snapshot(standalone, ['--activation', 'disabled']);
    expect(snap.account).toEqual({ id: MANAGEMENT_ACCOUNT, iamUserAccessToBilling: 'disabled' });
    expect(stderr).toContain('IAM access to billing disabled');
    const audit = await runCli(['audit', '--snapshot', file, '--task', 'bills']);
    expect(audit.stdout).toMatch(/^user alice +✖ +blocked by activation$/m);
    const bad = await runCli(['snapshot', '-o', join(dir, 'x.json'), '--activation', 'unknown'], { env: liveEnv(standalone.endpoint) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--activation');
  });

  it('a user without a login profile has consolePassword false (GetLoginProfile NoSuchEntity)', async () => {
    const { snap } = await snapshot(standalone, ['--principal', 'arn:aws:iam::123456789012:user/bob']);
    expect(snap.users).toEqual({ bob: { consolePassword: false, mfaDevices: 0 } });
  });

  it('a role principal has no user facts; without --principal every user\'s console facts are read (for audit)', async () => {
    const role = await snapshot(standalone, ['--principal', 'FinOps']);
    expect(role.snap.users).toBeUndefined();
    expect(role.stderr).not.toContain('warning');
    const all = (await snapshot(standalone, [])).snap;
    expect(Object.keys(all.users ?? {})).toEqual(all.iam.UserDetailList.map((u) => u.UserName).sort((a, b) => a.localeCompare(b)));
    for (const facts of Object.values(all.users ?? {})) {
      expect(typeof facts.consolePassword).toBe('boolean');
      expect(typeof facts.mfaDevices).toBe('number');
    }
    const unknown = await snapshot(standalone, ['--principal', 'nobody']);
    expect(unknown.snap.users).toBeUndefined();
    expect(unknown.stderr).toContain('warning: --principal nobody: no IAM user or role of that name in account 123456789012; no console facts recorded');
  });

  it('the management account records its organization and reads no SCPs (they do not apply to it)', async () => {
    const { snap, stderr } = await snapshot(organization, []);
    const org = snap.organizations;
    expect(org?.organization.MasterAccountId).toBe(MANAGEMENT_ACCOUNT);
    expect(org?.organization.FeatureSet).toBe('ALL');
    expect(org?.account?.Id).toBe(MANAGEMENT_ACCOUNT);
    expect(org?.parents).toBeUndefined();
    expect(org?.policies).toBeUndefined();
    expect(stderr).toContain('(management account)');
  });

  it('a member account with --org-profile: OU path to the root and the SCPs at every level', async () => {
    const profiles = writeProfiles(tmp('aws-'), { member: scenario.member.credentials, mgmt: DEFAULT_CREDENTIALS });
    const { snap } = await snapshot(organization, ['--profile', 'member', '--org-profile', 'mgmt', '--principal', 'alice'], profiles);

    expect(snap.account?.id).toBe(scenario.member.accountId);
    expect(snap.caller?.Arn).toContain(`${scenario.member.accountId}:assumed-role/OrganizationAccountAccessRole/`);
    expect(snap.iam.UserDetailList.map((u) => u.UserName).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(snap.users?.alice).toEqual({ consolePassword: true, mfaDevices: 1 });
    const org = snap.organizations;
    expect(org?.organization.MasterAccountId).toBe(MANAGEMENT_ACCOUNT);
    expect(org?.account).toMatchObject({ Id: scenario.member.accountId, JoinedMethod: 'CREATED' });
    expect(org?.parents).toEqual([
      { Id: scenario.ouIds[0], Type: 'ORGANIZATIONAL_UNIT' },
      { Id: scenario.ouIds[1], Type: 'ORGANIZATIONAL_UNIT' },
      { Id: scenario.rootId, Type: 'ROOT' },
    ]);
    const names = (target: string): string[] => (org?.policies?.[target] ?? []).map((p) => p.PolicySummary.Name).sort();
    expect(Object.keys(org?.policies ?? {}).sort()).toEqual([scenario.member.accountId, ...scenario.ouIds, scenario.rootId].sort());
    expect(names(scenario.ouIds[0] as string)).toEqual(['DenyOutsideEU', 'FullAWSAccess']);
    expect(names(scenario.rootId)).toEqual(['FullAWSAccess']);
    expect(names(scenario.member.accountId)).toEqual(['FullAWSAccess']);
    const deny = org?.policies?.[scenario.ouIds[0] as string]?.find((p) => p.PolicySummary.Name === 'DenyOutsideEU');
    expect(JSON.parse(String(deny?.Content)).Statement[0].Sid).toBe('DenyAllOutsideEU');
    expect(snap.gaps).toBeUndefined();
  });

  it('a member account without --org-profile: the SCP reads become gaps that suggest --org-profile', async () => {
    const { snap, stderr } = await snapshot(organization, ['--profile', 'member'], writeProfiles(tmp('aws-'), { member: scenario.member.credentials }));
    expect(snap.account?.id).toBe(scenario.member.accountId);
    expect(snap.organizations?.policies).toBeUndefined();
    expect(snap.gaps?.length).toBeGreaterThan(0);
    for (const gap of snap.gaps ?? []) {
      expect(gap.operation).toMatch(/^organizations:/);
      expect(gap.profile).toBe('member');
      expect(gap.hint).toContain('--org-profile');
    }
    expect(stderr).toMatch(/gaps? \(organizations:/);
  });

  it('--redact: no original token left (names, ids, paths, org ids), AWS managed policies intact, schema-valid, every diagnosis the same', async () => {
    const profiles = writeProfiles(tmp('aws-'), { member: scenario.member.credentials, mgmt: DEFAULT_CREDENTIALS });
    const args = ['--profile', 'member', '--org-profile', 'mgmt', '--activation', 'enabled'];
    const plain = await snapshot(organization, args, profiles);
    const plainFile = join(plain.dir, 'plain.json');
    writeFileSync(plainFile, readFileSync(plain.file));
    const { file, snap, stderr } = await snapshot(organization, [...args, '--redact'], profiles);
    const text = readFileSync(file, 'utf8');

    // Every identifying token of the unredacted file of the same account.
    const p = plain.snap;
    const tokens = new Set<string>([scenario.member.accountId, MANAGEMENT_ACCOUNT, 'workload-eu']);
    const segments = (path: string | undefined): string[] => (path ?? '').split('/').filter((x) => x !== '' && !/^(aws-service-role|aws-reserved|service-role|.*\.amazonaws\.com)$/.test(x));
    for (const u of p.iam.UserDetailList) [u.UserName, u.UserId, ...segments(u.Path), ...(u.Tags ?? []).map((t) => t.Value)].forEach((t) => t && tokens.add(t));
    for (const g of p.iam.GroupDetailList) [g.GroupName, (g as { GroupId?: string }).GroupId, ...segments(g.Path)].forEach((t) => t && tokens.add(t));
    for (const r of p.iam.RoleDetailList) {
      if (/^AWSServiceRoleFor|^OrganizationAccountAccessRole$/.test(r.RoleName)) continue;
      [r.RoleName, (r as { RoleId?: string }).RoleId, ...segments(r.Path)].forEach((t) => t && tokens.add(t));
    }
    for (const pol of p.iam.Policies) if (!pol.Arn.includes(':aws:policy/')) [pol.PolicyName, pol.PolicyId].forEach((t) => t && tokens.add(t));
    const org = p.organizations;
    if (org) {
      tokens.add(org.organization.Id);
      for (const parent of org.parents ?? []) tokens.add(parent.Id);
      for (const list of Object.values(org.policies ?? {})) for (const pol of list) if (!pol.PolicySummary.AwsManaged) [pol.PolicySummary.Id, pol.PolicySummary.Name].forEach((t) => t && tokens.add(t));
    }
    const leaks = [...tokens].filter((t) => t.length >= 3 && text.includes(t));
    console.info(`--redact: ${tokens.size} identifying tokens in the plain snapshot, ${leaks.length} left in the redacted one`);
    expect(leaks).toEqual([]);
    expect(snap.redacted).toBe(true);
    expect(text).toContain(BILLING_ARN);
    expect(stderr).toContain('(redacted)');

    // The same diagnosis for every principal, names mapped by position.
    const matrix = async (f: string) => {
      const r = await runCli(['audit', '--snapshot', f, '--json', '--task', 'home', '--task', 'bills', '--task', 'cost-explorer', '--task', 'payments']);
      expect(r.code, r.stderr).toBeLessThanOrEqual(3);
      return (JSON.parse(r.stdout) as { principals: { principal: { type: string }; cells: unknown[] }[] }).principals.map((row) => ({ type: row.principal.type, cells: row.cells }));
    };
    const before = await matrix(plainFile);
    expect(before.length).toBeGreaterThan(3);
    expect(await matrix(file)).toEqual(before);
  });

  it('never overwrites without --force: one line naming the file, exit 2, file untouched', async () => {
    const file = join(tmp('t-'), 'acct.json');
    writeFileSync(file, 'precious');
    const r = await runCli(['snapshot', '-o', file], { env: liveEnv(standalone.endpoint) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file}: file exists; pass --force`);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    const forced = await runCli(['snapshot', '-o', file, '--force'], { env: liveEnv(standalone.endpoint) });
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).billingAccessSnapshot).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('-o - writes the snapshot to stdout (the summary to stderr) and no file', async () => {
    const dir = tmp('t-');
    const r = await runCli(['snapshot', '-o', '-', '--principal', 'alice'], { env: liveEnv(standalone.endpoint), cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const snap = JSON.parse(r.stdout) as SnapshotV1;
    parseSnapshot(snap, 'stdout');
    expect(snap.iam.UserDetailList.map((u) => u.UserName).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(r.stderr).toMatch(/^wrote stdout: account 123456789012/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a directory that does not exist: one-line error naming the file, exit 2, nothing written', async () => {
    const dir = tmp('t-');
    const file = join(dir, 'missing', 'acct.json');
    const r = await runCli(['snapshot', '-o', file], { env: liveEnv(standalone.endpoint) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
