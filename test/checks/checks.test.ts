/** Every check in every status it can take, on small in-memory snapshots. */
import { describe, expect, it } from 'vitest';
import { denialMfaAnswer, diagnoseDenial } from '../../src/checks/denial.js';
import { diagnose } from '../../src/checks/diagnose.js';
import { compilePolicy, evaluate } from '../../src/engine/index.js';
import { taskById } from '../../src/model/catalogue.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { ACCOUNT, FULL_ACCESS, MGMT, allow, check, deny, doc, inline, managed, memberOrg, model, role, run, snapshot, user } from './builders.js';

const BILLING_RO = 'arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess';
const att = (arn: string) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn });
const reader = (name = 'alice', parts = {}) => user(name, { AttachedManagedPolicies: [att(BILLING_RO)], ...parts });
const facts = { alice: { consolePassword: true, mfaDevices: 1 } };
const ok = (extra = {}, iam = {}) => snapshot({ users: facts, ...extra }, { UserDetailList: [reader()], ...iam });

describe('activation', () => {
  it('pass from the snapshot, from --activation, or inferred for a CREATED member account', () => {
    expect(check(run(ok(), 'alice'), 'activation').status).toBe('pass');
    const flagged = check(run(ok({ account: { id: ACCOUNT, iamUserAccessToBilling: 'disabled' } }), 'alice', { activation: 'enabled' }), 'activation');
    expect(flagged).toMatchObject({ status: 'pass', evidence: [{ layer: 'flag' }] });
    const inferred = check(run(ok({ account: { id: ACCOUNT }, organizations: memberOrg() }), 'alice'), 'activation');
    expect(inferred.status).toBe('pass');
    expect(inferred.summary).toContain('inferred');
  });

  it('fail when disabled, with the root-user console steps proven to help', () => {
    const c = check(run(ok(), 'alice', { activation: 'disabled' }), 'activation');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]).toMatchObject({ who: 'root user', kind: 'console' });
    expect(c.remediation[0]?.verified).toContain('verified');
  });

  it('unknown when nobody says and nothing can be inferred (standalone, or an invited member)', () => {
    const standalone = check(run(ok({ account: { id: ACCOUNT } }), 'alice'), 'activation');
    expect(standalone.status).toBe('unknown');
    expect(standalone.remediation[0]).toMatchObject({ who: 'root user' });
    const invited = check(run(ok({ account: { id: ACCOUNT }, organizations: memberOrg({}, 'INVITED') }), 'alice'), 'activation');
    expect(invited).toMatchObject({ status: 'unknown' });
    expect(invited.summary).toContain('invited');
  });

  it('disabled: unknown for pages AWS does not document either way, fail as soon as a documented page is selected', () => {
    const undocumented = check(run(ok(), 'alice', { activation: 'disabled', tasks: ['data-exports', 'free-tier'] }), 'activation');
    expect(undocumented.status).toBe('unknown');
    expect(undocumented.summary).toContain('AWS does not document whether the setting governs data-exports, free-tier');
    expect(check(run(ok(), 'alice', { activation: 'disabled', tasks: ['data-exports', 'bills'] }), 'activation').status).toBe('fail');
    expect(check(run(ok(), 'alice', { activation: 'enabled', tasks: ['data-exports'] }), 'activation').status).toBe('pass');
    expect(check(run(ok(), 'alice', { activation: 'disabled', tasks: ['cost-anomaly-detection'] }), 'activation').status).toBe('not-applicable');
  });

  it('member account: the centralized-root-access route to a root password, and a warning when an SCP denies the root user', () => {
    // The AWS sample root-user deny (Landing Zone Accelerator's GRRU has the same shape).
    const denyRoot = { id: 'p-denyroot', name: 'DenyRootUser', document: doc(deny({ Sid: 'DenyRoot', Action: '*', Condition: { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } } })) };
    const member = check(run(ok({ account: { id: ACCOUNT }, organizations: memberOrg() }), 'alice', { activation: 'disabled' }), 'activation');
    expect(member.status).toBe('fail');
    const route = member.remediation.find((r) => r.command?.startsWith('aws sts assume-root'));
    expect(route).toMatchObject({ who: 'organization management account' });
    expect(route?.command).toBe(`aws sts assume-root --target-principal ${ACCOUNT} --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword`);
    expect(route?.text).toContain('`aws iam create-login-profile` with no user name and no password');
    expect(member.remediation.some((r) => r.text.startsWith('Warning:'))).toBe(false);

    const blocked = check(run(ok({ account: { id: ACCOUNT }, organizations: memberOrg({ 'ou-prod': [denyRoot] }, 'INVITED') }), 'alice'), 'activation');
    expect(blocked.status).toBe('unknown');
    const warning = blocked.remediation.find((r) => r.text.startsWith('Warning:'));
    expect(warning?.text).toContain('SCP DenyRootUser (p-denyroot)');
    expect(warning?.text).toContain(`statement DenyRoot denies the root user of this member account (billing:UpdateIAMAccessPreference as arn:aws:iam::${ACCOUNT}:root)`);

    const standalone = check(run(ok(), 'alice', { activation: 'disabled' }), 'activation');
    expect(standalone.remediation.some((r) => r.command?.startsWith('aws sts assume-root'))).toBe(false);
  });

  it('not-applicable for the root user and for pages the setting does not govern', () => {
    expect(check(run(ok(), 'root'), 'activation').status).toBe('not-applicable');
    expect(check(run(ok({ account: { id: ACCOUNT } }), 'alice', { tasks: ['account'] }), 'activation').status).toBe('not-applicable');
  });
});

