/**
 * `doctor --recent-denials`: CloudTrail's LookupEvents (which moto lacks) is answered by a stub
 * that speaks its JSON protocol, behind the fault proxy; every other call reaches a real moto.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingEventSources } from '../../src/denial/cloudtrail.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { ROOT, runCli } from '../helpers/run.js';
import { MANAGEMENT_ACCOUNT, liveEnv, seedClients } from './aws.js';
import { cloudTrailStub } from './cloudtrail-stub.js';
import { startFaultProxy, type FaultProxy, type FaultRule } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { seedAccount } from './scenarios.js';

// One moto, never reset: only the last test writes to it (its account), and no other test reads
// the account (they diagnose a snapshot), so the tests run side by side, each with its own proxy
// (several wait out a timeout or retry back-off).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
const proxies = new Set<FaultProxy>();
afterAll(async () => {
  await Promise.all([...proxies].map((p) => p.stop()));
  await moto?.stop();
});

const SNAPSHOT = join(ROOT, 'test/fixtures/denials/snapshots/sso-ce-scp.json');
const SSO_ROLE = 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_FinOps_0123456789abcdef';
const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

function sso(account = '111122223333'): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_FinOps_0123456789abcdef/maria@example.com`,
    accountId: account,
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: SSO_ROLE, accountId: account, userName: 'AWSReservedSSO_FinOps_0123456789abcdef' },
      attributes: { mfaAuthenticated: 'false', creationDate: minutesAgo(120) },
    },
  };
}
const user = (name: string, account = '111122223333'): Record<string, unknown> => ({ type: 'IAMUser', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, userName: name });

let n = 0;
function record(identity: Record<string, unknown>, source: string, name: string, error?: { code: string; message: string }, minutes = 30): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: identity,
    eventTime: minutesAgo(minutes),
    eventSource: source,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'Mozilla/5.0',
    eventID: `ev-${++n}`,
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
  };
}
const scpDeny = (who: string, action: string) => ({ code: 'AccessDenied', message: `User: ${who} is not authorized to perform: ${action} with an explicit deny in a service control policy` });
const noAllow = (who: string, action: string) => ({ code: 'AccessDenied', message: `User: ${who} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action` });

async function doctor(proxy: FaultProxy, args: string[]): Promise<{ code: number | null; stderr: string; stdout: string; diagnosis?: Diagnosis }> {
  const r = await runCli(['doctor', '--recent-denials', '--no-interactive', '--json', ...args], { env: liveEnv(proxy.endpoint), timeoutMs: 120_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return { ...r, diagnosis: r.code === 2 ? undefined : (JSON.parse(r.stdout) as Diagnosis) };
}

async function serve(records: Record<string, unknown>[], rules: FaultRule[] = [], pageSize = 50) {
  const cloudtrail = cloudTrailStub(records, pageSize);
  const proxy = await startFaultProxy(moto.endpoint, rules, cloudtrail.stub);
  proxies.add(proxy);
  return { cloudtrail, proxy };
}

describe.concurrent('doctor --recent-denials', { timeout: 120_000 }, () => {
  const session = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_FinOps_0123456789abcdef/maria@example.com';
  const mixed = (): Record<string, unknown>[] => [
    record(sso(), 'ce.amazonaws.com', 'GetCostAndUsage', scpDeny(session, 'ce:GetCostAndUsage')),
    record(sso(), 'ce.amazonaws.com', 'GetCostForecast'),
    record(user('alice'), 'ce.amazonaws.com', 'GetCostAndUsage', noAllow('arn:aws:iam::111122223333:user/alice', 'ce:GetCostAndUsage')),
    record(sso(), 'billing.amazonaws.com', 'GetBillingData'),
    record(user('ghost'), 'billing.amazonaws.com', 'GetBillingData', noAllow('arn:aws:iam::111122223333:user/ghost', 'billing:GetBillingData')),
  ];

  it('reads every billing event source page by page in the window, keeps the caller\'s denials and diagnoses them', async () => {
    const { cloudtrail, proxy } = await serve(mixed(), [], 2);
    const started = Date.now();
    const r = await doctor(proxy, ['--snapshot', SNAPSHOT, '--since', '2h']);
    expect(r.code, r.stderr).toBe(1);
    const denial = r.diagnosis?.denial;
    expect(denial).toMatchObject({ source: 'cloudtrail', principalArn: SSO_ROLE, actions: ['ce:GetCostAndUsage'], agreement: 'agrees' });
    expect(denial?.stated).toEqual({ effect: 'explicit-deny', policyType: 'scp', policyArn: null });
    expect(denial?.context).toMatchObject({ 'aws:SourceIp': '203.0.113.10' });
    // Design 5.1: an Identity Center session carries no MFA key, whatever mfaAuthenticated says.
    expect(denial?.context).not.toHaveProperty('aws:MultiFactorAuthPresent');
    expect(denial?.notes?.join(' ')).toContain('mfaAuthenticated=false');
    // alice's denial is another principal's, ghost is not even in the snapshot: listed, not diagnosed.
    expect(denial?.skipped).toEqual([
      { reason: 'names arn:aws:iam::111122223333:user/ghost, which is not in the snapshot', eventName: 'GetBillingData' },
      { reason: `names arn:aws:iam::111122223333:user/alice, not ${SSO_ROLE}`, eventName: 'GetCostAndUsage' },
    ]);
    expect(denial?.notes?.[0]).toMatch(/^read from CloudTrail event history since .* \(5 events of \d+ billing event sources in us-east-1\); 2 were not denied$/);

    // With --snapshot, LookupEvents is the only call; one query per source, ce twice (2 a page).
    expect(new Set(proxy.log.map((e) => e.operation))).toEqual(new Set(['LookupEvents']));
    const sources = cloudtrail.requests.map((q) => q.source);
    expect(new Set(sources)).toEqual(new Set(billingEventSources()));
    expect(cloudtrail.requests.filter((q) => q.source === 'ce.amazonaws.com').map((q) => q.nextToken)).toEqual([undefined, '2']);
    for (const q of cloudtrail.requests) {
      expect(Math.abs((q.start ?? 0) * 1000 - (started - 2 * 3_600_000))).toBeLessThan(60_000);
      expect(q.end ?? 0).toBeGreaterThan(q.start ?? 0);
    }
  });

  it('waits out throttling (adaptive retries) and still answers', async () => {
    const { proxy } = await serve(mixed(), [{ operation: 'LookupEvents', fault: 'throttle', times: 2 }]);
    const r = await doctor(proxy, ['--snapshot', SNAPSHOT]);
    expect(r.code, r.stderr).toBe(1);
    expect(proxy.count('LookupEvents').faults).toBe(2);
    expect(r.diagnosis?.denial?.agreement).toBe('agrees');
  });

  it('LookupEvents refused: one line naming the permission, exit 2', async () => {
    const { proxy } = await serve(mixed(), [{ operation: 'LookupEvents', fault: 'access-denied', times: Infinity }]);
    const r = await doctor(proxy, ['--snapshot', SNAPSHOT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cloudtrail:LookupEvents in us-east-1 was refused for the default AWS credentials (AccessDeniedException');
  });

  it('LookupEvents never answered: --request-timeout ends it with one line naming the endpoint', async () => {
    const { proxy } = await serve(mixed(), [{ operation: 'LookupEvents', fault: 'hang', times: Infinity }]);
    const started = Date.now();
    const r = await doctor(proxy, ['--snapshot', SNAPSHOT, '--request-timeout', '2']);
    const seconds = (Date.now() - started) / 1000;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^billing-access: cloudtrail:LookupEvents: no answer from ${proxy.endpoint} within 2 s \\(--request-timeout\\)`));
    expect(proxy.count('LookupEvents').requests).toBe(1); // a timeout is not retried
    expect(seconds).toBeLessThan(15);
  });

  it('LookupEvents answered with an empty 200 or an HTML page: a read error, never "no denied request"', async () => {
    for (const fault of ['empty', 'html'] as const) {
      const { proxy } = await serve(mixed(), [{ operation: 'LookupEvents', fault, times: Infinity }]);
      const r = await doctor(proxy, ['--snapshot', SNAPSHOT]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(fault === 'empty' ? /^billing-access: cloudtrail:LookupEvents: .* answered HTTP 200 with an empty body/ : /^billing-access: cloudtrail:LookupEvents: .* answered HTTP 500 with an HTML page/);
      await proxy.stop();
    }
  });

  it('no denied request in the window: exit 2, saying what was read', async () => {
    const { proxy } = await serve([record(sso(), 'ce.amazonaws.com', 'GetCostForecast')]);
    const r = await doctor(proxy, ['--snapshot', SNAPSHOT, '--since', '90m']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^billing-access: --recent-denials: no denied billing request in CloudTrail since \S+ \(1 events of \d+ billing event sources in us-east-1\); widen --since/);
  });

  it('live: the account comes from moto, the events from CloudTrail, and they agree', async () => {
    await seedAccount(seedClients(moto.endpoint));
    const bob = `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/bob`;
    const { proxy } = await serve([record(user('bob', MANAGEMENT_ACCOUNT), 'invoicing.amazonaws.com', 'ListInvoiceSummaries', noAllow(bob, 'invoicing:ListInvoiceSummaries'))]);
    const r = await doctor(proxy, ['--principal', 'bob', '--activation', 'enabled']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.diagnosis?.denial).toMatchObject({ principalArn: bob, actions: ['invoicing:ListInvoiceSummaries'], agreement: 'agrees' });
    expect(r.diagnosis?.checks.find((c) => c.id === 'identity-policy')?.status).toBe('fail');
    const operations = new Set(proxy.log.map((e) => e.operation));
    expect(operations.has('GetAccountAuthorizationDetails') && operations.has('LookupEvents')).toBe(true);
  });
});

