/**
 * A broken network on the IAM Identity Center reads (sso-admin, identitystore), through the fault
 * proxy in front of a real moto_server: the Identity Center clients have the same guarded request
 * handler as the others, so a hang, an empty 200 or an HTML page ends the run with exit 2 and one
 * line naming the operation and the endpoint, within its limit, and leaves no file behind. Never a
 * gap that reads as "no permission sets" or "no users".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand } from '@aws-sdk/client-identitystore';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { DEFAULT_CREDENTIALS, liveEnv, writeProfiles } from './aws.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { identityCenterOrg } from './scenarios.js';

const tmp = scratch('billing-access-sso-fault-');
// The organization and its Identity Center, seeded once and only read: the tests run side by side
// (most of their time is a timeout or a deadline), each through a fault proxy of its own.
let moto: Moto;
let profiles: Record<string, string | undefined>;
beforeAll(async () => {
  // No IAM entity here attaches an AWS managed policy (sso-admin finds the set's one without them).
  moto = await startMoto({ awsManagedPolicies: 'none' });
  profiles = await seed();
});
const proxies = new Set<FaultProxy>();
afterAll(async () => {
  await Promise.all([...proxies].map((p) => p.stop()));
  await moto?.stop();
});

async function proxied(operation: string, fault: Fault): Promise<FaultProxy> {
  const proxy = await startFaultProxy(moto.endpoint, [{ operation, fault, times: Infinity }, NO_BOUNDARY]);
  proxies.add(proxy);
  return proxy;
}

/** Figures for the closing note: fault, operation, exit code, seconds to fail. */
const figures: string[] = [];
afterAll(() => console.info(`Identity Center network faults:\n${figures.join('\n')}`));

/**
 * moto 5.2.1 answers GetPermissionsBoundaryForPermissionSet, which it lacks, with an HTML 500 page:
 * refused as AWS refuses a missing permission (a gap), so the reads after it are reached.
 */
const NO_BOUNDARY = { operation: 'GetPermissionsBoundaryForPermissionSet', fault: 'access-denied', times: Infinity } as const;

/** One permission set assigned to a user and to a group she is in: every Identity Center read is sent. */
async function seed(): Promise<Record<string, string | undefined>> {
  const { member, credentials, sso, store, instanceArn: InstanceArn, storeId: IdentityStoreId } = await identityCenterOrg(moto.endpoint);
  const set = (await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: 'FinanceAdmins' }))).PermissionSet?.PermissionSetArn ?? '';
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn: set, ManagedPolicyArn: 'arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess' }));
  const inline = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] };
  await sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn: set, InlinePolicy: JSON.stringify(inline) }));
  const maria = await store.send(new CreateUserCommand({ IdentityStoreId, UserName: 'maria', DisplayName: 'Maria Garcia', Name: { GivenName: 'Maria', FamilyName: 'Garcia' } }));
  const finance = await store.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: 'Finance' }));
  await store.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId: finance.GroupId, MemberId: { UserId: maria.UserId } }));
  for (const [PrincipalType, PrincipalId] of [['USER', maria.UserId], ['GROUP', finance.GroupId]] as const) {
    await sso.send(new CreateAccountAssignmentCommand({ InstanceArn, TargetId: member, TargetType: 'AWS_ACCOUNT', PermissionSetArn: set, PrincipalType, PrincipalId }));
  }
  // AWS provisions a set to the account when it is assigned there (sso-admin API Reference,
  // CreateAccountAssignment), and billing-access reads assignments of provisioned sets only; moto 5.2.1 does not.
  await sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn: set, TargetId: member, TargetType: 'AWS_ACCOUNT' }));
  sso.destroy();
  store.destroy();
  return writeProfiles(tmp('p-'), { member: credentials, mgmt: DEFAULT_CREDENTIALS });
}

interface Outcome {
  code: number | null;
  stderr: string;
  seconds: number;
  left: string[];
}

async function snapshotThrough(operation: string, fault: Fault, args: string[] = []): Promise<Outcome & { endpoint: string; proxy: FaultProxy }> {
  const proxy = await proxied(operation, fault);
  const dir = tmp('out-');
  const started = Date.now();
  const r = await runCli(['snapshot', '-o', join(dir, 's.json'), '--profile', 'member', '--org-profile', 'mgmt', '--principal', 'maria', ...args], {
    env: liveEnv(proxy.endpoint, profiles),
    timeoutMs: 120_000,
  });
  return { code: r.code, stderr: r.stderr, seconds: (Date.now() - started) / 1000, left: readdirSync(dir), endpoint: proxy.endpoint, proxy };
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** stderr without the warnings of the boundary reads refused on purpose (NO_BOUNDARY). */
const unprovoked = (stderr: string): string[] => stderr.trim().split('\n').filter((l) => !l.startsWith('warning: sso-admin:GetPermissionsBoundaryForPermissionSet '));

function expectFailure(r: Outcome, pattern: RegExp, label: string): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = unprovoked(r.stderr);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.left, 'no snapshot and no temporary file').toEqual([]);
  figures.push(`  ${label}: exit ${r.code} after ${r.seconds.toFixed(1)} s: ${lines[0]}`);
}

