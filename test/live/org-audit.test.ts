/**
 * `audit --org` against a real multi-account organization on moto_server: 11 member accounts in 3
 * OUs, SCPs at each level (an OU with an EU-only region deny, an OU without an allow, one account
 * with its own region deny), a FinOps role in every account, and one account whose role cannot be
 * assumed (the proxy in front of moto refuses that AssumeRole, as AWS would). Through the built CLI.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand as CreateStoreUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
  ProvisionPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { runCli, type RunResult } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { createMemberAccount, createOrganization, DEFAULT_CREDENTIALS, liveEnv, MANAGEMENT_ACCOUNT, seedClients, type Credentials } from './aws.js';
import { startFaultProxy, type FaultProxy, type FaultRule, type ProxyLogEntry } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';

const dir = scratch('ba-org-');
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});
/** The IAM User Guide's region deny with EU regions: no billing service exempted (billing-facts.md §4). */
const EU_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAllOutsideEU',
      Effect: 'Deny',
      NotAction: ['cloudfront:*', 'iam:*', 'route53:*', 'support:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3'] } },
    },
  ],
});
const PAGES = ['--task', 'home', '--task', 'bills', '--task', 'cost-explorer'];

interface Org {
  /** The accounts where Identity Center assigns permission sets (maria through group Finance, sam directly). */
  sso: string[];
  root: string;
  ous: Record<'eu' | 'prod' | 'dev', string>;
  accounts: Record<'eu' | 'prod' | 'dev', string[]>;
  regionDenied: string;
  blocked: string;
}

let moto: Moto;
let org: Org;

async function seed(endpoint: string): Promise<Org> {
  const mgmt = seedClients(endpoint);
  const root = await createOrganization(mgmt);
  const ous = {} as Org['ous'];
  for (const name of ['eu', 'prod', 'dev'] as const) {
    const created = await mgmt.organizations.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: name }));
    ous[name] = created.OrganizationalUnit?.Id ?? '';
  }
  const euOnly = await mgmt.organizations.send(
    new CreatePolicyCommand({ Name: 'eu-only', Description: 'EU regions only', Type: 'SERVICE_CONTROL_POLICY', Content: EU_ONLY }),
  );
  const euPolicy = euOnly.Policy?.PolicySummary?.Id ?? '';
  await mgmt.organizations.send(new AttachPolicyCommand({ PolicyId: euPolicy, TargetId: ous.eu }));
  // prod: FullAWSAccess detached, so that level has no allow (the classic "SCP broke everything").
  await mgmt.organizations.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ous.prod }));

  const accounts: Org['accounts'] = { eu: [], prod: [], dev: [] };
  const layout: ['eu' | 'prod' | 'dev', number][] = [['eu', 4], ['prod', 3], ['dev', 4]];
  // Accounts are created one after the other (their order is the test's), then seeded side by side.
  const created: { ou: 'eu' | 'prod' | 'dev'; i: number; accountId: string; credentials: Credentials }[] = [];
  for (const [ou, count] of layout) {
    for (let i = 0; i < count; i++) created.push({ ou, i, ...(await createMemberAccount(mgmt, `${ou}-${i}`)) });
  }
  await Promise.all(
    created.map(async ({ ou, i, accountId, credentials }) => {
      await mgmt.organizations.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: root, DestinationParentId: ous[ou] }));
      const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      await iam.send(new CreateRoleCommand({ RoleName: 'FinOps', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'FinOps', PolicyArn: 'arn:aws:iam::aws:policy/job-function/Billing' }));
      if (i === 0) await iam.send(new CreateUserCommand({ UserName: `dev-${ou}` }));
      iam.destroy();
    }),
  );
  for (const { ou, accountId } of created) accounts[ou].push(accountId);
  const regionDenied = accounts.dev[1] as string;
  await mgmt.organizations.send(new AttachPolicyCommand({ PolicyId: euPolicy, TargetId: regionDenied }));
  const sso = created.filter((a) => a.ou === 'dev' && (a.i === 1 || a.i === 3));
  await seedIdentityCenter(endpoint, sso);
  return { sso: sso.map((a) => a.accountId), root, ous, accounts, regionDenied, blocked: accounts.dev[2] as string };
}

