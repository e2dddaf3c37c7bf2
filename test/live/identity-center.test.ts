/**
 * IAM Identity Center read live from a real moto_server: permission sets, assignments and the
 * identity store seeded in the management account, the `AWSReservedSSO_*` roles provisioning would
 * create seeded in the member account's IAM (moto does not create them). moto 5.2.1 has no
 * GetPermissionsBoundaryForPermissionSet and answers it with an HTML 500 page, which billing-access
 * rightly takes as no AWS answer at all (a fatal read error): the runs go through the fault proxy,
 * which refuses that read as AWS refuses a missing permission, so it is a named gap here; a stub
 * test covers the read itself.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand as CreateIamUserCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand } from '@aws-sdk/client-identitystore';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { collectIdentityCenter } from '../../src/sources/aws/identity-center.js';
import { silentProgress } from '../../src/ui/progress.js';
import { ROOT, runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { DEFAULT_CREDENTIALS, liveEnv, seedClients, serveStubAws, writeProfiles, type Credentials } from './aws.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { identityCenterOrg } from './scenarios.js';

const tmp = scratch('billing-access-sso-');
// One organization with its Identity Center, seeded once and only read: the tests run side by side.
let moto: Moto;
let proxy: FaultProxy | undefined;
let s: Seeded;
beforeAll(async () => {
  moto = await startMoto();
  s = await seed();
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

// moto 5.2.1 refuses AWS managed policies with a path (job-function/…) in permission sets: one at /.
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const BILLING_READ = 'arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess';
const S3_LIST = { Version: '2012-10-17', Statement: [{ Sid: 'ListBuckets', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] };

interface Seeded {
  member: string;
  instanceArn: string;
  storeId: string;
  sets: Record<string, string>;
  env: Record<string, string | undefined>;
  credentials: Credentials;
}

/**
 * maria: BillingViewers directly (AmazonS3ReadOnlyAccess + an inline s3 statement: no billing), FinanceAdmins
 * through group Finance (AWSBillingReadOnlyAccess). NeedsCmp names a customer managed policy the
 * member account lacks and is assigned only to the empty group Auditors.
 */