/** [service, operation]: every paginated list and per-set read of both services is covered by some fault. */
const HANGS = [
  ['sso-admin', 'ListInstances'],
  ['sso-admin', 'DescribePermissionSet'],
  ['identitystore', 'ListUsers'],
  ['identitystore', 'ListGroupMemberships'],
] as const;
const EMPTY = [
  ['sso-admin', 'ListPermissionSets'],
  ['sso-admin', 'ListManagedPoliciesInPermissionSet'],
  ['identitystore', 'ListUsers'],
  ['identitystore', 'ListGroups'],
] as const;
const HTML = [
  ['sso-admin', 'ListAccountAssignments'],
  ['sso-admin', 'GetInlinePolicyForPermissionSet'],
  ['identitystore', 'ListGroupMemberships'],
] as const;

describe.concurrent('Identity Center reads on a broken network (live, moto behind the fault proxy)', { timeout: 180_000 }, () => {
  for (const [service, operation] of HANGS) {
    it(`hang on ${service}:${operation}: --request-timeout ends it, naming the endpoint, not retried`, async () => {
      const r = await snapshotThrough(operation, 'hang', ['--request-timeout', '2']);
      expectFailure(r, new RegExp(`^billing-access: ${service}:${operation}: no answer from ${esc(r.endpoint)} within 2 s \\(--request-timeout\\)`), `hang on ${operation}, --request-timeout 2`);
      expect(r.seconds).toBeLessThan(30); // one 2 s timeout; the rest is start-up and the IAM reads under load
      // Reads of several permission sets or groups may be in flight at once; none is retried.
      expect(r.proxy.count(operation).requests).toBeLessThanOrEqual(4);
    });
  }

  it('hang on identitystore:ListUsers with a long request timeout: the overall deadline ends it', async () => {
    const r = await snapshotThrough('ListUsers', 'hang', ['--request-timeout', '120', '--deadline', '8']);
    expectFailure(r, new RegExp(`^billing-access: identitystore:ListUsers: the overall deadline of 8 s \\(--deadline\\) passed while waiting for ${esc(r.endpoint)}`), 'hang on ListUsers, --deadline 8');
    expect(r.seconds).toBeLessThan(30);
  });

  for (const [service, operation] of EMPTY) {
    it(`an empty HTTP 200 from ${service}:${operation} is a read error, never an empty list`, async () => {
      const r = await snapshotThrough(operation, 'empty');
      expectFailure(r, new RegExp(`^billing-access: ${service}:${operation}: ${esc(r.endpoint)} answered HTTP 200 with an empty body, not an AWS answer`), `empty 200 on ${operation}`);
    });
  }

  for (const [service, operation] of HTML) {
    it(`an HTML page (HTTP 500) from ${service}:${operation} is a read error, not retried`, async () => {
      const r = await snapshotThrough(operation, 'html');
      expectFailure(r, new RegExp(`^billing-access: ${service}:${operation}: ${esc(r.endpoint)} answered HTTP 500 with an HTML page, not an AWS answer`), `HTML 500 on ${operation}`);
      expect(r.proxy.count(operation).requests).toBeLessThanOrEqual(4); // one per set or group in flight, no retries
    });
  }

  it('doctor: a hang on sso-admin fails with the same line, prints nothing on stdout and --report writes nothing', async () => {
    const proxy = await proxied('ListPermissionSets', 'hang');
    const dir = tmp('doc-');
    const args = ['doctor', '--profile', 'member', '--org-profile', 'mgmt', '--principal', 'maria', '--no-interactive', '--request-timeout', '2', '--report', join(dir, 'r.md')];
    const r = await runCli(args, { env: liveEnv(proxy.endpoint, profiles), timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(unprovoked(r.stderr), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^billing-access: sso-admin:ListPermissionSets: no answer from ${esc(proxy.endpoint)} within 2 s`));
    expect(readdirSync(dir)).toEqual([]);
  });
});
