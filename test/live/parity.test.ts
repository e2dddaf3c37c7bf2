/**
 * Live and offline are one pipeline: for every scenario seeded into moto, `doctor` live and
 * `doctor --snapshot` of the file `snapshot` wrote give the same JSON result (apart from `source`),
 * and the `--redact`ed file gives the same verdict and check statuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { runCli } from '../helpers/run.js';
import { DEFAULT_CREDENTIALS, liveEnv, seedClients, writeProfiles } from './aws.js';
import { startFaultProxy } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { scratch } from '../ui/scratch.js';
import { seedAccount, seedOrganization, type OrgScenario } from './scenarios.js';

// Two accounts set up once and then only read, so the tests run side by side: a standalone
// account, and an organization whose management account and EU member account are both seeded.
let standalone: Moto;
let org: Moto;
let scenario: OrgScenario;
beforeAll(async () => {
  [standalone, org] = await Promise.all([startMoto(), startMoto()]);
  await Promise.all([
    seedAccount(seedClients(standalone.endpoint)),
    (async () => {
      scenario = await seedOrganization(org.endpoint);
      await seedAccount(seedClients(org.endpoint));
    })(),
  ]);
});
afterAll(async () => Promise.all([standalone?.stop(), org?.stop()]));
const tmp = scratch('billing-access-parity-');

const FLAGS = ['--no-interactive', '--json', '--mfa', 'no', '--activation', 'enabled'];

interface Outcome {
  code: number | null;
  diagnosis: Diagnosis;
}

async function doctor(args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  const r = await runCli(['doctor', ...args, ...FLAGS], { env, timeoutMs: 120_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 1, 3], r.stderr).toContain(r.code);
  return { code: r.code, diagnosis: JSON.parse(r.stdout) as Diagnosis };
}

async function snapshotFile(name: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  const file = join(tmp('t-'), name);
  const r = await runCli(['snapshot', '-o', file, ...args], { env, timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return file;
}

// The live run and the snapshot it writes are read a few milliseconds apart: aws:CurrentTime (the capture time) differs.
const withoutSource = (d: Diagnosis): unknown => ({
  ...d,
  source: undefined,
  requestContext: d.requestContext && { ...d.requestContext, keys: d.requestContext.keys.filter((k) => k.key !== 'aws:CurrentTime') },
});
const statuses = (d: Diagnosis): unknown => ({ verdict: d.verdict, checks: d.checks.map((c) => [c.id, c.status]), actions: d.actions.map((a) => [a.action, a.decision, a.deniedBy]) });

/** The principal's pseudonym in a redacted file: same position in the IAM lists as in the original. */
function pseudonym(original: SnapshotV1, redacted: SnapshotV1, name: string): string {
  const users = original.iam.UserDetailList.findIndex((u) => u.UserName === name);
  if (users >= 0) return redacted.iam.UserDetailList[users]?.UserName ?? '';
  const roles = original.iam.RoleDetailList.findIndex((r) => r.RoleName === name);
  return redacted.iam.RoleDetailList[roles]?.RoleName ?? '';
}

/** Runs live doctor, snapshot + offline doctor, and redacted snapshot + offline doctor, and compares them. */
async function expectParity(principal: string, account: string[], env: Record<string, string | undefined>): Promise<Diagnosis> {
  const [live, file, redactedFile] = await Promise.all([
    doctor(['--principal', principal, ...account], env),
    snapshotFile(`${principal}.json`, ['--principal', principal, ...account], env),
    snapshotFile(`${principal}.redacted.json`, ['--principal', principal, '--redact', ...account], env),
  ]);
  const offline = await doctor(['--snapshot', file, '--principal', principal], env);
  expect(live.diagnosis.source.kind).toBe('live');
  expect(offline.diagnosis.source).toEqual({ kind: 'snapshot', file });
  expect(withoutSource(offline.diagnosis)).toEqual(withoutSource(live.diagnosis));
  expect(offline.code).toBe(live.code);

  const original = JSON.parse(readFileSync(file, 'utf8')) as SnapshotV1;
  const redacted = JSON.parse(readFileSync(redactedFile, 'utf8')) as SnapshotV1;
  const alias = pseudonym(original, redacted, principal);
  expect(alias).toMatch(/^redacted-(user|role)-\d+$/);
  const shared = await doctor(['--snapshot', redactedFile, '--principal', alias], env);
  expect(statuses(shared.diagnosis)).toEqual(statuses(live.diagnosis));
  expect(shared.code).toBe(live.code);
  return live.diagnosis;
}

const check = (d: Diagnosis, id: string): string | undefined => d.checks.find((c) => c.id === id)?.status;

describe.concurrent('doctor live = doctor --snapshot of the snapshot file (moto)', { timeout: 120_000 }, () => {
  it('standalone account: every user and role', async () => {
    const env = liveEnv(standalone.endpoint);
    const [alice, bob, , analyst] = await Promise.all(['alice', 'bob', 'carol', 'Analyst', 'FinOps'].map((p) => expectParity(p, [], env)));
    expect(alice?.verdict).toBe('allowed');
    expect(check(bob as Diagnosis, 'principal')).toBe('fail'); // no console password
    expect(check(analyst as Diagnosis, 'boundary')).toBe('fail'); // the boundary allows only ce:*
  });

  it('member account with --org-profile: the EU region SCP denies billing', async () => {
    const env = liveEnv(org.endpoint, writeProfiles(tmp('aws-'), { member: scenario.member.credentials, mgmt: DEFAULT_CREDENTIALS }));
    const account = ['--profile', 'member', '--org-profile', 'mgmt'];
    const [alice] = await Promise.all([expectParity('alice', account, env), expectParity('FinOps', account, env)]);
    expect(alice.verdict).toBe('denied');
    expect(alice.source.account).toBe(scenario.member.accountId);
    expect(['scp', 'region']).toContain(alice.checks.find((c) => c.status === 'fail')?.id);
  });

  it('member account without --org-profile: SCPs unknown, the verdict inconclusive, the same offline', async () => {
    const env = liveEnv(org.endpoint, writeProfiles(tmp('aws-'), { member: scenario.member.credentials }));
    const alice = await expectParity('alice', ['--profile', 'member'], env);
    expect(check(alice, 'scp')).toBe('unknown');
    expect(alice.verdict).toBe('inconclusive');
  });

  it('the management account: SCPs do not apply', async () => {
    const alice = await expectParity('alice', [], liveEnv(org.endpoint));
    expect(check(alice, 'scp')).toBe('not-applicable');
    expect(alice.verdict).toBe('allowed');
  });

  it('a permanent AccessDenied on organizations:ListPoliciesForTarget: scp unknown naming the permission, live and offline', async () => {
    const proxy = await startFaultProxy(org.endpoint, [{ operation: 'ListPoliciesForTarget', fault: 'access-denied', times: Infinity }]);
    try {
      const env = liveEnv(proxy.endpoint, writeProfiles(tmp('aws-'), { member: scenario.member.credentials, mgmt: DEFAULT_CREDENTIALS }));
      const alice = await expectParity('alice', ['--profile', 'member', '--org-profile', 'mgmt'], env);
      const scp = alice.checks.find((c) => c.id === 'scp');
      expect(scp?.status).toBe('unknown');
      expect(JSON.stringify(scp)).toContain('organizations:ListPoliciesForTarget');
      expect(alice.verdict).toBe('inconclusive');
    } finally {
      await proxy.stop();
    }
  });
});
