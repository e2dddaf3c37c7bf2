/** Live collection through a fault-injecting proxy in front of moto: retries, gaps, one-line failures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { parseSnapshot } from '../../src/sources/file.js';
import { runCli } from '../helpers/run.js';
import { DEFAULT_CREDENTIALS, liveEnv, writeProfiles } from './aws.js';
import { startFaultProxy, type FaultProxy, type FaultRule } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { scratch } from '../ui/scratch.js';
import { seedOrganization, type OrgScenario } from './scenarios.js';

const tmp = scratch('billing-access-fault-');
// The organization with a member account, seeded once and only read: the tests run side by side
// (most of their time is retry back-off).
let moto: Moto;
let profiles: Record<string, string | undefined>;
beforeAll(async () => {
  moto = await startMoto();
  const scenario: OrgScenario = await seedOrganization(moto.endpoint);
  profiles = writeProfiles(tmp('aws-'), { member: scenario.member.credentials, mgmt: DEFAULT_CREDENTIALS });
});
const proxies = new Set<FaultProxy>();
afterAll(async () => {
  await Promise.all([...proxies].map((p) => p.stop()));
  await moto?.stop();
});

const ARGS = ['--profile', 'member', '--org-profile', 'mgmt', '--principal', 'alice'];

async function capture(
  endpoint: string,
  name: string,
  env: Record<string, string | undefined> = profiles,
): Promise<{ code: number | null; stderr: string; snap?: SnapshotV1 }> {
  const file = join(tmp('t-'), name);
  const r = await runCli(['snapshot', '-o', file, ...ARGS], { env: liveEnv(endpoint, env), timeoutMs: 120_000 });
  const snap = r.code === 0 ? (JSON.parse(readFileSync(file, 'utf8')) as SnapshotV1) : undefined;
  if (snap) parseSnapshot(snap, file); // the file validates against schema/snapshot.schema.json
  return { code: r.code, stderr: r.stderr, snap };
}

/** The snapshot without what changes between two reads (its timestamp, when moto last saw the member role used). */
const content = (s: SnapshotV1 | undefined): unknown =>
  s && { ...s, capturedAt: undefined, iam: { ...s.iam, RoleDetailList: s.iam.RoleDetailList.map((r) => ({ ...r, RoleLastUsed: undefined })) } };

async function throughProxy(rules: FaultRule[]): Promise<FaultProxy> {
  const proxy = await startFaultProxy(moto.endpoint, rules);
  proxies.add(proxy);
  return proxy;
}