// moto 5.2.1 refuses AWS managed policies with a path in permission sets: AWSBillingReadOnlyAccess sits at /.
const BILLING_READ = 'arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

/**
 * Identity Center in the management account: FinanceAdmins (billing read) assigned to group Finance
 * (maria), S3Readers (no billing) to sam directly, both provisioned to `targets`, whose IAM gets
 * the AWSReservedSSO_* roles provisioning would create (moto does not create them).
 */
async function seedIdentityCenter(endpoint: string, targets: { accountId: string; credentials: Credentials }[]): Promise<void> {
  const config = { endpoint, region: 'us-east-1', credentials: DEFAULT_CREDENTIALS, maxAttempts: 1 };
  const sso = new SSOAdminClient(config);
  const store = new IdentitystoreClient(config);
  const instance = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
  const [InstanceArn, IdentityStoreId] = [instance?.InstanceArn, instance?.IdentityStoreId];
  const user = async (UserName: string) => (await store.send(new CreateStoreUserCommand({ IdentityStoreId, UserName, DisplayName: UserName, Name: { GivenName: UserName, FamilyName: 'Test' } }))).UserId;
  const maria = await user('maria');
  const sam = await user('sam');
  const finance = (await store.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: 'Finance' }))).GroupId;
  await store.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId: finance, MemberId: { UserId: maria } }));
  const sets = [
    { name: 'FinanceAdmins', policy: BILLING_READ, principal: ['GROUP', finance] as const, hex: '1111222233334444' },
    { name: 'S3Readers', policy: S3_READ, principal: ['USER', sam] as const, hex: '5555666677778888' },
  ];
  for (const set of sets) {
    const PermissionSetArn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: set.name }))).PermissionSet?.PermissionSetArn;
    await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: set.policy }));
    for (const { accountId: TargetId, credentials } of targets) {
      const [PrincipalType, PrincipalId] = set.principal;
      await sso.send(new CreateAccountAssignmentCommand({ InstanceArn, PermissionSetArn, TargetId, TargetType: 'AWS_ACCOUNT', PrincipalType, PrincipalId }));
      await sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetId, TargetType: 'AWS_ACCOUNT' }));
      const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      const RoleName = `AWSReservedSSO_${set.name}_${set.hex}`;
      await iam.send(new CreateRoleCommand({ RoleName, Path: '/aws-reserved/sso.amazonaws.com/', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: set.policy }));
      iam.destroy();
    }
  }
  sso.destroy();
  store.destroy();
}

interface OrgJson {
  organization: { id: string; managementAccountId: string };
  accounts: {
    id: string;
    ous: string[];
    status: string;
    gaps: { operation: string; error: string; hint?: string }[];
    snapshotFile?: string;
    principals: { principal: { arn: string; name: string }; cells: { task: string; verdict: string; blockedBy: string[] }[] }[];
  }[];
  drift?: { gained: unknown[]; lost: { principal: string; tasks: string[] }[]; unconfirmed: unknown[]; missing: { principal: string }[] };
}

const finops = (a: OrgJson['accounts'][number]) => a.principals.find((p) => p.principal.name === 'FinOps');

/**
 * The account whose role cannot be assumed; and moto 5.2.1 has no GetPermissionsBoundaryForPermissionSet,
 * so the proxy answers it as AWS does for a permission set without a boundary (ResourceNotFoundException).
 */
const rules = (): FaultRule[] => [
  { operation: 'AssumeRole', body: new RegExp(`arn:aws:iam::${org.blocked}:role/`), fault: 'access-denied', times: Infinity },
  { operation: 'GetPermissionsBoundaryForPermissionSet', fault: 'not-found', times: Infinity },
];

