/** The re:Post situations, each found with the right policy and statement, and a verified fix. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { check, run } from './builders.js';

const fixture = (name: string): SnapshotV1 => JSON.parse(readFileSync(new URL(`../fixtures/checks/${name}.json`, import.meta.url), 'utf8')) as SnapshotV1;
const schema = JSON.parse(readFileSync(new URL('../../schema/doctor-result.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function valid(d: Diagnosis): Diagnosis {
  expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
  return d;
}

const TASKS = { tasks: ['home', 'bills', 'cost-explorer'] as const };
const verifiedAllowed = 'verified: with this change the verdict becomes allowed';

describe('re:Post situations', () => {
  it('activation off: fails activation with the root-user steps, proven to allow', () => {
    const d = valid(run(fixture('activation-off'), 'alice', { tasks: [...TASKS.tasks] }));
    expect(d.verdict).toBe('denied');
    const c = check(d, 'activation');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]).toMatchObject({ kind: 'console', who: 'root user', verified: verifiedAllowed });
    expect(c.remediation[0]?.text).toContain('Activate IAM Access');
    expect(check(d, 'identity-policy').status).toBe('pass');
    // The policies alone allow: the block is the setting, not a policy.
    expect(d.actions.every((a) => a.decision === 'allowed')).toBe(true);
  });

  it('no policy: identity-policy fails and both grants are proven', () => {
    const d = valid(run(fixture('no-policy'), 'bob', { tasks: [...TASKS.tasks] }));
    const c = check(d, 'identity-policy');
    expect(c.status).toBe('fail');
    expect(c.evidence[0]?.policy).toContain('user bob has no inline, attached or group policies');
    const commands = c.remediation.map((r) => r.command);
    expect(commands).toContain('aws iam attach-user-policy --user-name bob --policy-arn arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess');
    expect(c.remediation.every((r) => r.verified === verifiedAllowed)).toBe(true);
    expect(d.actions.every((a) => a.decision === 'implicit-deny' && a.deniedBy === 'identity-policy')).toBe(true);
  });

  it('SCP deny: names the SCP, its id, the OU it is attached to and the statement; the corrected SCP is proven', () => {
    const d = valid(run(fixture('scp-deny'), 'alice', { tasks: [...TASKS.tasks] }));
    const c = check(d, 'scp');
    expect(c.status).toBe('fail');
    expect(c.evidence).toEqual([{ layer: 'scp', policy: 'SCP DenyBillingChanges (p-denybill01) attached to ou ou-a1b2-prod0001', statement: 'DenyBilling' }]);
    const fix = c.remediation[0];
    expect(fix).toMatchObject({ who: 'organization management account', verified: verifiedAllowed });
    expect(fix?.command).toBe('aws organizations update-policy --policy-id p-denybill01 --content file://scp-p-denybill01.json');
    // billing:* (which covered the page's actions) is gone; payments:* (not needed here) stays denied.
    expect(JSON.stringify(fix?.document)).not.toContain('billing:*');
    expect(JSON.stringify(fix?.document)).toContain('payments:*');
    // The retired aws-portal:* deny goes too: SCPs had to migrate as well.
    expect(JSON.stringify(fix?.document)).not.toContain('aws-portal:*');
    expect(d.actions.find((a) => a.action === 'billing:GetBillingData')).toMatchObject({ decision: 'explicit-deny', deniedBy: 'scp' });
    expect(d.actions.find((a) => a.action === 'ce:GetCostAndUsage')?.decision).toBe('allowed');
  });

  it('MFA force deny with Bool, user without a device: mfa fails, explains the Bool pitfall, MFA sign-in proven', () => {
    const d = valid(run(fixture('mfa-bool-no-device'), 'carol', { tasks: [...TASKS.tasks] }));
    const c = check(d, 'mfa');
    expect(c.status).toBe('fail');
    expect(c.evidence[0]).toEqual({
      layer: 'identity',
      policy: 'arn:aws:iam::111122223333:policy/ForceMFA',
      statement: 'BlockMostAccessUnlessSignedInWithMFA',
      condition: 'Bool aws:MultiFactorAuthPresent = false (request: false)',
    });
    expect(c.summary).toContain('carol has no MFA device');
    expect(c.remediation[0]?.command).toContain('aws iam enable-mfa-device --user-name carol');
    expect(c.remediation[0]?.verified).toBe(verifiedAllowed);
    expect(c.remediation.some((r) => r.kind === 'info' && r.text.includes('BoolIfExists denies both'))).toBe(true);
    // The deny is the mfa check's, not identity-policy's.
    expect(check(d, 'identity-policy').status).toBe('pass');
    expect(d.actions.every((a) => a.deniedBy === 'mfa')).toBe(true);
  });

  it('region-deny SCP without the billing namespaces: region fails; the NotAction fix and the relaxed condition are both proven', () => {
    const d = valid(run(fixture('region-scp'), 'arn:aws:sts::111122223333:assumed-role/FinOps/maria@example.com', { tasks: [...TASKS.tasks] }));
    expect(d.principal).toEqual({ arn: 'arn:aws:iam::111122223333:role/FinOps', type: 'role', name: 'FinOps' });
    const c = check(d, 'region');
    expect(c.status).toBe('fail');
    expect(c.evidence[0]?.policy).toBe('SCP DenyAllOutsideEU (p-eu0only01) attached to root r-a1b2');
    expect(c.evidence[0]?.condition).toContain('StringNotEquals aws:RequestedRegion = [eu-central-1, eu-west-1] (request: us-east-1)');
    expect(check(d, 'scp').status).toBe('pass');
    const [exempt, relax] = c.remediation;
    const notAction = (exempt?.document as { Statement: { NotAction: string[] }[] }).Statement[0]?.NotAction;
    expect(notAction).toEqual(expect.arrayContaining(['billing:*', 'payments:*', 'tax:*', 'invoicing:*', 'account:*', 'iam:*']));
    expect(exempt?.verified).toBe(verifiedAllowed);
    expect(JSON.stringify(relax?.document)).toContain('us-east-1');
    expect(relax?.verified).toBe(verifiedAllowed);
    // ce:* was exempted by the example SCP, so Cost Explorer is not blocked.
    expect(d.actions.filter((a) => a.task === 'cost-explorer').every((a) => a.decision === 'allowed')).toBe(true);
  });

  it('boundary without billing: boundary fails and the widened boundary is proven', () => {
    const d = valid(run(fixture('boundary'), 'dave', { tasks: [...TASKS.tasks] }));
    const c = check(d, 'boundary');
    expect(c.status).toBe('fail');
    expect(c.evidence[0]?.policy).toBe('arn:aws:iam::111122223333:policy/DeveloperBoundary');
    expect(c.remediation[0]?.command).toBe(
      'aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/DeveloperBoundary --policy-document file://DeveloperBoundary.json --set-as-default',
    );
    const statements = (c.remediation[0]?.document as { Statement: { Sid?: string; Action: string[] }[] }).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(['DeveloperServices', 'AllowBillingConsole']);
    expect(c.remediation[0]?.verified).toBe(verifiedAllowed);
    expect(check(d, 'identity-policy').status).toBe('pass');
  });

  it('legacy-only policy: identity-policy fails naming the retired action and maps old to new', () => {
    const d = valid(run(fixture('legacy-only'), 'erin', { tasks: ['bills'] }));
    const c = check(d, 'identity-policy');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('retired aws-portal:ViewBilling');
    expect(c.evidence[0]).toMatchObject({ policy: 'inline OldBillingView on user erin', statement: 'ViewBilling' });
    const mapping = c.remediation.find((r) => r.kind === 'info');
    expect(mapping?.text).toContain('aws-portal:ViewBilling → billing:GetBillingData, billing:GetBillingDetails, invoicing:ListInvoiceSummaries');
    expect((mapping?.document as Record<string, string[]>)['aws-portal:ViewBilling']).toContain('billing:GetBillingData');
    expect(c.remediation.filter((r) => r.verified === verifiedAllowed)).toHaveLength(2);
  });

  it('legacy-only policy under --action-set legacy: allowed, with a warning that it rests on retired actions', () => {
    const d = valid(run(fixture('legacy-only'), 'erin', { tasks: ['bills'], actionSet: 'legacy' }));
    expect(d.verdict).toBe('allowed');
    const c = check(d, 'identity-policy');
    expect(c.status).toBe('warn');
    expect(c.summary).toContain('retired aws-portal actions');
    expect(d.actions.map((a) => a.action)).toEqual(['aws-portal:ViewBilling']);
  });
});