async function seed(): Promise<Seeded> {
  const { member, credentials, sso, store, instanceArn, storeId } = await identityCenterOrg(moto.endpoint);

  const sets: Record<string, string> = {};
  for (const name of ['BillingViewers', 'FinanceAdmins', 'NeedsCmp']) {
    const created = await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: name, SessionDuration: 'PT8H' }));
    sets[name] = created.PermissionSet?.PermissionSetArn ?? '';
  }
  const attach = (set: string, arn: string) => sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: sets[set], ManagedPolicyArn: arn }));
  await attach('BillingViewers', S3_READ);
  await sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: sets.BillingViewers, InlinePolicy: JSON.stringify(S3_LIST) }));
  await attach('FinanceAdmins', BILLING_READ);
  await attach('NeedsCmp', BILLING_READ);
  await sso.send(
    new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: sets.NeedsCmp,
      CustomerManagedPolicyReference: { Name: 'BillingExtra', Path: '/finance/' },
    }),
  );

  const maria = await store.send(
    new CreateUserCommand({
      IdentityStoreId: storeId,
      UserName: 'maria',
      DisplayName: 'Maria Garcia',
      Name: { GivenName: 'Maria', FamilyName: 'Garcia' },
      Emails: [{ Value: 'maria@example.com', Type: 'work', Primary: true }],
    }),
  );
  const finance = await store.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Finance' }));
  const auditors = await store.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Auditors' }));
  await store.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: finance.GroupId, MemberId: { UserId: maria.UserId } }));
  const assign = (set: string, type: 'USER' | 'GROUP', id: string | undefined) =>
    sso.send(
      new CreateAccountAssignmentCommand({ InstanceArn: instanceArn, TargetId: member, TargetType: 'AWS_ACCOUNT', PermissionSetArn: sets[set], PrincipalType: type, PrincipalId: id }),
    );
  await assign('BillingViewers', 'USER', maria.UserId);
  await assign('FinanceAdmins', 'GROUP', finance.GroupId);
  await assign('NeedsCmp', 'GROUP', auditors.GroupId);
  for (const arn of Object.values(sets)) {
    await sso.send(new ProvisionPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, TargetType: 'AWS_ACCOUNT', TargetId: member }));
  }

  // What provisioning leaves in the member account (moto does not create these roles itself).
  const iam = seedClients(moto.endpoint, credentials).iam;
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${member}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE` }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] }] });
  const role = async (set: string, hex: string, attached: string[], inline?: object) => {
    const RoleName = `AWSReservedSSO_${set}_${hex}`;
    await iam.send(new CreateRoleCommand({ RoleName, Path: '/aws-reserved/sso.amazonaws.com/', AssumeRolePolicyDocument: trust }));
    for (const PolicyArn of attached) await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    if (inline) await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'AwsSSOInlinePolicy', PolicyDocument: JSON.stringify(inline) }));
  };
  await role('BillingViewers', '0123456789abcdef', [S3_READ], S3_LIST);
  await role('FinanceAdmins', '1111222233334444', [BILLING_READ]);
  await role('NeedsCmp', '5555666677778888', [BILLING_READ]);
  // IAM users for the name check: omar shares no name with Identity Center, maria does.
  await iam.send(new CreateIamUserCommand({ UserName: 'omar' }));
  await iam.send(new CreateIamUserCommand({ UserName: 'maria' }));

  proxy = await startFaultProxy(moto.endpoint, [{ operation: 'GetPermissionsBoundaryForPermissionSet', fault: 'access-denied', times: Infinity }]);
  const env = liveEnv(proxy.endpoint, writeProfiles(tmp('p-'), { member: credentials, mgmt: DEFAULT_CREDENTIALS }));
  return { member, instanceArn, storeId, sets, env, credentials };
}

async function doctor(s: Seeded, ...args: string[]): Promise<{ code: number | null; d: Diagnosis; stderr: string }> {
  const r = await runCli(['doctor', '--profile', 'member', '--org-profile', 'mgmt', '--no-interactive', '--json', ...args], { env: s.env, timeoutMs: 120_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return { code: r.code, d: JSON.parse(r.stdout) as Diagnosis, stderr: r.stderr };
}

/** doctor --principal maria@example.com, live: one run, which three tests look at (the account is only read). */
let mariaRun: ReturnType<typeof doctor> | undefined;
const maria = (): ReturnType<typeof doctor> => (mariaRun ??= doctor(s, '--principal', 'maria@example.com'));

describe.concurrent('Identity Center, live (moto)', () => {
  it('doctor --principal maria@example.com names her sets in the account and which one opens the page', async () => {
    const { code, d, stderr } = await maria();
    expect(code, stderr).toBe(0);
    expect(d.identityCenter?.instanceArn).toBe(s.instanceArn);
    expect(d.identityCenter?.permissionSets.map((p) => [p.name, p.arn, p.via, p.verdict])).toEqual([
      ['BillingViewers', s.sets.BillingViewers, ['direct'], 'denied'],
      ['FinanceAdmins', s.sets.FinanceAdmins, ['group Finance'], 'allowed'],
    ]);
    expect(d.identityCenter?.conclusion).toBe(`maria can open these pages in account ${s.member} with permission set FinanceAdmins: choose it in the AWS access portal`);
    // The boundary read refused (see the top): a named gap, reported on stderr, never a pass on the boundary comparison.
    expect(stderr).toContain('sso-admin:GetPermissionsBoundaryForPermissionSet');
  });

  it('doctor of an IAM user reads only whether an Identity Center user shares the name: none does, so no permission set is read; maria is ambiguous', async () => {
    // In front of the seeded proxy (moto answers the boundary read with HTML; that proxy refuses it instead).
    const counting = await startFaultProxy(String(s.env.AWS_ENDPOINT_URL), []);
    try {
      const env = { ...s.env, AWS_ENDPOINT_URL: counting.endpoint };
      const omar = await runCli(['doctor', '--profile', 'member', '--org-profile', 'mgmt', '--no-interactive', '--json', '--principal', 'omar'], { env, timeoutMs: 120_000 });
      expect(omar.code, omar.stderr).toBe(1);
      expect((JSON.parse(omar.stdout) as Diagnosis).principal.arn).toBe(`arn:aws:iam::${s.member}:user/omar`);
      expect([counting.count('ListInstances').requests, counting.count('ListUsers').requests]).toEqual([1, 1]);
      expect(counting.count('ListPermissionSets').requests + counting.count('ListPermissionSetsProvisionedToAccount').requests).toBe(0);
      // The IAM user maria and the Identity Center user maria: the whole part is read and the name is refused as ambiguous.
      const maria = await runCli(['doctor', '--profile', 'member', '--org-profile', 'mgmt', '--no-interactive', '--json', '--principal', 'maria'], { env, timeoutMs: 120_000 });
      expect(maria.code).toBe(2);
      expect(maria.stderr).toMatch(/--principal maria is ambiguous: user arn:aws:iam::\d{12}:user\/maria and Identity Center user maria/);
    } finally {
      await counting.stop();
    }
  });

  it('--permission-set BillingViewers: a verified fix with the real instance and permission-set ARNs, provisioned to this account only', async () => {
    const { code, d } = await doctor(s, '--principal', 'maria@example.com', '--permission-set', 'BillingViewers');
    expect(code).toBe(1);
    const fixes = d.checks.find((c) => c.id === 'identity-policy')?.remediation ?? [];
    const provision = `aws sso-admin provision-permission-set --instance-arn ${s.instanceArn} --permission-set-arn ${s.sets.BillingViewers} --target-type AWS_ACCOUNT --target-id ${s.member}`;
    const inline = fixes.find((f) => f.command?.startsWith('aws sso-admin put-inline-policy-to-permission-set'));
    expect(inline?.command).toBe(`aws sso-admin put-inline-policy-to-permission-set --instance-arn ${s.instanceArn} --permission-set-arn ${s.sets.BillingViewers} --inline-policy file://BillingViewers-inline.json && ${provision}`);
    expect((inline?.document as { Statement: { Sid: string }[] }).Statement.map((x) => x.Sid)).toEqual(['ListBuckets', 'AllowBillingConsole']);
    expect(inline?.verified).toBe('verified: with this change the verdict becomes allowed');
    const attach = fixes.find((f) => f.command?.startsWith('aws sso-admin attach-managed-policy-to-permission-set'));
    expect(attach?.command).toContain(`--managed-policy-arn ${BILLING_READ} && ${provision}`);
    expect(attach?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('a customer managed reference missing from the account, and an assignment to an empty group, are findings', async () => {
    const { d } = await doctor(s, '--permission-set', 'NeedsCmp');
    const c = d.checks.find((x) => x.id === 'identity-center');
    expect(c?.status).toBe('warn');
    expect(c?.summary).toContain(`references customer managed policy BillingExtra (path /finance/), but account ${s.member} has no arn:aws:iam::${s.member}:policy/finance/BillingExtra`);
    expect(c?.summary).toContain('to group Auditors, which has no members');
  });

  it('snapshot --org-profile writes the identityCenter part; the offline diagnosis is the same as the live one', async () => {
    const file = join(tmp('s-'), 'acct.json');
    const snap = await runCli(['snapshot', '-o', file, '--profile', 'member', '--org-profile', 'mgmt', '--principal', 'maria@example.com'], { env: s.env, timeoutMs: 120_000 });
    expect(snap.code, snap.stderr).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as SnapshotV1;
    expect(written.identityCenter?.users.map((u) => u.UserName)).toEqual(['maria']);
    expect(written.identityCenter?.groups.map((g) => g.DisplayName).sort()).toEqual(['Auditors', 'Finance']);
    expect(written.gaps?.filter((g) => g.part === 'identity-center').map((g) => g.operation)).toEqual(Array(3).fill('sso-admin:GetPermissionsBoundaryForPermissionSet'));
    const live = await maria();
    const offline = await runCli(['doctor', '--snapshot', file, '--no-interactive', '--json', '--principal', 'maria@example.com'], { env: s.env });
    // The live run and the snapshot are read moments apart: aws:CurrentTime (the capture time) differs.
    const comparable = (d: Diagnosis) => ({
      ...d,
      source: undefined,
      requestContext: d.requestContext && { ...d.requestContext, keys: d.requestContext.keys.filter((k) => k.key !== 'aws:CurrentTime') },
    });
    expect(comparable(JSON.parse(offline.stdout) as Diagnosis)).toEqual(comparable(live.d));
  });
});