beforeAll(async () => {
  moto = await startMoto();
  org = await seed(moto.endpoint);
  // Seeding 11 accounts is some 70 moto calls: generous for a loaded CI machine.
}, 300_000);

// The organization is only read, so the tests run side by side, each through its own proxy (whose
// log is then that test's calls alone).
const proxies = new Set<FaultProxy>();
async function proxyFor(extra: FaultRule[] = []): Promise<FaultProxy> {
  const proxy = await startFaultProxy(moto.endpoint, [...rules(), ...extra]);
  proxies.add(proxy);
  return proxy;
}

afterAll(async () => {
  await Promise.all([...proxies].map((p) => p.stop()));
  await moto?.stop();
});

/**
 * The sweep of the whole organization, kept with --out-dir: run once and shared by the two tests
 * that look at it (its calls and its result; its kept files and their re-audit).
 */
let sweep: Promise<{ r: RunResult; out: string; log: ProxyLogEntry[] }> | undefined;
function fullSweep(): Promise<{ r: RunResult; out: string; log: ProxyLogEntry[] }> {
  sweep ??= (async () => {
    const proxy = await proxyFor();
    const out = join(dir('out'), 'snapshots');
    const r = await runCli(['audit', '--org', ...PAGES, '--out-dir', out, '--json'], { env: liveEnv(proxy.endpoint) });
    return { r, out, log: proxy.log };
  })();
  return sweep;
}

