/**
 * A principal that relies on an AWS managed policy lacking a page's actions, through the built bin:
 * the finding names the policy and its shipped version, says which actions it lacks and which AWS
 * managed billing policy has them, and that fix is re-simulated to allow.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const SNAPSHOT = 'test/fixtures/managed-policies/relies-on-aws-managed.json';
const shipped = new Map(
  (JSON.parse(readFileSync(new URL('../../data/aws-managed-policies.json', import.meta.url), 'utf8')).policies as { name: string; versionId: string; updated: string }[]).map((p) => [p.name, p]),
);
const version = (name: string) => `${name} ${shipped.get(name)!.versionId}`;
const doctor = (principal: string, task: string, ...more: string[]) =>
  runCli(['doctor', '--snapshot', SNAPSHOT, '--principal', principal, '--task', task, '--no-interactive', ...more]);

describe('relying on an AWS managed policy that lacks a page (built bin)', () => {
  it('ViewOnlyAccess and Bills (JSON): lacks the billing actions; attaching AWSBillingReadOnlyAccess is proven to allow', async () => {
    const r = await doctor('viewer', 'bills', '--json');
    expect(r.code).toBe(1);
    const identity = (JSON.parse(r.stdout) as Diagnosis).checks.find((c) => c.id === 'identity-policy')!;
    expect(identity.status).toBe('fail');
    expect(identity.summary).toContain(`the AWS managed ${version('ViewOnlyAccess')} it relies on lacks them`);
    expect(identity.summary).toContain(`the AWS managed policy ${version('AWSBillingReadOnlyAccess')} has them all`);
    expect(identity.evidence[0]).toMatchObject({ policy: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' });
    expect(identity.evidence[0]!.note).toContain(`shipped copy of ${shipped.get('ViewOnlyAccess')!.updated}`);
    expect(identity.evidence[0]!.note).toContain('lacks billing:GetBillingData');
    const attach = identity.remediation[0]!;
    expect(attach.command).toBe('aws iam attach-user-policy --user-name viewer --policy-arn arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess');
    expect(attach.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('ReadOnlyAccess and Cost and Usage Reports (text): lacks cur:DescribeReportDefinitions; AWSBillingReadOnlyAccess has it', async () => {
    const r = await doctor('reader', 'cost-and-usage-reports');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`the AWS managed ${version('ReadOnlyAccess')} it relies on lacks it`);
    expect(r.stdout).toContain(`${version('AWSBillingReadOnlyAccess')} has it`);
    expect(r.stdout).toMatch(/Attach arn:aws:iam::aws:policy\/AWSBillingReadOnlyAccess to user reader\n.*\n\s+✔ verified: with this change the verdict becomes allowed/);
  });

  it('ReadOnlyAccess and Data Exports (Markdown): no AWS managed billing policy has bcm-data-exports:ListExports, so the proven fix is the inline grant', async () => {
    const r = await doctor('reader', 'data-exports', '--format', 'markdown');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`lacks bcm-data-exports:ListExports, cur:DescribeReportDefinitions`);
    expect(r.stdout).toContain('no AWS managed billing policy (of the shipped copies) has bcm-data-exports:ListExports');
    expect(r.stdout).toContain(`${version('AWSBillingReadOnlyAccess')} has cur:DescribeReportDefinitions`);
    expect(r.stdout).not.toContain('attach-user-policy');
    expect(r.stdout).toContain('verified: with this change the verdict becomes allowed');
  });
});
