/**
 * `snapshot` of an account with many users reads their console facts from the IAM credential
 * report (moto 5.x implements GenerateCredentialReport and GetCredentialReport), not two calls per
 * user; when the report cannot be read, it falls back to per-user reads with the same facts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateLoginProfileCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { liveEnv, seedClients } from './aws.js';
import { startFaultProxy, type FaultProxy, type FaultRule } from './fault-proxy.js';
import { useMoto } from './moto.js';

const moto = useMoto();
const tmp = scratch('billing-access-report-');
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

const USERS = 12;

/** Users with a console password (even ones) and an MFA device (every third). */
async function seed(): Promise<Record<string, { consolePassword: boolean; mfaDevices: number }>> {
  const { iam } = seedClients(moto.endpoint);
  const expected: Record<string, { consolePassword: boolean; mfaDevices: number }> = {};
  for (let i = 0; i < USERS; i++) {
    const name = `user${String(i).padStart(2, '0')}`;
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (i % 2 === 0) await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Correct-Horse-1' }));
    if (i % 3 === 0) {
      const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${name}-phone` }));
      await iam.send(new EnableMFADeviceCommand({ UserName: name, SerialNumber: device.VirtualMFADevice?.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    }
    expected[name] = { consolePassword: i % 2 === 0, mfaDevices: i % 3 === 0 ? 1 : 0 };
  }
  return expected;
}

async function snapshotThrough(rules: FaultRule[]): Promise<{ snap: SnapshotV1; calls: (op: string) => number }> {
  proxy = await startFaultProxy(moto.endpoint, rules);
  const file = join(tmp('s-'), 'snap.json');
  const r = await runCli(['snapshot', '-o', file], { env: liveEnv(proxy.endpoint), timeoutMs: 110_000 });
  expect(r.code, r.stderr).toBe(0);
  const p = proxy;
  return { snap: JSON.parse(readFileSync(file, 'utf8')) as SnapshotV1, calls: (op) => p.count(op).requests };
}

describe('console facts of every user', { timeout: 120_000 }, () => {
  it('come from the credential report: a few calls for the account, none per user', async () => {
    const expected = await seed();
    const { snap, calls } = await snapshotThrough([]);
    expect(snap.users).toEqual(expected);
    expect(calls('GetCredentialReport')).toBe(1);
    expect(calls('GenerateCredentialReport')).toBeGreaterThanOrEqual(1);
    expect(calls('ListMFADevices') + calls('GetLoginProfile')).toBe(0);
  });

  it('fall back to per-user reads, with the same facts, when the report is refused', async () => {
    const expected = await seed();
    const { snap, calls } = await snapshotThrough([{ operation: 'GenerateCredentialReport', fault: 'access-denied', times: Infinity }]);
    expect(snap.users).toEqual(expected);
    expect(calls('GetCredentialReport')).toBe(0);
    expect(calls('ListMFADevices')).toBe(USERS);
    expect(calls('GetLoginProfile')).toBe(USERS);
    // The refused report is not a gap: every fact it would have given was read another way.
    expect(snap.gaps ?? []).toEqual([]);
  });
});