describe('identity-policy', () => {
  it('pass names the allowing policy and statement', () => {
    const c = check(run(ok(), 'alice'), 'identity-policy');
    expect(c.status).toBe('pass');
    expect(c.evidence[0]?.policy).toContain(BILLING_RO);
    expect(c.evidence[0]?.policy).toContain('shipped copy');
  });

  it('policies reached through a group count', () => {
    const s = snapshot(
      { users: facts },
      { UserDetailList: [user('alice', { GroupList: ['FinOps'] })], GroupDetailList: [{ GroupName: 'FinOps', Arn: `arn:aws:iam::${ACCOUNT}:group/FinOps`, GroupPolicyList: [inline('Bills', doc(allow(['billing:Get*', 'invoicing:List*'])))] }] },
    );
    const c = check(run(s, 'alice'), 'identity-policy');
    expect(c).toMatchObject({ status: 'pass', evidence: [{ policy: 'inline Bills on group FinOps', statement: '#0' }] });
  });

  it('fail on an explicit identity deny, with the corrected inline policy proven', () => {
    const s = snapshot({ users: facts }, { UserDetailList: [reader('alice', { UserPolicyList: [inline('NoBilling', doc({ Sid: 'NoInvoices', ...deny({ Action: ['invoicing:*', 's3:DeleteBucket'] }) }))] })] });
    const d = run(s, 'alice');
    const c = check(d, 'identity-policy');
    expect(c.status).toBe('fail');
    expect(c.evidence[0]).toMatchObject({ policy: 'inline NoBilling on user alice', statement: 'NoInvoices' });
    expect(c.remediation[0]?.command).toBe('aws iam put-user-policy --user-name alice --policy-name NoBilling --policy-document file://NoBilling.json');
    expect(c.remediation[0]?.document).toEqual(doc({ Sid: 'NoInvoices', ...deny({ Action: ['s3:DeleteBucket'] }) }));
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('a deny whose removal leaves no statement: the inline policy is deleted, not replaced by an empty (invalid) one', () => {
    const s = snapshot({ users: facts }, { UserDetailList: [reader('alice', { UserPolicyList: [inline('NoBills', doc({ Sid: 'NoBills', ...deny({ Action: 'billing:*' }) }))] })] });
    const c = check(run(s, 'alice'), 'identity-policy');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]).toMatchObject({ kind: 'cli', command: 'aws iam delete-user-policy --user-name alice --policy-name NoBills' });
    expect(c.remediation[0]?.document).toBeUndefined();
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('a customer managed policy left with no statement is detached', () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/NoBills`;
    const s = snapshot({ users: facts }, { UserDetailList: [reader('alice', { AttachedManagedPolicies: [att(BILLING_RO), att(arn)] })], Policies: [managed('NoBills', doc(deny({ Action: 'billing:*' })))] });
    const c = check(run(s, 'alice'), 'identity-policy');
    expect(c.remediation[0]).toMatchObject({ command: `aws iam detach-user-policy --user-name alice --policy-arn ${arn}` });
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('an allow of everything but billing (NotAction) is no legacy grant, though it covers aws-portal:*', () => {
    const s = snapshot({ users: facts }, { UserDetailList: [user('alice', { UserPolicyList: [inline('AllButBilling', doc({ Effect: 'Allow', NotAction: ['billing:*'], Resource: '*' }))] })] });
    const c = check(run(s, 'alice'), 'identity-policy');
    expect(c.status).toBe('fail');
    expect(c.summary).toBe('no identity policy allows billing:GetBillingData, billing:GetBillingDetails');
    expect(c.summary).not.toContain('retired');
    // The same statement naming the retired actions is the legacy case.
    const legacy = snapshot({ users: facts }, { UserDetailList: [user('alice', { UserPolicyList: [inline('Old', doc(allow(['aws-portal:View*', 'invoicing:*', 'account:*'])))] })] });
    expect(check(run(legacy, 'alice'), 'identity-policy').summary).toContain('grant only the retired aws-portal:ViewBilling');
  });

  it('an Allow conditioned on MFA: fail naming it when the person has no MFA, warn when unknown, pass with MFA', () => {
    const mfaAllow = doc({ Sid: 'AllowWithMFA', ...allow(['billing:*', 'invoicing:*', 'account:*'], { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) });
    const s = (mfaDevices?: number) =>
      snapshot({ users: { alice: { consolePassword: true, ...(mfaDevices === undefined ? {} : { mfaDevices }) } } }, { UserDetailList: [user('alice', { UserPolicyList: [inline('P', mfaAllow)] })] });
    const none = check(run(s(0), 'alice'), 'identity-policy');
    expect(none.status).toBe('fail');
    expect(none.summary).toBe('inline P on user alice statement AllowWithMFA allows billing:GetBillingData, billing:GetBillingDetails, invoicing:ListInvoiceSummaries only in an MFA session, and the person does not sign in with MFA (alice has no MFA device)');
    expect(none.evidence[0]).toMatchObject({ policy: 'inline P on user alice', statement: 'AllowWithMFA' });
    expect(none.remediation[0]?.text).toContain('Give alice an MFA device');
    expect(none.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
    const unknown = run(s(undefined), 'alice');
    expect(check(unknown, 'identity-policy')).toMatchObject({ status: 'warn', summary: expect.stringContaining('only in an MFA session; not known whether') });
    expect(check(run(s(1), 'alice'), 'identity-policy').status).toBe('pass');
  });

  it('an AWS managed policy that denies is detached, not edited', () => {
    const s = snapshot({ users: facts }, { UserDetailList: [reader('alice', { AttachedManagedPolicies: [att(BILLING_RO), att('arn:aws:iam::aws:policy/AWSDenyAll')] })] });
    const c = check(run(s, 'alice'), 'identity-policy');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]?.command).toBe('aws iam detach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/AWSDenyAll');
    expect(c.remediation[0]?.verified).toContain('verified');
  });

  it('an AWS managed deny reached both directly and through a group is detached from both in one proven step', () => {
    const denyAll = att('arn:aws:iam::aws:policy/AWSDenyAll');
    const s = snapshot(
      { users: facts },
      {
        UserDetailList: [reader('alice', { GroupList: ['Ops'], AttachedManagedPolicies: [att(BILLING_RO), denyAll] })],
        GroupDetailList: [{ GroupName: 'Ops', Arn: `arn:aws:iam::${ACCOUNT}:group/Ops`, AttachedManagedPolicies: [denyAll] }],
      },
    );
    const c = check(run(s, 'alice'), 'identity-policy');
    expect(c.remediation[0]?.command).toBe(
      'aws iam detach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/AWSDenyAll && aws iam detach-group-policy --group-name Ops --policy-arn arn:aws:iam::aws:policy/AWSDenyAll',
    );
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('unknown when an attached managed policy cannot be resolved, naming it', () => {
    const missing = `arn:aws:iam::${ACCOUNT}:policy/NotInSnapshot`;
    const s = snapshot({ users: facts }, { UserDetailList: [user('alice', { AttachedManagedPolicies: [att(missing)] })] });
    const d = run(s, 'alice');
    expect(check(d, 'identity-policy')).toMatchObject({ status: 'unknown', evidence: [{ policy: missing }] });
    expect(d.verdict).toBe('inconclusive');
    const allowedAnyway = snapshot({ users: facts }, { UserDetailList: [reader('alice', { AttachedManagedPolicies: [att(BILLING_RO), att(missing)] })] });
    expect(check(run(allowedAnyway, 'alice'), 'identity-policy').status).toBe('unknown');
  });

  it('not-applicable for the root user', () => {
    expect(check(run(ok(), 'root'), 'identity-policy').status).toBe('not-applicable');
  });
});

describe('scp', () => {
  it('pass names FullAWSAccess at every level; not-applicable without an organization', () => {
    const member = run(ok({ account: { id: ACCOUNT }, organizations: memberOrg() }), 'alice');
    const c = check(member, 'scp');
    expect(c.status).toBe('pass');
    expect(c.evidence.map((e) => e.policy)).toEqual([
      'SCP FullAWSAccess (p-FullAWSAccess) attached to root r-root',
      'SCP FullAWSAccess (p-FullAWSAccess) attached to ou ou-prod',
      `SCP FullAWSAccess (p-FullAWSAccess) attached to account ${ACCOUNT}`,
    ]);
    expect(check(run(ok(), 'alice'), 'scp').status).toBe('not-applicable');
  });

  it('not-applicable in the management account, for service-linked roles, and in a consolidated-billing-only organization', () => {
    const denyAll = { [ACCOUNT]: [{ id: 'p-deny', name: 'DenyAll', document: doc(deny({ Action: '*' })) }] };
    const org = memberOrg(denyAll);
    const mgmt = check(run(ok({ organizations: { ...org, organization: { ...org.organization, MasterAccountId: ACCOUNT } } }), 'alice'), 'scp');
    expect(mgmt).toMatchObject({ status: 'not-applicable' });
    expect(mgmt.summary).toContain('management account');
    const slr = role('AWSServiceRoleForSupport', { Path: '/aws-service-role/support.amazonaws.com/', AttachedManagedPolicies: [att(BILLING_RO)] });
    expect(check(run(ok({ organizations: org }, { RoleDetailList: [slr] }), 'AWSServiceRoleForSupport'), 'scp').status).toBe('not-applicable');
    const cb = { ...org, organization: { ...org.organization, FeatureSet: 'CONSOLIDATED_BILLING' } };
    expect(check(run(ok({ organizations: cb }), 'alice'), 'scp').status).toBe('not-applicable');
  });

  it('fail when a level lacks an allow (FullAWSAccess detached from the OU), with both level fixes proven', () => {
    const org = memberOrg();
    org.policies = { ...org.policies, 'ou-prod': [] };
    const c = check(run(ok({ organizations: org }), 'alice'), 'scp');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('nothing at ou ou-prod allows');
    expect(c.remediation[0]?.command).toBe('aws organizations attach-policy --policy-id p-FullAWSAccess --target-id ou-prod');
    expect(c.remediation.filter((r) => r.verified?.startsWith('verified'))).toHaveLength(2);
  });

  it('an SCP deny of the root user in a member account fails scp for root', () => {
    const org = memberOrg({ [ACCOUNT]: [{ id: 'p-root', name: 'DenyRoot', document: doc(deny({ Action: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } })) }] });
    const d = run(ok({ organizations: org }), 'root');
    expect(check(d, 'scp')).toMatchObject({ status: 'fail', evidence: [{ policy: `SCP DenyRoot (p-root) attached to account ${ACCOUNT}`, statement: '#0' }] });
    // alice is not the root user: the same SCP does not apply to her.
    expect(check(run(ok({ organizations: org }), 'alice'), 'scp').status).toBe('pass');
  });

  it('an SCP left with no statement is detached from every level it is attached to, not emptied', () => {
    const nobill = { id: 'p-nobill', name: 'NoBilling', document: doc(deny({ Action: 'billing:*' })) };
    const d = run(ok({ organizations: memberOrg({ 'ou-prod': [nobill], [ACCOUNT]: [nobill] }) }), 'alice');
    const c = check(d, 'scp');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]).toMatchObject({
      kind: 'cli',
      command: `aws organizations detach-policy --policy-id p-nobill --target-id ou-prod && aws organizations detach-policy --policy-id p-nobill --target-id ${ACCOUNT}`,
    });
    expect(c.remediation[0]?.document).toBeUndefined();
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('a deny of only the retired aws-portal actions warns under the fine-grained set and fails under legacy', () => {
    const org = memberOrg({ 'ou-prod': [{ id: 'p-old', name: 'NoPortal', document: doc({ Sid: 'Old', ...deny({ Action: 'aws-portal:*' }) }) }] });
    const d = run(ok({ organizations: org }), 'alice');
    const c = check(d, 'scp');
    expect(c.status).toBe('warn');
    expect(c.summary).toContain('denies the retired legacy actions aws-portal:ViewBilling');
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
    expect(d.verdict).toBe('allowed');
    expect(check(run(ok({ organizations: org }), 'alice', { actionSet: 'legacy' }), 'scp').status).toBe('fail');
  });

  it('unknown when the organization, the OU path or a level\'s SCPs are not in the snapshot, with the hint', () => {
    const absent = check(run(ok({ organizations: undefined }), 'alice'), 'scp');
    expect(absent.status).toBe('unknown');
    expect(absent.remediation[0]?.text).toContain('--org-profile');
    const org = memberOrg();
    expect(check(run(ok({ organizations: { ...org, policies: undefined } }), 'alice'), 'scp').status).toBe('unknown');
    const { [ACCOUNT]: _dropped, ...rest } = org.policies ?? {};
    const partial = check(run(ok({ organizations: { ...org, policies: rest } }), 'alice'), 'scp');
    expect(partial.status).toBe('unknown');
    expect(partial.summary).toContain(`account ${ACCOUNT}`);
    // The organization part is there, so the advice names the missing level, not the whole part.
    expect(partial.remediation[0]?.text).toContain(`organizations.policies["${ACCOUNT}"]`);
    expect(partial.remediation[0]?.text).toContain(`list-policies-for-target --target-id ${ACCOUNT}`);
    const gap = check(
      run(ok({ organizations: undefined, gaps: [{ part: 'scp', operation: 'organizations:ListPoliciesForTarget', error: 'AccessDeniedException', message: 'no', hint: 'pass --org-profile mgmt' }] }), 'alice'),
      'scp',
    );
    expect(gap.summary).toContain('organizations:ListPoliciesForTarget failed (AccessDeniedException)');
    expect(gap.remediation[0]?.text).toContain('pass --org-profile mgmt');
  });
});

const forceMfa = (operator: string) => doc(allow('*'), { Sid: 'ForceMFA', ...deny({ NotAction: 'iam:*', Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'false' } } }) });

describe('mfa', () => {
  const s = (mfaDevices: number | undefined, operator = 'BoolIfExists') =>
    snapshot({ users: { alice: { consolePassword: true, ...(mfaDevices === undefined ? {} : { mfaDevices }) } } }, { UserDetailList: [user('alice', { UserPolicyList: [inline('Admin', forceMfa(operator))] })] });

  it('pass when no deny depends on MFA', () => {
    expect(check(run(ok(), 'alice'), 'mfa')).toMatchObject({ status: 'pass', evidence: [] });
  });

  it('pass when access needs MFA and the user has a device (console sign-in then asks for it)', () => {
    const c = check(run(s(1), 'alice'), 'mfa');
    expect(c.status).toBe('pass');
    expect(c.summary).toContain('has an MFA device');
    // With Bool the pass says what is fragile itself: a passing check's remediation is not printed.
    const bool = check(run(s(1, 'Bool'), 'alice'), 'mfa');
    expect(bool.status).toBe('pass');
    expect(bool.summary).toContain('with Bool, not BoolIfExists, so requests signed with access keys escape it');
    expect(bool.summary).not.toContain('see remediation');
  });

  it('fail without a device or with --mfa no; BoolIfExists gets no Bool-pitfall note', () => {
    const d = run(s(0), 'alice');
    const c = check(d, 'mfa');
    expect(c.status).toBe('fail');
    expect(c.evidence[0]).toMatchObject({ policy: 'inline Admin on user alice', statement: 'ForceMFA', condition: 'BoolIfExists aws:MultiFactorAuthPresent = false (request: false)' });
    expect(c.remediation.some((r) => r.text.includes('BoolIfExists denies both'))).toBe(false);
    expect(c.remediation[0]?.verified).toContain('verified: with this change the verdict becomes allowed');
    expect(check(run(s(1), 'alice', { mfa: 'no' }), 'mfa').status).toBe('fail');
  });

  it('warn when it is not known whether the person uses MFA; --mfa yes makes it pass', () => {
    const c = check(run(s(undefined, 'Bool'), 'alice'), 'mfa');
    expect(c.status).toBe('warn');
    expect(c.summary).toContain('--mfa yes|no');
    expect(c.remediation.some((r) => r.kind === 'info' && r.text.includes('long-term access keys'))).toBe(true);
    expect(check(run(s(undefined), 'alice', { mfa: 'yes' }), 'mfa').status).toBe('pass');
  });

  it('a role: the person signing in uses MFA before switching (no administrator to send them to), proven', () => {
    const r = snapshot({}, { RoleDetailList: [role('FinOps', { RolePolicyList: [inline('Admin', forceMfa('BoolIfExists'))] })] });
    const c = check(run(r, 'FinOps', { mfa: 'no' }), 'mfa');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]).toMatchObject({ kind: 'console', text: expect.stringContaining('before switching to role FinOps') });
    expect(c.remediation[0]?.who).toBeUndefined();
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('fail when even a fresh MFA session is denied (a maximum MFA age)', () => {
    const strict = doc(allow('*'), { Sid: 'FreshMfaOnly', ...deny({ Action: '*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '30' } } }) });
    const c = check(run(snapshot({ users: facts }, { UserDetailList: [user('alice', { UserPolicyList: [inline('Strict', strict)] })] }), 'alice', { mfa: 'yes' }), 'mfa');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('even in a fresh MFA session');
  });
});

describe('region', () => {
  it('pass when no region deny catches billing calls', () => {
    expect(check(run(ok(), 'alice'), 'region').status).toBe('pass');
  });

  it('fail on an identity region deny, with the corrected statement as a ready inline policy, proven', () => {
    const policy = doc({ Sid: 'EuOnly', ...deny({ NotAction: ['iam:*'], Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }) });
    const s = snapshot({ users: facts }, { UserDetailList: [reader('alice', { UserPolicyList: [inline('EuOnly', policy)] })] });
    const d = run(s, 'alice');
    const c = check(d, 'region');
    expect(c.status).toBe('fail');
    expect(check(d, 'identity-policy').status).toBe('pass');
    expect(d.actions.every((a) => a.deniedBy === 'region')).toBe(true);
    expect(c.remediation[0]?.command).toBe('aws iam put-user-policy --user-name alice --policy-name EuOnly --policy-document file://EuOnly.json');
    expect(c.remediation.every((r) => r.verified === 'verified: with this change the verdict becomes allowed')).toBe(true);
  });
});

describe('region wording', () => {
  it('a deny that lists the regions it blocks (StringEquals) says "in", not "outside its allowed regions"', () => {
    const listed = doc({ Sid: 'NoUsEast', ...deny({ Action: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }) });
    const c = check(run(ok({}, { UserDetailList: [reader('alice', { UserPolicyList: [inline('R', listed)] })] }), 'alice'), 'region');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('in the regions it lists (us-east-1)');
    expect(c.summary).not.toContain('outside');
    const negated = doc({ Sid: 'EU', ...deny({ Action: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }) });
    expect(check(run(ok({}, { UserDetailList: [reader('alice', { UserPolicyList: [inline('R', negated)] })] }), 'alice'), 'region').summary).toContain('outside its allowed regions');
  });
});

describe('boundary', () => {
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
  const withBoundary = (document: unknown, policies = [managed('Boundary', document)]) =>
    snapshot({ users: facts }, { UserDetailList: [reader('alice', { PermissionsBoundary: { PermissionsBoundaryArn: boundaryArn } })], Policies: policies });

  it('not-applicable without a boundary; pass when it covers the actions', () => {
    expect(check(run(ok(), 'alice'), 'boundary').status).toBe('not-applicable');
    expect(check(run(withBoundary(doc(allow('*'))), 'alice'), 'boundary')).toMatchObject({ status: 'pass', evidence: [{ layer: 'boundary', policy: boundaryArn }] });
  });

  it('fail on a deny inside the boundary, with the corrected version proven', () => {
    const c = check(run(withBoundary(doc(allow('*'), { Sid: 'NoBilling', ...deny({ Action: 'billing:*' }) })), 'alice'), 'boundary');
    expect(c).toMatchObject({ status: 'fail', evidence: [{ statement: 'NoBilling' }] });
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('two deny statements that both go: the corrected version keeps the rest and is proven', () => {
    const c = check(run(withBoundary(doc(allow('*'), { Sid: 'NoBilling', ...deny({ Action: 'billing:*' }) }, { Sid: 'NoInvoices', ...deny({ Action: 'invoicing:*' }) })), 'alice'), 'boundary');
    expect(c.status).toBe('fail');
    expect(c.remediation[0]?.document).toEqual(doc(allow('*')));
    expect(c.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('an AWS managed boundary in any partition cannot be edited: the fix removes the boundary', () => {
    for (const partition of ['aws', 'aws-us-gov', 'aws-cn']) {
      const arn = `arn:${partition}:iam::aws:policy/NoBillingBoundary`;
      const policy = { ...managed('NoBillingBoundary', doc(allow('*'), { Sid: 'NoBilling', ...deny({ Action: 'billing:*' }) })), Arn: arn };
      const s = snapshot({ users: facts }, { UserDetailList: [reader('alice', { PermissionsBoundary: { PermissionsBoundaryArn: arn } })], Policies: [policy] });
      const c = check(run(s, 'alice'), 'boundary');
      expect(c.status, partition).toBe('fail');
      expect(c.remediation[0]?.command, partition).toBe('aws iam delete-user-permissions-boundary --user-name alice');
    }
  });

  it('unknown when the boundary policy is not in the snapshot', () => {
    const c = check(run(withBoundary(doc(allow('*')), []), 'alice'), 'boundary');
    expect(c.status).toBe('unknown');
    expect(c.summary).toContain(boundaryArn);
  });
});

describe('principal, root-user, identity-center', () => {
  it('principal: pass with a console password, fail without (proven fix), unknown when not recorded', () => {
    expect(check(run(ok(), 'alice'), 'principal').status).toBe('pass');
    const none = check(run(ok({ users: { alice: { consolePassword: false, mfaDevices: 1 } } }), 'alice'), 'principal');
    expect(none.status).toBe('fail');
    expect(none.remediation[0]?.command).toContain('aws iam create-login-profile --user-name alice');
    expect(none.remediation[0]?.verified).toContain('verified');
    const unknown = check(run(ok({ users: {} }), 'alice'), 'principal');
    expect(unknown.status).toBe('unknown');
    expect(unknown.remediation[0]?.command).toBe('aws iam get-login-profile --user-name alice');
  });

  it('principal: a service-linked role fails (no person uses it)', () => {
    const slr = role('AWSServiceRoleForSupport', { Path: '/aws-service-role/support.amazonaws.com/' });
    expect(check(run(ok({}, { RoleDetailList: [slr] }), 'AWSServiceRoleForSupport'), 'principal').status).toBe('fail');
  });

  it('root-user applies only to root and says whether SCPs still apply', () => {
    expect(check(run(ok(), 'alice'), 'root-user').status).toBe('not-applicable');
    const member = check(run(ok({ organizations: memberOrg() }), 'root'), 'root-user');
    expect(member.status).toBe('pass');
    expect(member.summary).toContain('member account, so SCPs still apply');
  });

  it('identity-center: found by permission-set name; remediation goes through the permission set', () => {
    const sso = role('AWSReservedSSO_Finance_0123456789abcdef', { Path: '/aws-reserved/sso.amazonaws.com/' });
    const d = run(ok({}, { RoleDetailList: [sso] }), 'Finance');
    expect(d.principal.type).toBe('identity-center-role');
    expect(check(d, 'identity-center').status).toBe('pass');
    const grant = check(d, 'identity-policy').remediation[0];
    expect(grant?.who).toBe('Identity Center administrator');
    expect(grant?.command).toContain('aws sso-admin attach-managed-policy-to-permission-set');
    expect(check(run(ok(), 'alice'), 'identity-center').status).toBe('not-applicable');
  });

  it('Identity Center MFA, one rule (design 5.1): --mfa no and a CloudTrail mfaAuthenticated=false both leave aws:MultiFactorAuthPresent absent', () => {
    const sso = role('AWSReservedSSO_Finance_0123456789abcdef', { Path: '/aws-reserved/sso.amazonaws.com/', AttachedManagedPolicies: [att(BILLING_RO)] });
    // A Bool deny (no IfExists) is decided by the key's presence: with it absent, it does not apply.
    const boolDeny = { id: 'p-mfabool', name: 'DenyWithoutMfaBool', document: doc(deny({ Sid: 'NoMfa', Action: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })) };
    const m = model(ok({ organizations: memberOrg({ 'ou-prod': [boolDeny] }) }, { RoleDetailList: [sso] }));
    const mfaKey = (d: Diagnosis) => d.requestContext!.keys.find((k) => k.key === 'aws:MultiFactorAuthPresent');
    const flag = diagnose(m, 'Finance', { tasks: [taskById('bills')], actionSet: 'fine-grained', source: { kind: 'snapshot' }, mfa: 'no' });
    const event = {
      form: 'cloudtrail' as const,
      principalArn: sso.Arn,
      actions: ['billing:GetBillingData'],
      stated: { effect: 'explicit-deny' as const, policyType: 'scp' as const, policyArn: null },
      context: { 'aws:RequestedRegion': 'us-east-1', 'aws:MultiFactorAuthPresent': 'false' },
      origin: 'e1',
    };
    const denial = diagnoseDenial(m, { source: 'cloudtrail', denials: [event], skipped: [] }, { actionSet: 'fine-grained', source: { kind: 'snapshot' } });
    for (const d of [flag, denial]) {
      expect(mfaKey(d)).toMatchObject({ state: 'absent' });
      expect(check(d, 'scp').status).toBe('pass');
    }
    expect(denial.denial?.context).not.toHaveProperty('aws:MultiFactorAuthPresent');
    expect(denial.denial?.notes?.join('\n')).toContain('mfaAuthenticated=false, but an Identity Center / SAML / OIDC session carries no aws:MultiFactorAuthPresent');
    // An IAM user's console session does carry the key: there the event's false still counts.
    const iamUser = diagnoseDenial(model(ok({ organizations: memberOrg({ 'ou-prod': [boolDeny] }) })), { source: 'cloudtrail', denials: [{ ...event, principalArn: `arn:aws:iam::${ACCOUNT}:user/alice` }], skipped: [] }, { actionSet: 'fine-grained', source: { kind: 'snapshot' } });
    expect(mfaKey(iamUser)).toMatchObject({ state: 'set', values: ['false'] });
    expect(check(iamUser, 'mfa').status).toBe('fail');
    // The wizard prefills its MFA question by the same rule.
    expect(denialMfaAnswer(m, { source: 'cloudtrail', denials: [event], skipped: [] }, undefined)).toBeUndefined();
    expect(denialMfaAnswer(model(ok()), { source: 'cloudtrail', denials: [{ ...event, principalArn: `arn:aws:iam::${ACCOUNT}:user/alice` }], skipped: [] }, undefined)).toBe('no');
  });
});

describe('management-only', () => {
  const consolidated = { ...taskById('bills'), managementAccountOnly: true };
  const diag = (organizations: unknown) =>
    diagnose(model(ok({ organizations: organizations as never })), 'alice', { tasks: [consolidated], actionSet: 'fine-grained', source: { kind: 'snapshot' } });

  it('not-applicable for ordinary pages; pass in the management account; fail in a member; warn standalone; unknown without facts', () => {
    expect(check(run(ok(), 'alice'), 'management-only').status).toBe('not-applicable');
    const org = memberOrg();
    expect(check(diag({ ...org, organization: { ...org.organization, MasterAccountId: ACCOUNT } }), 'management-only').status).toBe('pass');
    const member = check(diag(org), 'management-only');
    expect(member.status).toBe('fail');
    expect(member.remediation[0]?.text).toContain(MGMT);
    expect(check(diag(null), 'management-only').status).toBe('warn');
    expect(check(diag(undefined), 'management-only').status).toBe('unknown');
  });
});

describe('request context', () => {
  const ipGuard = doc(allow('*'), { Sid: 'OfficeOnly', ...deny({ Action: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }) });
  const withPolicy = (document: unknown, parts = {}, extra = {}) =>
    snapshot({ users: facts, ...extra }, { UserDetailList: [user('alice', { UserPolicyList: [inline('Guard', document)], ...parts })] });

  it('a condition on a key the snapshot does not give makes the layer unknown, naming the key', () => {
    const c = check(run(withPolicy(doc(allow('*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))), 'alice'), 'identity-policy');
    expect(c.status).toBe('unknown');
    expect(c.summary).toContain('aws:SourceIp');
    expect(c.remediation[0]?.text).toContain('"context"');
  });

  it('a deny that applies only because the key is absent is unknown too; an unconditional deny still fails', () => {
    expect(check(run(withPolicy(ipGuard), 'alice'), 'identity-policy').status).toBe('unknown');
    const both = doc(...(ipGuard.Statement as Record<string, unknown>[]), { Sid: 'NoBilling', ...deny({ Action: 'billing:*' }) });
    expect(check(run(withPolicy(both), 'alice'), 'identity-policy').status).toBe('fail');
  });

  it('the snapshot\'s context supplies it', () => {
    expect(check(run(withPolicy(ipGuard, {}, { context: { 'aws:SourceIp': '203.0.113.7' } }), 'alice'), 'identity-policy').status).toBe('pass');
    expect(check(run(withPolicy(ipGuard, {}, { context: { 'aws:SourceIp': '198.51.100.1' } }), 'alice'), 'identity-policy').status).toBe('fail');
  });

  it('principal tags, the organization id and console facts are in every request', () => {
    const tagged = doc(
      allow('*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'finops', 'aws:PrincipalOrgID': 'o-example' }, Bool: { 'aws:SecureTransport': 'true', 'aws:ViaAWSService': 'false' } } }),
    );
    const s = withPolicy(tagged, { Tags: [{ Key: 'team', Value: 'finops' }] }, { organizations: memberOrg() });
    expect(check(run(s, 'alice'), 'identity-policy').status).toBe('pass');
    const other = withPolicy(tagged, { Tags: [{ Key: 'team', Value: 'dev' }] }, { organizations: memberOrg() });
    expect(check(run(other, 'alice'), 'identity-policy').status).toBe('fail');
  });
});

describe('policy problems', () => {
  it('a statement the engine cannot read is named in the summary', () => {
    const broken = doc(allow(['billing:*', 'invoicing:*']), { Effect: 'Allow', Action: 'ce:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'alice' } } });
    const c = check(run(snapshot({ users: facts }, { UserDetailList: [user('alice', { UserPolicyList: [inline('P', broken)] })] }), 'alice'), 'identity-policy');
    expect(c.status).toBe('pass');
    expect(c.summary).toContain('note: inline P on user alice iam.UserDetailList[0].UserPolicyList[0].PolicyDocument Statement[1]');
    expect(c.summary).toContain('its readable parts rule it out for these actions');
  });

  it('nothing allows, but an unreadable policy might have: identity-policy is unknown, not fail', () => {
    const broken = (Action: string[]) => doc({ Effect: 'Allow', Action, Resource: '*', Condition: { StringEqualz: { 'aws:username': 'alice' } } });
    const alice = (Action: string[]) => snapshot({ users: facts }, { UserDetailList: [user('alice', { UserPolicyList: [inline('P', broken(Action))] })] });
    const c = check(run(alice(['billing:*', 'invoicing:*']), 'alice'), 'identity-policy');
    expect(c.status).toBe('unknown');
    expect(c.summary).toBe(
      'cannot read statement #0 of inline P on user alice (iam.UserDetailList[0].UserPolicyList[0].PolicyDocument Statement[0].Condition.StringEqualz): unknown condition operator "StringEqualz"',
    );
    expect(c.evidence).toEqual([
      { layer: 'identity', policy: 'inline P on user alice', statement: '#0', condition: expect.stringContaining('could not be read at iam.UserDetailList[0]') },
    ]);
    // The unreadable statement cannot be for invoicing: that action is surely not allowed.
    expect(check(run(alice(['billing:*']), 'alice'), 'identity-policy').status).toBe('fail');
    // Readable and still allowing nothing: a plain fail.
    const plain = check(run(snapshot({ users: facts }, { UserDetailList: [user('alice', { UserPolicyList: [inline('P', doc(allow('ec2:*')))] })] }), 'alice'), 'identity-policy');
    expect(plain.status).toBe('fail');
  });
});

describe('collection gaps', () => {
  it('a failed read is named where it leaves a check unknown', () => {
    const gaps = [{ part: 'users' as const, operation: 'iam:GetLoginProfile', error: 'AccessDenied', message: 'no', profile: 'dev' }];
    const c = check(run(ok({ users: {}, gaps }), 'alice'), 'principal');
    expect(c.status).toBe('unknown');
    expect(c.summary).toContain('(iam:GetLoginProfile failed: AccessDenied for profile dev)');
  });
});

describe('unreadable documents never pass (issue 9)', () => {
  const denyBilling = doc({ Sid: 'DenyBilling', ...deny({ Action: ['billing:*', 'invoicing:*'] }) });
  const org = (content: unknown, target = 'ou-prod') => {
    const o = memberOrg();
    o.policies![target] = [...o.policies![target]!, { PolicySummary: { Id: 'p-deny', Name: 'DenyBilling' }, Content: content as string }];
    return o;
  };
  const member = (organizations: ReturnType<typeof memberOrg>) => ok({ account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' }, organizations });

  it('an SCP Deny that is not valid JSON: scp, region and mfa are unknown, naming file path and reason', () => {
    const d = run(member(org(JSON.stringify(denyBilling).slice(0, 40))), 'alice');
    expect(d.verdict).toBe('inconclusive');
    const scp = check(d, 'scp');
    expect(scp.status).toBe('unknown');
    expect(scp.summary).toMatch(/^cannot read SCP DenyBilling \(p-deny\) attached to ou ou-prod \(organizations\.policies\["ou-prod"\]\[1\]\.Content\): not valid JSON at line 1, column 41/);
    for (const id of ['region', 'mfa']) {
      expect(check(d, id).status, id).toBe('unknown');
      expect(check(d, id).summary, id).toContain('organizations.policies["ou-prod"][1].Content');
    }
  });

  it('Statement as a string, a number or null; null Content; Action ""; double URL-encoding: never allowed', () => {
    const bad = [
      { Version: '2012-10-17', Statement: 'Deny' },
      { Version: '2012-10-17', Statement: 3 },
      { Version: '2012-10-17', Statement: null },
      null,
      doc(deny({ Action: '' })),
      encodeURIComponent(encodeURIComponent(JSON.stringify(denyBilling))),
      encodeURIComponent(JSON.stringify(denyBilling)).replace('%22', '%Z2'),
    ];
    for (const content of bad) {
      const d = run(member(org(typeof content === 'string' ? content : JSON.stringify(content))), 'alice');
      expect(d.verdict, JSON.stringify(content)).not.toBe('allowed');
      expect(check(d, 'scp').status, JSON.stringify(content)).toBe('unknown');
    }
  });

  it('a readable SCP deny still fails next to an unreadable one', () => {
    const o = org('{');
    o.policies!['r-root'] = [...o.policies!['r-root']!, { PolicySummary: { Id: 'p-real', Name: 'RealDeny' }, Content: JSON.stringify(denyBilling) }];
    const d = run(member(o), 'alice');
    expect(check(d, 'scp').status).toBe('fail');
    expect(d.verdict).toBe('denied');
  });

  it('two SCPs with the same Id but different content are each read as written (cached by content, not id)', () => {
    const o = memberOrg();
    o.policies!['ou-prod'] = [{ PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' }, Content: JSON.stringify(doc(deny({ Action: '*' }))) }];
    const d = run(member(o), 'alice');
    expect(check(d, 'scp').status).toBe('fail');
    expect(d.verdict).toBe('denied');
  });

  it('a repeated key in a policy document makes it unreadable (Deny then Allow is not read as an Allow)', () => {
    const d = run(member(org('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}]}')), 'alice');
    expect(check(d, 'scp')).toMatchObject({ status: 'unknown', summary: expect.stringContaining('the key "Effect" appears twice') });
  });

  it('OU and account ids that are object property names are just ids', () => {
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const o = memberOrg();
      const policies = new Map(Object.entries(o.policies!));
      policies.set(id, [FULL_ACCESS, { PolicySummary: { Id: 'p-deny', Name: 'DenyBilling' }, Content: JSON.stringify(denyBilling) }]);
      policies.delete('ou-prod');
      const organizations = { ...o, parents: [{ Id: id, Type: 'ORGANIZATIONAL_UNIT' as const }, { Id: 'r-root', Type: 'ROOT' as const }], policies: Object.fromEntries(policies) };
      const d = run(member(organizations), 'alice');
      expect(check(d, 'scp'), id).toMatchObject({ status: 'fail', summary: expect.stringContaining('DenyBilling') });
      // Missing levels named like properties are missing, not inherited from Object.prototype.
      const missing = { ...organizations, policies: Object.fromEntries([...policies].filter(([k]) => k !== id)) };
      expect(check(run(member(missing), 'alice'), 'scp').status, id).toBe('unknown');
    }
  });

  it('a context key, tag or user named like a property is just a name', () => {
    const tagged = user('alice', { AttachedManagedPolicies: [att(BILLING_RO)], Tags: [{ Key: '__proto__', Value: 'x' }, { Key: 'constructor', Value: 'y' }] });
    const s = snapshot({ users: JSON.parse('{"alice":{"consolePassword":true,"mfaDevices":1},"__proto__":{"mfaDevices":0}}'), context: JSON.parse('{"__proto__":"x","toString":"y"}') }, { UserDetailList: [tagged] });
    expect(run(s, 'alice').verdict).toBe('allowed');
  });
});

describe('no pass on a layer that was not read (design 5.2)', () => {
  const unreadScps = () => {
    const o = memberOrg();
    delete o.policies;
    return ok({
      account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
      organizations: o,
      gaps: [{ part: 'scp', operation: 'organizations:ListPoliciesForTarget', error: 'AccessDeniedException', message: 'no', hint: 'pass --org-profile <a management-account profile>' }],
    });
  };

  it('SCPs not read: scp, region and mfa are unknown and say how to read them; identity-policy still passes', () => {
    const d = run(unreadScps(), 'alice');
    for (const id of ['scp', 'region', 'mfa']) {
      const c = check(d, id);
      expect(c.status, id).toBe('unknown');
      expect([c.summary, ...c.remediation.map((r) => r.text)].join(' '), id).toContain('--org-profile');
    }
    expect(check(d, 'region').summary).toMatch(/^no region-restricting deny applies in the layers that were read, but SCPs were not read/);
    expect(check(d, 'identity-policy').status).toBe('pass');
    expect(d.verdict).toBe('inconclusive');
  });

  it('a region deny in a layer that was read still fails while SCPs are unread', () => {
    const regionDeny = doc({ Sid: 'EuOnly', ...deny({ NotAction: ['iam:*'], Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }) });
    const s = unreadScps();
    s.iam.UserDetailList = [reader('alice', { UserPolicyList: [inline('EuOnly', regionDeny)] })];
    const d = run(s, 'alice');
    expect(check(d, 'region').status).toBe('fail');
    expect(d.verdict).toBe('denied');
  });

  it('a permissions boundary or an attached policy that is not in the snapshot: region and mfa are unknown, naming it', () => {
    const missing = 'arn:aws:iam::111122223333:policy/NotInSnapshot';
    const boundary = ok({}, { UserDetailList: [reader('alice', { PermissionsBoundary: { PermissionsBoundaryArn: missing } })] });
    const b = run(boundary, 'alice');
    expect(check(b, 'boundary').status).toBe('unknown');
    for (const id of ['region', 'mfa']) expect(check(b, id).summary, id).toContain(`the permissions boundary ${missing} is not in the snapshot`);
    const attached = ok({}, { UserDetailList: [reader('alice', { AttachedManagedPolicies: [att(BILLING_RO), att(missing)] })] });
    const a = run(attached, 'alice');
    expect(check(a, 'identity-policy').status).toBe('unknown');
    expect(check(a, 'region')).toMatchObject({ status: 'unknown', summary: expect.stringContaining(missing) });
  });
});

describe('the console request context (design 5.1)', () => {
  // Landing Zone Accelerator's root guardrail: deny the member root user unless in an sts:AssumeRoot session.
  const lzaRoot = doc({
    Sid: 'DenyRootUser',
    ...deny({ Action: '*', Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] }, Null: { 'aws:AssumedRoot': 'true' } } }),
  });
  const lza = () => ok({ organizations: memberOrg({ 'r-root': [{ id: 'p-lzaroot', name: 'LZARootGuardrail', document: lzaRoot }] }) });

  it('LZA-style root guardrail: a root password sign-in never carries aws:AssumedRoot, so the deny is decided (scp fails)', () => {
    const d = run(lza(), 'root');
    expect(check(d, 'scp')).toMatchObject({ status: 'fail', summary: expect.stringContaining('DenyRootUser') });
    expect(d.verdict).toBe('denied');
    expect(d.requestContext?.keys).toContainEqual(expect.objectContaining({ key: 'aws:AssumedRoot', state: 'absent' }));
    // The same guardrail does not touch an IAM user.
    expect(check(run(lza(), 'alice'), 'scp').status).toBe('pass');
  });

  it('per sign-in type: MFA keys, principal keys, org path; unknown keys stay unknown', () => {
    const s = ok({ organizations: memberOrg() }, { RoleDetailList: [role('Ops', { RoleId: 'AROAEXAMPLE', Tags: [{ Key: 'team', Value: 'finops' }] })], UserDetailList: [reader('alice', { UserId: 'AIDAEXAMPLE' })] });
    const keys = (principal: string, settings = {}) => new Map(run(s, principal, settings).requestContext!.keys.map((k) => [k.key, k]));
    const alice = keys('alice');
    expect(alice.get('aws:MultiFactorAuthPresent')).toMatchObject({ state: 'set', values: ['true'] });
    expect(alice.get('aws:userid')).toMatchObject({ state: 'set', values: ['AIDAEXAMPLE'] });
    expect(alice.get('aws:PrincipalOrgPaths')).toMatchObject({ state: 'set', values: ['o-example/r-root/ou-prod/'] });
    expect(alice.get('aws:SourceIp')).toMatchObject({ state: 'unknown' });
    expect(alice.get('aws:CalledVia')).toMatchObject({ state: 'absent' });
    const noMfa = keys('alice', { mfa: 'no' });
    expect(noMfa.get('aws:MultiFactorAuthPresent')).toMatchObject({ state: 'set', values: ['false'] });
    // A role assumed without MFA carries no MFA key at all (IAM, MFA-protected API access).
    const ops = keys('Ops', { mfa: 'no' });
    expect(ops.get('aws:MultiFactorAuthPresent')).toMatchObject({ state: 'absent' });
    expect(ops.get('aws:PrincipalType')).toMatchObject({ values: ['AssumedRole'] });
    expect(ops.get('aws:PrincipalTag/team')).toMatchObject({ values: ['finops'] });
    expect(ops.get('aws:userid')).toMatchObject({ state: 'unknown' });
    expect(ops.get('aws:username')).toMatchObject({ state: 'absent' });
    const root = keys('root');
    expect(root.get('aws:PrincipalType')).toMatchObject({ values: ['Account'] });
    for (const k of [...alice.values(), ...ops.values(), ...root.values()]) expect(k.source, k.key).not.toBe('');
  });

  it('aws:PrincipalOrgPaths has the shape of the IAM global keys page: the OU path, no account id, each example condition as documented', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
    const org = memberOrg();
    const nested = {
      ...org,
      organization: { ...org.organization, Id: 'o-a1b2c3d4e5' },
      parents: [{ Id: 'ou-ab12-22222222', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'ou-ab12-11111111', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-ab12', Type: 'ROOT' }],
    };
    const keys = run(ok({ organizations: nested }), 'alice').requestContext!.keys;
    const paths = keys.find((k) => k.key === 'aws:PrincipalOrgPaths');
    expect(paths).toMatchObject({ state: 'set', values: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'] });
    const holds = (operator: string, value: string) =>
      evaluate(
        { action: 'ce:GetCostAndUsage', resource: '*', context: { 'aws:PrincipalOrgPaths': paths!.values! } },
        { identity: [compilePolicy({ source: 'p', document: doc(allow('*', { Condition: { [operator]: { 'aws:PrincipalOrgPaths': [value] } } })) })] },
      ).decision === 'allowed';
    // The page's four examples, for an account attached directly to ou-ab12-22222222.
    expect(holds('ForAnyValue:StringEquals', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/')).toBe(true);
    expect(holds('ForAnyValue:StringLike', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*')).toBe(true);
    expect(holds('ForAnyValue:StringLike', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/ou-*')).toBe(false);
    expect(holds('ForAnyValue:StringLike', 'o-a1b2c3d4e5/*')).toBe(true);
  });
});