describe.concurrent('faults between billing-access and AWS', { timeout: 120_000 }, () => {
  it('throttling on IAM (400 Throttling) and Organizations (400 ThrottlingException) is retried; the file is the same', async () => {
    const p = await throughProxy([
      { operation: 'GetCallerIdentity', fault: 'throttle', times: 1 },
      { operation: 'GetAccountAuthorizationDetails', fault: 'throttle', times: 2 },
      { operation: 'ListPolicies', fault: 'throttle', times: 1 },
      { operation: 'DescribeOrganization', fault: 'throttle', times: 1 },
      { operation: 'ListPoliciesForTarget', fault: 'throttle', times: 2 },
      { operation: 'DescribePolicy', fault: 'throttle', times: 1 },
    ]);
    const started = Date.now();
    // The clean capture is taken while the faulty one waits out its back-off (the account is only read).
    const [clean, faulty] = await Promise.all([capture(moto.endpoint, 'clean.json'), capture(p.endpoint, 'faulty.json')]);
    const elapsed = Date.now() - started;
    expect(clean.code, clean.stderr).toBe(0);
    expect(faulty.code, faulty.stderr).toBe(0);
    expect(content(faulty.snap)).toEqual(content(clean.snap));

    const gaad = p.count('GetAccountAuthorizationDetails');
    expect(gaad).toEqual({ requests: 3, faults: 2 }); // 2 throttled attempts, then the one page
    expect(p.count('ListPoliciesForTarget')).toEqual({ requests: 6, faults: 2 }); // 4 levels + 2 retries
    expect(p.count('DescribeOrganization')).toEqual({ requests: 2, faults: 1 });
    const faults = p.log.filter((e) => e.fault).length;
    expect(faults).toBe(8);
    console.info(`throttling: ${faults} throttled responses retried over ${p.log.length} requests in ${elapsed} ms`);
  });

  it('5xx answers for the first requests of every operation are retried', async () => {
    const p = await throughProxy([
      { operation: /.*/, fault: 'server-error', times: 4 }, // the first call fails 4 times, one less than the attempts
      { operation: 'GetAccountAuthorizationDetails', fault: 'server-error', times: 2 },
      { operation: 'DescribeOrganization', fault: 'server-error', times: 2 },
      { operation: 'ListPoliciesForTarget', fault: 'server-error', times: 2 },
    ]);
    const [clean, faulty] = await Promise.all([capture(moto.endpoint, 'clean.json'), capture(p.endpoint, 'faulty.json')]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(faulty.code, faulty.stderr).toBe(0);
    expect(content(faulty.snap)).toEqual(content(clean.snap));
    expect(p.log.slice(0, 4).every((e) => e.operation === 'GetCallerIdentity' && e.fault === 'server-error' && e.status >= 500)).toBe(true);
    expect(p.count('GetCallerIdentity')).toEqual({ requests: 5, faults: 4 });
    expect(p.count('GetAccountAuthorizationDetails')).toEqual({ requests: 3, faults: 2 });
    const faults = p.log.filter((e) => e.fault).length;
    expect(faults).toBe(10);
    console.info(`5xx: ${faults} server errors retried over ${p.log.length} requests`);
  });

  it('a permanent AccessDenied on organizations:ListPoliciesForTarget is a gap naming the permission and the profile, not a crash', async () => {
    const p = await throughProxy([{ operation: 'ListPoliciesForTarget', fault: 'access-denied', times: Infinity }]);
    const r = await capture(p.endpoint, 'denied.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.snap?.organizations?.organization.MasterAccountId).toBeDefined();
    expect(r.snap?.organizations?.parents).toHaveLength(3);
    expect(r.snap?.organizations?.policies).toBeUndefined();
    expect(r.snap?.gaps).toEqual([
      {
        part: 'scp',
        operation: 'organizations:ListPoliciesForTarget',
        error: 'AccessDeniedException',
        message: "You don't have permissions to access this resource.",
        profile: 'mgmt',
        hint: 'grant organizations:ListPoliciesForTarget to profile mgmt',
      },
    ]);
    // AccessDenied is not retried.
    expect(p.count('ListPoliciesForTarget').requests).toBe(4);
    expect(r.stderr).toContain('1 gap (organizations:ListPoliciesForTarget)');
  });

  it('a permanent AccessDenied on iam:GetLoginProfile leaves consolePassword unknown, with a gap', async () => {
    const p = await throughProxy([{ operation: 'GetLoginProfile', fault: 'access-denied', times: Infinity }]);
    const r = await capture(p.endpoint, 'denied.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.snap?.users).toEqual({ alice: { mfaDevices: 1 } });
    expect(r.snap?.gaps).toMatchObject([{ part: 'users', operation: 'iam:GetLoginProfile', error: 'AccessDenied', profile: 'member' }]);
  });

  it('5xx on every attempt: one line naming the operation and the attempts, exit 2, no stack trace', async () => {
    const p = await throughProxy([{ operation: 'GetAccountAuthorizationDetails', fault: 'server-error', times: Infinity }]);
    const r = await capture(p.endpoint, 'never.json');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^billing-access: iam:GetAccountAuthorizationDetails failed after (\d+) attempts with profile member: ServiceUnavailable/);
    const attempts = Number(/after (\d+) attempts/.exec(r.stderr)?.[1]);
    expect(p.count('GetAccountAuthorizationDetails').requests).toBe(attempts);
  });

  it('expired credentials: one line that says so, exit 2, no stack trace', async () => {
    const p = await throughProxy([{ operation: 'GetCallerIdentity', fault: 'expired-token', times: Infinity }]);
    const r = await capture(p.endpoint, 'expired.json', writeProfiles(tmp('aws-'), { member: DEFAULT_CREDENTIALS, mgmt: DEFAULT_CREDENTIALS }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^billing-access: sts:GetCallerIdentity: profile member could not be used: The security token included in the request is expired/);
    expect(p.count('GetCallerIdentity').requests).toBe(1); // not retried
  });

  it('an unreachable endpoint: one line naming it, exit 2', async () => {
    const closed = await startFaultProxy(moto.endpoint, []);
    await closed.stop();
    const r = await capture(closed.endpoint, 'down.json', writeProfiles(tmp('aws-'), { member: DEFAULT_CREDENTIALS, mgmt: DEFAULT_CREDENTIALS }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toContain(`sts:GetCallerIdentity: cannot reach AWS (${closed.endpoint}): ECONNREFUSED`);
  });
});
