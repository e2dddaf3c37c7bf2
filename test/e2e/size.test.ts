/**
 * Sizes beyond any AWS limit: a policy of a million statements (as an object, as IAM's URL-encoded
 * string, as an SCP, as a simulate --policy file) ends with one line and exit 2, within 60 s and a
 * 1 GB heap; a large but possible account (5,000 users, GAAD's 1,000-entity pages) still gets a verdict.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('billing-access-size-');
const MILLION = 1_000_000;

/** The built CLI with its heap capped at 1 GB: needing more is a crash, and a failed test. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=1024', BIN, ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const statements = (n: number): object[] => Array.from({ length: n }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `ce:Get${i}`, Resource: '*' }));
const user = (name: string, document: unknown) => ({ UserName: name, Arn: `arn:aws:iam::111122223333:user/${name}`, Path: '/', GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: document }] });

function snapshotFile(name: string, users: object[], organizations?: object): string {
  const file = join(tmp('s-'), name);
  const snapshot = { billingAccessSnapshot: 1, account: { id: '111122223333', iamUserAccessToBilling: 'enabled' }, iam: { UserDetailList: users, GroupDetailList: [], RoleDetailList: [], Policies: [] }, ...(organizations ? { organizations } : {}) };
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('a million statements', { timeout: 180_000 }, () => {
  const huge = { Version: '2012-10-17', Statement: statements(MILLION) };
  const cases: [string, () => string[], RegExp][] = [
    ['an inline policy object', () => ['doctor', '--snapshot', snapshotFile('object.json', [user('alice', huge)]), '--principal', 'alice'], /UserPolicyList\[0\]\.PolicyDocument\.Statement: 1,000,000 entries/],
    ['a URL-encoded inline policy', () => ['doctor', '--snapshot', snapshotFile('encoded.json', [user('alice', encodeURIComponent(JSON.stringify(huge)))]), '--principal', 'alice'], /PolicyDocument: a policy document of [\d,]+ characters/],
    [
      'an SCP',
      () => [
        'doctor',
        '--snapshot',
        snapshotFile('scp.json', [user('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })], {
          organization: { Id: 'o-abcdefghij', MasterAccountId: '999988887777', FeatureSet: 'ALL' },
          parents: [{ Id: 'r-ab12', Type: 'ROOT' }],
          policies: { 'r-ab12': [{ PolicySummary: { Id: 'p-abcd1234', Name: 'Huge' }, Content: JSON.stringify(huge) }] },
        }),
        '--principal',
        'alice',
      ],
      /Content: a policy document of [\d,]+ characters/,
    ],
    ['a simulate --policy file', () => {
      const file = join(tmp('p-'), 'huge.json');
      writeFileSync(file, JSON.stringify(huge));
      return ['simulate', '--action', 'ce:GetCostAndUsage', '--policy', file];
    }, /--policy .*huge\.json: a policy document of [\d,]+ characters/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: one line, exit 2, under 60 s in a 1 GB heap`, async () => {
      const argv = args();
      const r = await run(argv[0] === 'doctor' ? [...argv, '--no-interactive', '--mfa', 'yes'] : argv);
      expect(r.code, r.stderr.slice(0, 500)).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.seconds).toBeLessThan(60);
      console.info(`${what}: exit ${r.code} in ${r.seconds.toFixed(1)} s`);
    });
  }
});

describe('large but possible', { timeout: 180_000 }, () => {
  it('5,000 users with a policy each: doctor gives a verdict', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ce:*', 'billing:*', 'aws-portal:*', 'payments:*', 'invoicing:*'], Resource: '*' }] };
    const users = Array.from({ length: 5_000 }, (_, i) => user(`user${i}`, policy));
    const r = await run(['doctor', '--snapshot', snapshotFile('many.json', users), '--principal', 'user4999', '--no-interactive', '--mfa', 'yes', '--task', 'cost-explorer']);
    expect(r.code, r.stderr).toBeLessThanOrEqual(3);
    expect(r.stdout).toMatch(/^Verdict: /m);
    expect(r.seconds).toBeLessThan(60);
  });
});