describe.concurrent('audit --org on a moto organization', () => {
  it('reads every account, shares SCP reads, names the unreadable account, and matches the SCPs', async () => {
    const { r, log } = await fullSweep();
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(r.code).toBe(3); // one account is a gap
    const result = JSON.parse(r.stdout) as OrgJson;
    const members = [...org.accounts.eu, ...org.accounts.prod, ...org.accounts.dev];
    expect(result.accounts.map((a) => a.id).sort()).toEqual([MANAGEMENT_ACCOUNT, ...members].sort());
    expect(result.organization.managementAccountId).toBe(MANAGEMENT_ACCOUNT);

    const byId = new Map(result.accounts.map((a) => [a.id, a]));
    const blocked = byId.get(org.blocked);
    expect(blocked?.status).toBe('gap');
    expect(blocked?.gaps[0]).toMatchObject({ operation: 'sts:AssumeRole', error: 'AccessDenied' });
    expect(blocked?.principals).toEqual([]);

    for (const id of org.accounts.eu) {
      expect(byId.get(id)?.ous).toEqual([org.root, org.ous.eu]);
      const cells = finops(byId.get(id) as OrgJson['accounts'][number])?.cells ?? [];
      expect(cells.map((c) => c.verdict)).toEqual(['denied', 'denied', 'denied']);
      expect(cells[1]?.blockedBy).toContain('region');
    }
    for (const id of org.accounts.prod) {
      const cells = finops(byId.get(id) as OrgJson['accounts'][number])?.cells ?? [];
      expect(cells.map((c) => c.verdict)).toEqual(['denied', 'denied', 'denied']);
      expect(cells[0]?.blockedBy).toContain('scp');
    }
    for (const id of org.accounts.dev.filter((a) => a !== org.blocked)) {
      const verdicts = finops(byId.get(id) as OrgJson['accounts'][number])?.cells.map((c) => c.verdict);
      expect(verdicts).toEqual(id === org.regionDenied ? ['denied', 'denied', 'denied'] : ['allowed', 'allowed', 'allowed']);
    }

    // Bounded calls: SCPs and OU parents are read once per run, not once per account.
    const calls = log.length;
    expect(calls / result.accounts.length).toBeLessThanOrEqual(12);
    const describePolicy = log.filter((e) => e.operation === 'DescribePolicy').length;
    expect(describePolicy).toBe(2); // FullAWSAccess and eu-only, whatever the number of accounts
    const ouParents = log.filter((e) => e.operation === 'ListParents').length;
    expect(ouParents).toBe(result.accounts.length + 3); // each account once, each OU once
    // Only the sweep sends AssumeRole, and nothing that writes.
    expect(log.filter((e) => /^(Create|Put|Attach|Delete|Update|Detach)/.test(e.operation))).toEqual([]);
  });

  it('--expect with account patterns: lost access exits 1 and names every principal × page', async () => {
    const work = dir('expect');
    const expectFile = join(work, 'org.expect.json');
    writeFileSync(expectFile, JSON.stringify({ '*:role/FinOps': ['home', 'bills', 'cost-explorer'], [`${org.ous.dev}:user/*`]: [] }));
    const proxy = await proxyFor();
    const r = await runCli(['audit', '--org', ...PAGES, '--expect', expectFile], { env: liveEnv(proxy.endpoint) });
    expect(r.code).toBe(1);
    for (const id of [...org.accounts.eu, ...org.accounts.prod, org.regionDenied]) {
      expect(r.stdout).toContain(`lost access (on the allow-list, now denied): arn:aws:iam::${id}:role/FinOps: home, bills, cost-explorer`);
    }
    expect(r.stdout).toMatch(new RegExp(`${org.blocked}.*sts:AssumeRole AccessDenied`));
    expect(r.stdout).not.toMatch(/no such principal/);
  });

  it('--accounts and --ou narrow the sweep; a bad id is one line, exit 2, before any AWS call', async () => {
    const proxy = await proxyFor();
    const one = await runCli(['audit', '--org', '--accounts', org.accounts.dev[0] as string, ...PAGES, '--json'], { env: liveEnv(proxy.endpoint) });
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as OrgJson).accounts.map((a) => a.id)).toEqual([org.accounts.dev[0]]);
    const eu = await runCli(['audit', '--org', '--ou', org.ous.eu, ...PAGES, '--json'], { env: liveEnv(proxy.endpoint) });
    expect(eu.code).toBe(0); // every EU cell is decided (denied by the SCP) and no account has a gap
    expect((JSON.parse(eu.stdout) as OrgJson).accounts.map((a) => a.id).sort()).toEqual([...org.accounts.eu].sort());
    const before = proxy.log.length;
    for (const args of [['--accounts', '12345'], ['--ou', 'prod'], ['--concurrency', '0']]) {
      const bad = await runCli(['audit', '--org', ...args], { env: liveEnv(proxy.endpoint) });
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain(args[0]);
    }
    expect(proxy.log.length).toBe(before);
    const unknown = await runCli(['audit', '--org', '--accounts', '999999999999'], { env: liveEnv(proxy.endpoint) });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('999999999999: no ACTIVE account');
  });

  it('--out-dir keeps each account (0600) and --snapshot-dir re-audits them to the same result', async () => {
    const { r: live, out } = await fullSweep();
    expect(live.code).toBe(3);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(12);
    for (const f of files) expect(statSync(join(out, f)).mode & 0o777).toBe(0o600);
    const offline = await runCli(['audit', '--snapshot-dir', out, ...PAGES, '--json'], { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
    expect(offline.code, offline.stderr).toBe(3);
    const a = JSON.parse(live.stdout) as OrgJson & { source: unknown };
    const b = JSON.parse(offline.stdout) as OrgJson & { source: unknown };
    expect(b.accounts).toEqual(a.accounts);
    expect(b.organization).toEqual(a.organization);
    // A second sweep into the same directory is refused before any AWS call.
    const proxy = await proxyFor();
    const again = await runCli(['audit', '--org', '--out-dir', out], { env: liveEnv(proxy.endpoint) });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds 12 snapshot(s)');
    expect(proxy.log).toEqual([]);
  });

  it('Identity Center is read once per run; each account shows its users as doctor --principal judges them', async () => {
    const out = join(dir('sso'), 'snapshots');
    const proxy = await proxyFor();
    const r = await runCli(['audit', '--org', '--accounts', org.sso.join(','), ...PAGES, '--out-dir', out, '--json'], { env: liveEnv(proxy.endpoint) });
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    const result = JSON.parse(r.stdout) as OrgJson;
    const log = proxy.log;
    const count = (operation: string): number => log.filter((e) => e.operation === operation).length;
    // Account-independent reads once for the run; only the provisioned sets and their assignments per account.
    expect(['ListInstances', 'ListPermissionSets', 'ListUsers', 'ListGroups', 'ListGroupMemberships'].map(count)).toEqual([1, 1, 1, 1, 1]);
    expect(count('DescribePermissionSet')).toBe(2);
    expect(count('ListManagedPoliciesInPermissionSet')).toBe(2);
    expect(count('ListPermissionSetsProvisionedToAccount')).toBe(2);
    expect(count('ListAccountAssignments')).toBe(4); // 2 provisioned sets × 2 accounts
    const perAccount = log.filter((e) => /^List(PermissionSetsProvisionedToAccount|AccountAssignments)$/.test(e.operation)).length / result.accounts.length;
    console.info(`Identity Center in audit --org: ${perAccount} calls per account, ${log.length} calls in all for ${result.accounts.length} accounts`);

    const row = (account: string, name: string) => result.accounts.find((a) => a.id === account)?.principals.find((p) => p.principal.name === name);
    const [regionDenied, open] = [org.regionDenied, org.sso.find((id) => id !== org.regionDenied) as string];
    expect(row(open, 'maria')?.cells.map((c) => c.verdict)).toEqual(['allowed', 'allowed', 'allowed']);
    expect(row(open, 'sam')?.cells.map((c) => c.verdict)).toEqual(['denied', 'denied', 'denied']);
    expect(row(open, 'sam')?.cells[1]?.blockedBy).toContain('identity-policy');
    // The account's own region deny takes the pages from maria too.
    expect(row(regionDenied, 'maria')?.cells.map((c) => c.verdict)).toEqual(['denied', 'denied', 'denied']);
    expect(row(regionDenied, 'maria')?.cells[1]?.blockedBy).toContain('region');
    expect(result.accounts.map((a) => a.gaps)).toEqual([[], []]);
    expect(r.code).toBe(0);

    // The same verdicts from doctor on the kept snapshot: one diagnosis, not a second copy of it.
    const cases = ([[open, 'maria'], [open, 'sam'], [regionDenied, 'maria']] as const).flatMap(([account, name]) =>
      ['home', 'bills', 'cost-explorer'].map((task, i) => ({ account, name, task, i })),
    );
    await Promise.all(
      cases.map(async ({ account, name, task, i }) => {
        const d = await runCli(['doctor', '--snapshot', join(out, `${account}.json`), '--principal', name, '--task', task, '--json'], { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
        const verdict = (JSON.parse(d.stdout) as { verdict: string }).verdict;
        expect(verdict, `${account} ${name} ${task}`).toBe(row(account, name)?.cells[i]?.verdict);
      }),
    );
  });

  it('an Identity Center read that fails is a named gap in each account that needs it: her cells are inconclusive, never allowed', async () => {
    const refusing = await proxyFor([{ operation: 'ListAccountAssignments', fault: 'access-denied', times: Infinity }]);
    const r = await runCli(['audit', '--org', '--accounts', org.sso.join(','), ...PAGES, '--json'], { env: liveEnv(refusing.endpoint) });
    expect(r.code).toBe(3);
    const result = JSON.parse(r.stdout) as OrgJson;
    for (const a of result.accounts) {
      expect(a.status).toBe('read');
      expect(a.gaps.map((g) => `${g.operation} ${g.error}`)).toContain('sso-admin:ListAccountAssignments AccessDeniedException');
      // Her assignments could not be read: no row for her is a pass, and the AWSReservedSSO_* roles are still judged.
      expect(a.principals.filter((p) => p.principal.name === 'maria' && p.cells.some((c) => c.verdict === 'allowed'))).toEqual([]);
      expect(a.principals.some((p) => p.principal.name.startsWith('AWSReservedSSO_FinanceAdmins_'))).toBe(true);
    }
  });
});