// Concurrent too, so it runs beside the block above (adjacent concurrent blocks run together): its
// forty Python starts are mostly waiting.
describe.concurrent('scripts/snapshot-with-aws-cli.sh (aws CLI and jq only)', () => {
  it('with ORG_PROFILE writes the identityCenter part: the offline diagnosis names the same sets and verdicts as the live one', async () => {
    const file = join(tmp('cli-'), 'acct.json');
    const script = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const env = { ...process.env, ...s.env, PROFILE: 'member', ORG_PROFILE: 'mgmt', PRINCIPAL: 'maria@example.com', AWS_MAX_ATTEMPTS: '1' };
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
      const child = spawn('bash', [join(ROOT, 'scripts/snapshot-with-aws-cli.sh'), file], { env: env as NodeJS.ProcessEnv });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(script.code, script.stderr).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as SnapshotV1;
    expect(written.identityCenter?.users.map((u) => u.UserName)).toEqual(['maria']);
    const offline = await runCli(['doctor', '--snapshot', file, '--no-interactive', '--json', '--principal', 'maria@example.com']);
    expect(offline.code, offline.stderr).toBe(0);
    const live = await maria();
    const sets = (d: Diagnosis) => d.identityCenter?.permissionSets.map((p) => [p.name, p.arn, p.via, p.verdict]);
    expect(sets(JSON.parse(offline.stdout) as Diagnosis)).toEqual(sets(live.d));
  }, 420_000); // some forty aws CLI runs (a Python start each): minutes on a loaded machine
});

