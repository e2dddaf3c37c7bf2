/**
 * Published SCPs tried as a user would (issue 9): each text in test/fixtures/published-scps/
 * (Control Tower, the AWS Organizations example, aws-samples, Landing Zone Accelerator; each file
 * names its source) attached to the OU of a member account, then `doctor` through the built bin.
 * The diagnosis must be the one the text implies (cases.json), name the SCP and statement that
 * deny, and the fix the tool offers must, put back into the snapshot, make the verdict ALLOWED.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const DIR = 'test/fixtures/published-scps/';
const ACCOUNT = '111122223333';
const OU = 'ou-ab12-workload';

interface PublishedCase {
  name: string;
  /** File stem(s) in DIR, attached together to the OU. */
  scp: string | string[];
  principal: string;
  /** Pages (default: doctor's default pages). */
  tasks?: string[];
  args?: string[];
  exit: number;
  /** How the verdict line of the text report begins. */
  verdict: string;
  checks: Record<string, string>;
  /** Text the failing checks' summaries must contain (the SCP and its statement). */
  names?: string[];
  /** Policy id whose corrected document, put back, must make the verdict ALLOWED. */
  fix?: string;
}

interface Published {
  source: string;
  document: unknown;
}

type OrgPolicies = Record<string, { PolicySummary: { Id: string; Name: string }; Content: string }[]>;

const cases = JSON.parse(readFileSync(`${DIR}cases.json`, 'utf8')) as PublishedCase[];
const published = (stem: string) => JSON.parse(readFileSync(`${DIR}${stem}.json`, 'utf8')) as Published;
const FULL = {
  PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' },
  Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
};
const BILLING_RO = [{ PolicyName: 'AWSBillingReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess' }];
const role = (name: string, i: number) => ({
  RoleName: name, RoleId: `AROAEXAMPLEROLE${i}`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, Path: '/', RolePolicyList: [], AttachedManagedPolicies: BILLING_RO,
});

/** A member account (activation on, alice with a password and an MFA device) whose OU holds the published SCPs. */
function snapshotWith(stems: string[]): { organizations: { policies: OrgPolicies } } & Record<string, unknown> {
  const attached = stems.map((stem, i) => ({
    PolicySummary: { Id: stems.length === 1 ? 'p-published' : `p-published${i + 1}`, Name: stem },
    Content: JSON.stringify(published(stem).document),
  }));
  return {
    billingAccessSnapshot: 1,
    capturedAt: '2026-12-01T10:00:00Z',
    account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
    iam: {
      UserDetailList: [{ UserName: 'alice', UserId: 'AIDAEXAMPLEALICE', Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Path: '/', GroupList: [], UserPolicyList: [], AttachedManagedPolicies: BILLING_RO }],
      GroupDetailList: [],
      RoleDetailList: ['Role1AllowedToBypassThisSCP', 'NetworkAdmin'].map(role),
      Policies: [],
    },
    users: { alice: { consolePassword: true, mfaDevices: 1 } },
    organizations: {
      organization: { Id: 'o-exampleorg', MasterAccountId: '999988887777', FeatureSet: 'ALL' },
      account: { Id: ACCOUNT, JoinedMethod: 'CREATED' },
      parents: [{ Id: OU, Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-ab12', Type: 'ROOT' }],
      policies: { 'r-ab12': [FULL], [OU]: [FULL, ...attached], [ACCOUNT]: [FULL] },
    },
  };
}

function write(snapshot: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ba-published-')), 'snapshot.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

function doctor(file: string, c: PublishedCase, json: boolean) {
  return runCli([
    'doctor', '--snapshot', file, '--principal', c.principal, '--no-interactive',
    ...(c.tasks ? ['--task', c.tasks.join(',')] : []), ...(c.args ?? []), ...(json ? ['--json'] : []),
  ]);
}

/** The verdict line, cut to the length of the expected beginning (`Verdict: ALLOWED` of `Verdict: ALLOWED: nothing …`). */
const verdictLine = (stdout: string, expected: string) => stdout.split('\n').find((l) => l.startsWith('Verdict:'))?.slice(0, expected.length);

describe('published SCPs tried through the built bin', () => {
  it('every published text names its AWS source, and every one is tried', () => {
    const tried = new Set(cases.flatMap((c) => [c.scp].flat()));
    for (const stem of tried) expect(published(stem).source, stem).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|github\.com\/(awslabs|aws-samples))\//);
    expect(tried.size).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const snapshot = snapshotWith([c.scp].flat());
      const file = write(snapshot);
      const text = await doctor(file, c, false);
      expect({ code: text.code, verdict: verdictLine(text.stdout, c.verdict) }, text.stdout + text.stderr).toEqual({ code: c.exit, verdict: c.verdict });

      const d = JSON.parse((await doctor(file, c, true)).stdout) as Diagnosis;
      expect(Object.fromEntries(d.checks.map((x) => [x.id, x.status]))).toMatchObject(c.checks);
      const failing = d.checks.filter((x) => x.status === 'fail');
      for (const name of c.names ?? []) expect(failing.map((x) => x.summary).join('\n')).toContain(name);
      if (!c.fix) return;

      const fix = failing.flatMap((x) => x.remediation).find((x) => x.command?.includes(`--policy-id ${c.fix}`) && x.document !== undefined);
      expect(fix?.verified, JSON.stringify(failing.map((x) => x.remediation))).toBe('verified: with this change the verdict becomes allowed');
      for (const p of Object.values(snapshot.organizations.policies).flat()) if (p.PolicySummary.Id === c.fix) p.Content = JSON.stringify(fix!.document);
      const again = await doctor(write(snapshot), c, false);
      expect({ code: again.code, verdict: verdictLine(again.stdout, 'Verdict: ALLOWED') }).toEqual({ code: 0, verdict: 'Verdict: ALLOWED' });
    });
  }
});
