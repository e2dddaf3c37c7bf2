/** snapshot --redact: pseudonyms are consistent, nothing identifying survives, AWS's own names stay. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { redactSnapshot } from '../../src/sources/redact.js';

const enc = (doc: object): string => encodeURIComponent(JSON.stringify(doc));
const BILLING = 'arn:aws:iam::aws:policy/job-function/Billing';

function fixture(): SnapshotV1 {
  return {
    billingAccessSnapshot: 1,
    capturedAt: '2026-11-24T10:00:00Z',
    account: { id: '111122223333' },
    caller: {
      UserId: 'AROAEXAMPLEID:jane@example.com',
      Account: '111122223333',
      Arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BillingAdmins_0123456789abcdef/jane@example.com',
    },
    iam: {
      UserDetailList: [
        {
          UserName: 'alice',
          UserId: 'AIDAEXAMPLE',
          Arn: 'arn:aws:iam::111122223333:user/finance/alice',
          Path: '/finance/',
          GroupList: ['finops-team'],
          Tags: [{ Key: 'team', Value: 'treasury' }],
          UserPolicyList: [
            {
              PolicyName: 'alice-extra',
              PolicyDocument: enc({
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/${aws:username}/*' },
                  { Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/teams/FinOps' } } },
                  { Effect: 'Allow', Action: 'ce:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'treasury', 'aws:username': 'alice' } } },
                ],
              }),
            },
          ],
          AttachedManagedPolicies: [
            { PolicyName: 'Billing', PolicyArn: BILLING },
            { PolicyName: 'FinOpsPolicy', PolicyArn: 'arn:aws:iam::111122223333:policy/FinOpsPolicy' },
          ],
        },
      ],
      GroupDetailList: [{ GroupName: 'finops-team', Arn: 'arn:aws:iam::111122223333:group/finops-team', GroupPolicyList: [], AttachedManagedPolicies: [] }],
      RoleDetailList: [
        {
          RoleName: 'FinOps',
          Arn: 'arn:aws:iam::111122223333:role/teams/FinOps',
          Path: '/teams/',
          AssumeRolePolicyDocument: enc({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com', AWS: ['444455556666', 'arn:aws:iam::444455556666:role/External'] }, Action: 'sts:AssumeRole' }],
          }),
          AttachedManagedPolicies: [],
        },
        { RoleName: 'AWSServiceRoleForSupport', Arn: 'arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport', Path: '/aws-service-role/support.amazonaws.com/' },
        { RoleName: 'AWSReservedSSO_BillingAdmins_0123456789abcdef', Arn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_BillingAdmins_0123456789abcdef' },
      ],
      Policies: [
        {
          PolicyName: 'FinOpsPolicy',
          Arn: 'arn:aws:iam::111122223333:policy/FinOpsPolicy',
          PolicyVersionList: [{ VersionId: 'v2', IsDefaultVersion: true, Document: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'billing:*', Resource: '*' }] }) }],
        },
        {
          PolicyName: 'Billing',
          Arn: BILLING,
          Path: '/job-function/',
          PolicyVersionList: [{ VersionId: 'v28', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['billing:*'], Resource: 'arn:aws:iam::*:role/aws-service-role/SomeAwsRole' }] } }],
        },
      ],
    },
    users: { alice: { consolePassword: true, mfaDevices: 1 } },
    organizations: {
      organization: { Id: 'o-abc123', MasterAccountId: '999988887777', MasterAccountArn: 'arn:aws:organizations::999988887777:account/o-abc123/999988887777', FeatureSet: 'ALL' },
      account: { Id: '111122223333', Name: 'Prod Treasury', JoinedMethod: 'CREATED', Arn: 'arn:aws:organizations::999988887777:account/o-abc123/111122223333' },
      parents: [{ Id: 'ou-ab12-cdef3456', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-ab12', Type: 'ROOT' }],
      policies: {
        '111122223333': [{ PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true, Description: 'Allows access to every operation' }, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }],
        'ou-ab12-cdef3456': [
          {
            PolicySummary: { Id: 'p-1234abcd', Name: 'DenyOutsideEU', AwsManaged: false, Description: 'Treasury region guard' },
            Content: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/teams/FinOps'] }, StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }],
            }),
          },
        ],
        'r-ab12': [],
      },
    },
    gaps: [{ part: 'users', operation: 'iam:ListMFADevices', error: 'AccessDenied', message: 'User: arn:aws:iam::111122223333:user/alice is not authorized', profile: 'default' }],
  };
}

const SECRETS = ['111122223333', '444455556666', '999988887777', 'alice', 'FinOps', 'finops-team', 'jane@example.com', 'DenyOutsideEU', 'Prod Treasury', 'treasury', 'BillingAdmins', 'External', 'Treasury region guard'];

describe('redactSnapshot', () => {
  const original = fixture();
  const redacted = redactSnapshot(original);
  const text = JSON.stringify(redacted);

  it('leaves nothing identifying, in any field or policy document', () => {
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(redacted.redacted).toBe(true);
  });

  it('keeps AWS managed policies, service principals, service-linked roles, paths and policy variables intact', () => {
    const user = redacted.iam.UserDetailList[0];
    expect(user?.AttachedManagedPolicies?.[0]).toEqual({ PolicyName: 'Billing', PolicyArn: BILLING });
    expect(redacted.iam.Policies[1]).toEqual(original.iam.Policies[1]);
    expect(text).toContain('ec2.amazonaws.com');
    expect(redacted.iam.RoleDetailList[1]).toMatchObject({ RoleName: 'AWSServiceRoleForSupport', Path: '/aws-service-role/support.amazonaws.com/' });
    expect(user?.Path).toBe('/finance/');
    expect(text).toContain('${aws:username}');
    expect(redacted.organizations?.policies?.[redacted.account?.id as string]).toEqual(original.organizations?.policies?.['111122223333']);
    expect(redacted.organizations?.organization.Id).toBe('o-abc123');
    expect(redacted.organizations?.parents).toEqual(original.organizations?.parents);
  });

  it('maps the same input to the same pseudonym everywhere', () => {
    const account = redacted.account?.id as string;
    expect(account).toMatch(/^\d{12}$/);
    expect(redacted.caller?.Account).toBe(account);
    const user = redacted.iam.UserDetailList[0];
    const userName = user?.UserName as string;
    expect(user?.Arn).toBe(`arn:aws:iam::${account}:user/finance/${userName}`);
    expect(Object.keys(redacted.users ?? {})).toEqual([userName]);
    const group = redacted.iam.GroupDetailList[0]?.GroupName;
    expect(user?.GroupList).toEqual([group]);
    const role = redacted.iam.RoleDetailList[0];
    expect(role?.Arn).toBe(`arn:aws:iam::${account}:role/teams/${role?.RoleName}`);

    const inline = user?.UserPolicyList?.[0]?.PolicyDocument as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
    expect(inline.Statement[1]?.Condition?.ArnNotEquals?.['aws:PrincipalArn']).toBe(role?.Arn);
    expect(inline.Statement[2]?.Condition?.StringEquals?.['aws:username']).toBe(userName);
    expect(inline.Statement[2]?.Condition?.StringEquals?.['aws:PrincipalTag/team']).toBe(user?.Tags?.[0]?.Value);

    const managed = redacted.iam.Policies[0];
    expect(user?.AttachedManagedPolicies?.[1]).toEqual({ PolicyName: managed?.PolicyName, PolicyArn: managed?.Arn });

    const ou = redacted.organizations?.policies?.['ou-ab12-cdef3456']?.[0];
    expect(typeof ou?.Content).toBe('string'); // SCP content stays a JSON string
    expect(JSON.parse(ou?.Content as string).Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual([`arn:aws:iam::*:role/teams/${role?.RoleName}`]);
    expect(ou?.PolicySummary.Description).toBeUndefined();

    const trust = role?.AssumeRolePolicyDocument as { Statement: { Principal: { AWS: string[] } }[] };
    const [externalAccount, externalRole] = trust.Statement[0]?.Principal.AWS ?? [];
    expect(externalRole).toMatch(new RegExp(`^arn:aws:iam::${externalAccount}:role/redacted-role-\\d+$`));
    expect(externalAccount).not.toBe(account);
  });

  it('keeps the Identity Center prefix, and the session name matches between caller ARN and user id', () => {
    const sso = redacted.iam.RoleDetailList[2]?.RoleName as string;
    expect(sso).toMatch(/^AWSReservedSSO_/);
    const [, roleInArn, session] = /assumed-role\/([^/]+)\/(.+)$/.exec(redacted.caller?.Arn ?? '') ?? [];
    expect(roleInArn).toBe(sso);
    expect(redacted.caller?.UserId).toBe(`AROAEXAMPLEID:${session}`);
  });

  it('is deterministic and does not touch its input', () => {
    expect(redactSnapshot(fixture())).toEqual(redacted);
    expect(original).toEqual(fixture());
  });
});

describe('redactSnapshot: the identityCenter part', () => {
  const original = JSON.parse(readFileSync(new URL('../fixtures/checks/identity-center-users.json', import.meta.url), 'utf8')) as SnapshotV1;
  const redacted = redactSnapshot(original);
  const text = JSON.stringify(redacted);

  it('replaces user names, display names, e-mail addresses, group names, permission set and referenced policy names', () => {
    // The fixture's ids (u-maria) are readable on purpose; real identity store ids are opaque and stay.
    for (const secret of ['"maria"', 'Maria Garcia', 'maria@', 'bob@', 'Engineers', 'Auditors', 'BillingViewers', 'FinanceAdmins', 'BillingExtra', '111122223333']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(redacted.identityCenter?.users.map((u) => u.UserName)).toEqual(['redacted-sso-user-1', 'redacted-sso-user-2', 'redacted-sso-user-3', 'redacted-sso-user-4', 'redacted-sso-user-5']);
    expect(redacted.identityCenter?.groups.map((g) => g.DisplayName)).toEqual(['redacted-sso-group-1', 'redacted-sso-group-2', 'redacted-sso-group-3']);
  });

  it('keeps each AWSReservedSSO_* role matching its permission set, and ids, so the diagnosis is the same', () => {
    const roleSets = redacted.iam.RoleDetailList.map((r) => /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(r.RoleName)?.[1]);
    const names = redacted.identityCenter?.permissionSets.map((p) => p.Name) ?? [];
    for (const set of roleSets) expect(names).toContain(set);
    expect(redacted.identityCenter?.assignments.map((a) => a.PrincipalId)).toEqual(original.identityCenter?.assignments.map((a) => a.PrincipalId));
    expect(redacted.iam.RoleDetailList[0]?.RolePolicyList?.[0]?.PolicyName).toBe('AwsSSOInlinePolicy');
    const ref = redacted.identityCenter?.permissionSets.find((p) => p.CustomerManagedPolicyReferences)?.CustomerManagedPolicyReferences?.[0];
    expect(ref).toEqual({ Name: expect.stringMatching(/^redacted-policy-\d+$/), Path: '/finance/' });
  });
});