describe('Identity Center through a stub (what moto lacks)', () => {
  it('GetPermissionsBoundaryForPermissionSet: a managed boundary is read; ResourceNotFound means none; every operation is on the allow-list', async () => {
    const seen: string[] = [];
    const instance = 'arn:aws:sso:::instance/ssoins-stub';
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        seen.push(op);
        const input = JSON.parse(body || '{}') as { PermissionSetArn?: string };
        const reply = (status: number, value: object, type?: string) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
          res.end(JSON.stringify(value));
        };
        const answers: Record<string, () => void> = {
          ListInstances: () => reply(200, { Instances: [{ InstanceArn: instance, IdentityStoreId: 'd-stub', Status: 'ACTIVE' }] }),
          ListPermissionSets: () => reply(200, { PermissionSets: [`${instance}/ps-a`, `${instance}/ps-b`] }),
          ListPermissionSetsProvisionedToAccount: () => reply(200, { PermissionSets: [`${instance}/ps-a`, `${instance}/ps-b`] }),
          DescribePermissionSet: () => reply(200, { PermissionSet: { Name: input.PermissionSetArn?.endsWith('ps-a') ? 'Bounded' : 'Free', PermissionSetArn: input.PermissionSetArn } }),
          ListAccountAssignments: () => reply(200, { AccountAssignments: [] }),
          GetInlinePolicyForPermissionSet: () => reply(200, { InlinePolicy: '' }),
          ListManagedPoliciesInPermissionSet: () => reply(200, { AttachedManagedPolicies: [] }),
          ListCustomerManagedPolicyReferencesInPermissionSet: () => reply(200, { CustomerManagedPolicyReferences: [] }),
          GetPermissionsBoundaryForPermissionSet: () =>
            input.PermissionSetArn?.endsWith('ps-a')
              ? reply(200, { PermissionsBoundary: { ManagedPolicyArn: BILLING_READ } })
              : reply(400, { __type: 'ResourceNotFoundException', message: 'no boundary' }, 'ResourceNotFoundException'),
          ListUsers: () => reply(200, { Users: [] }),
          ListGroups: () => reply(200, { Groups: [] }),
        };
        (answers[op] ?? (() => reply(400, { __type: 'UnknownOperationException' }, 'UnknownOperationException')))();
      });
    });
    const stop = await serveStubAws(server);
    try {
      const { part, gaps } = await collectIdentityCenter({ region: 'us-east-1', profileLabel: 'default', orgProfileGiven: true }, '111122223333', undefined, silentProgress);
      expect(gaps).toEqual([]);
      expect(part?.permissionSets.map((p) => [p.Name, p.PermissionsBoundary])).toEqual([
        ['Bounded', { ManagedPolicyArn: BILLING_READ }],
        ['Free', undefined],
      ]);
      expect(seen).toContain('GetPermissionsBoundaryForPermissionSet');
    } finally {
      await stop();
    }
  });
});
