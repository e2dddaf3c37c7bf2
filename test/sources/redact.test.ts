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
      UserId: 'AROA3EXAMPLEID1234567:jane@example.com',
      Account: '111122223333',
      Arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BillingAdmins_0123456789abcdef/jane@example.com',
    },
    iam: {
      UserDetailList: [
        {
          UserName: 'alice',
          UserId: 'AIDA3EXAMPLEID7654321',
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
      organization: { Id: 'o-abc123defg', MasterAccountId: '999988887777', MasterAccountArn: 'arn:aws:organizations::999988887777:account/o-abc123defg/999988887777', FeatureSet: 'ALL' },
      account: { Id: '111122223333', Name: 'Prod Treasury', JoinedMethod: 'CREATED', Arn: 'arn:aws:organizations::999988887777:account/o-abc123defg/111122223333' },
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

const SECRETS = ['AROA3EXAMPLEID1234567', 'AIDA3EXAMPLEID7654321', 'o-abc123defg', 'ou-ab12-cdef3456', 'r-ab12', 'p-1234abcd', 'finance', 'teams', 'reports', '111122223333', '444455556666', '999988887777', 'alice', 'FinOps', 'finops-team', 'jane@example.com', 'DenyOutsideEU', 'Prod Treasury', 'treasury', 'BillingAdmins', 'External', 'Treasury region guard'];

describe('redactSnapshot', () => {
  const original = fixture();
  const redacted = redactSnapshot(original);
  const text = JSON.stringify(redacted);

  it('leaves nothing identifying, in any field or policy document', () => {
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(redacted.redacted).toBe(true);
  });

  it('keeps AWS managed policies, service principals, service-linked roles (and their paths) and policy variables intact', () => {
    const user = redacted.iam.UserDetailList[0];
    expect(user?.AttachedManagedPolicies?.[0]).toEqual({ PolicyName: 'Billing', PolicyArn: BILLING });
    expect(redacted.iam.Policies[1]).toEqual(original.iam.Policies[1]);
    expect(text).toContain('ec2.amazonaws.com');
    expect(redacted.iam.RoleDetailList[1]).toMatchObject({ RoleName: 'AWSServiceRoleForSupport', Path: '/aws-service-role/support.amazonaws.com/' });
    expect(user?.Path).toMatch(/^\/redacted-path-\d+\/$/);
    expect(text).toContain('${aws:username}');
    expect(redacted.organizations?.policies?.[redacted.account?.id as string]).toEqual(original.organizations?.policies?.['111122223333']);
    expect(redacted.organizations?.organization.Id).toBe('o-redacted0001');
    expect(redacted.organizations?.parents).toEqual([{ Id: 'ou-redacted-00000001', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-redacted0001', Type: 'ROOT' }]);
    expect(Object.keys(redacted.organizations?.policies ?? {}).sort()).toEqual([redacted.account?.id, 'ou-redacted-00000001', 'r-redacted0001'].sort());
  });

  it('maps the same input to the same pseudonym everywhere', () => {
    const account = redacted.account?.id as string;
    expect(account).toMatch(/^\d{12}$/);
    expect(redacted.caller?.Account).toBe(account);
    const user = redacted.iam.UserDetailList[0];
    const userName = user?.UserName as string;
    expect(user?.Arn).toBe(`arn:aws:iam::${account}:user${user?.Path}${userName}`);
    expect(Object.keys(redacted.users ?? {})).toEqual([userName]);
    const group = redacted.iam.GroupDetailList[0]?.GroupName;
    expect(user?.GroupList).toEqual([group]);
    const role = redacted.iam.RoleDetailList[0];
    expect(role?.Arn).toBe(`arn:aws:iam::${account}:role${role?.Path}${role?.RoleName}`);

    const inline = user?.UserPolicyList?.[0]?.PolicyDocument as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
    expect(inline.Statement[1]?.Condition?.ArnNotEquals?.['aws:PrincipalArn']).toBe(role?.Arn);
    expect(inline.Statement[2]?.Condition?.StringEquals?.['aws:username']).toBe(userName);
    expect(inline.Statement[2]?.Condition?.StringEquals?.['aws:PrincipalTag/team']).toBe(user?.Tags?.[0]?.Value);

    const managed = redacted.iam.Policies[0];
    expect(user?.AttachedManagedPolicies?.[1]).toEqual({ PolicyName: managed?.PolicyName, PolicyArn: managed?.Arn });

    const ou = redacted.organizations?.policies?.['ou-redacted-00000001']?.[0];
    expect(typeof ou?.Content).toBe('string'); // SCP content stays a JSON string
    expect(JSON.parse(ou?.Content as string).Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual([`arn:aws:iam::*:role${role?.Path}${role?.RoleName}`]);
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
    expect(redacted.caller?.UserId).toBe(`AROAREDACTED000000001:${session}`);
  });

  it('is deterministic and does not touch its input', () => {
    expect(redactSnapshot(fixture())).toEqual(redacted);
    expect(original).toEqual(fixture());
  });
});

describe('redactSnapshot: the diagnosis of every principal is unchanged, wildcard patterns included', () => {
  const doc = (statements: object[]): string => enc({ Version: '2012-10-17', Statement: statements });
  const user = (name: string, path = '/'): SnapshotV1['iam']['UserDetailList'][number] => ({
    UserName: name,
    Arn: `arn:aws:iam::111122223333:user${path}${name}`,
    Path: path,
    GroupList: [],
    UserPolicyList: [{ PolicyName: `${name}-billing`, PolicyDocument: doc([{ Effect: 'Allow', Action: ['aws-portal:*', 'billing:*', 'ce:*', 'payments:*', 'invoicing:*', 'cur:*', 'tax:*', 'account:*', 'consolidatedbilling:*', 'freetier:*', 'budgets:*', 'pricing:*', 'purchase-orders:*', 'bcm-data-exports:*', 'cost-optimization-hub:*'], Resource: '*' }]) }],
    AttachedManagedPolicies: [],
  });
  const BILLING_ALL = ['aws-portal:*', 'billing:*', 'ce:*', 'payments:*', 'invoicing:*', 'cur:*', 'tax:*', 'account:*', 'consolidatedbilling:*', 'freetier:*', 'budgets:*', 'pricing:*', 'purchase-orders:*', 'bcm-data-exports:*', 'cost-optimization-hub:*'];
  /** An Identity Center role as provisioning leaves it: the set's inline policy is AwsSSOInlinePolicy. */
  const ssoRole = (set: string, hex: string): SnapshotV1['iam']['RoleDetailList'][number] => ({
    RoleName: `AWSReservedSSO_${set}_${hex}`,
    Arn: `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${set}_${hex}`,
    Path: '/aws-reserved/sso.amazonaws.com/',
    RolePolicyList: [{ PolicyName: 'AwsSSOInlinePolicy', PolicyDocument: doc([{ Effect: 'Allow', Action: BILLING_ALL, Resource: '*' }]) }],
    AttachedManagedPolicies: [],
  });
  const SETS = [['BillingViewers', '0123456789abcdef'], ['BillingAdmins', '1111222233334444'], ['Engineers', '5555666677778888']] as const;
  const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
  const snapshot: SnapshotV1 = {
    billingAccessSnapshot: 1,
    account: { id: '111122223333', iamUserAccessToBilling: 'enabled' },
    iam: {
      UserDetailList: [user('alice', '/finance/'), user('alice2', '/finance/'), user('bob'), user('carol', '/contractors/')],
      GroupDetailList: [],
      RoleDetailList: SETS.map(([set, hex]) => ssoRole(set, hex)),
      Policies: [],
    },
    identityCenter: {
      instance: { InstanceArn: INSTANCE, IdentityStoreId: 'd-1234567890', Status: 'ACTIVE' },
      permissionSets: SETS.map(([Name], i) => ({
        Name,
        PermissionSetArn: `${INSTANCE}/ps-aaaa00000000000${i + 1}`,
        InlinePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: BILLING_ALL, Resource: '*' }] }),
      })),
      assignments: [],
      users: [],
      groups: [],
      memberships: [],
      provisioned: SETS.map((_, i) => `${INSTANCE}/ps-aaaa00000000000${i + 1}`),
    },
    organizations: {
      organization: { Id: 'o-abc123defg', MasterAccountId: '999988887777', FeatureSet: 'ALL' },
      account: { Id: '111122223333', JoinedMethod: 'CREATED' },
      parents: [{ Id: 'r-ab12', Type: 'ROOT' }],
      policies: {
        'r-ab12': [
          { PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true }, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
          {
            PolicySummary: { Id: 'p-1234abcd', Name: 'OnlyFinance', AwsManaged: false },
            Content: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Sid: 'NotAlice', Effect: 'Deny', Action: 'ce:*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/finance/alice*' } } },
                { Sid: 'NoContractors', Effect: 'Deny', Action: 'billing:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/contractors/*' } } },
                { Sid: 'NotB', Effect: 'Deny', Action: 'payments:*', Resource: '*', Condition: { StringLike: { 'aws:username': 'b?b' } } },
                // Identity Center roles are matched by their permission set's name, inside the role name.
                { Sid: 'BillingSetsOnly', Effect: 'Deny', Action: 'invoicing:*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Billing*', 'arn:aws:iam::*:user/*'] } } },
                { Sid: 'NoViewerBilling', Effect: 'Deny', Action: 'billing:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*/AWSReservedSSO_*Viewers_*' } } },
              ],
            }),
          },
        ],
        '111122223333': [{ PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true }, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }],
      },
    },
  };

  it('every principal × page: the same verdict and the same checks blocking it; no original name left', async () => {
    const { buildAccountModel } = await import('../../src/model/account.js');
    const { auditAccount } = await import('../../src/checks/audit.js');
    const { TASKS } = await import('../../src/model/catalogue.js');
    const { loadShippedManagedPolicies } = await import('../../src/sources/managed-policies.js');
    const audit = (s: SnapshotV1) =>
      auditAccount(buildAccountModel(s, loadShippedManagedPolicies()), TASKS, { actionSet: 'fine-grained' }).map((row) => ({ type: row.principal.type, cells: row.cells }));
    const redacted = redactSnapshot(snapshot);
    const before = audit(snapshot);
    expect(audit(redacted)).toEqual(before);
    // The wildcards decide something: alice and alice2 differ from bob and carol somewhere.
    expect(new Set(before.map((r) => JSON.stringify(r.cells))).size).toBeGreaterThan(2);
    const text = JSON.stringify(redacted);
    for (const secret of ['alice', 'bob', 'carol', 'finance', 'contractors', '111122223333', '999988887777', 'o-abc123defg', 'r-ab12', 'p-1234abcd', 'OnlyFinance', 'b?b', 'BillingViewers', 'BillingAdmins', 'Billing*', 'Viewers_', 'Engineers']) {
      expect(text, secret).not.toContain(secret);
    }
    // The Identity Center roles are diagnosed as such, and the set patterns decide something for them.
    const sso = before.filter((r) => r.type === 'identity-center-role');
    expect(sso).toHaveLength(3);
    expect(new Set(sso.map((r) => JSON.stringify(r.cells))).size).toBe(3);
  });
});

describe('redactSnapshot: the identityCenter part', () => {
  const original = JSON.parse(readFileSync(new URL('../fixtures/checks/identity-center-users.json', import.meta.url), 'utf8')) as SnapshotV1;
  const redacted = redactSnapshot(original);
  const text = JSON.stringify(redacted);

  it('replaces user names, display names, e-mail addresses, group names, permission set and referenced policy names', () => {
    for (const secret of ['"maria"', 'Maria Garcia', 'maria@', 'bob@', 'Engineers', 'Auditors', 'BillingViewers', 'FinanceAdmins', 'BillingExtra', '111122223333']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(redacted.identityCenter?.users.map((u) => u.UserName)).toEqual(['redacted-sso-user-1', 'redacted-sso-user-2', 'redacted-sso-user-3', 'redacted-sso-user-4', 'redacted-sso-user-5']);
    expect(redacted.identityCenter?.groups.map((g) => g.DisplayName)).toEqual(['redacted-sso-group-1', 'redacted-sso-group-2', 'redacted-sso-group-3']);
  });

  it('keeps each AWSReservedSSO_* role matching its permission set, and each assignment naming its user or group, so the diagnosis is the same', () => {
    const roleSets = redacted.iam.RoleDetailList.map((r) => /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(r.RoleName)?.[1]);
    const names = redacted.identityCenter?.permissionSets.map((p) => p.Name) ?? [];
    for (const set of roleSets) expect(names).toContain(set);
    // Ids are pseudonymised (u-maria names her), each assignment's PrincipalId the same way as that user's or group's id.
    const ids = new Set([...(redacted.identityCenter?.users ?? []).map((u) => u.UserId), ...(redacted.identityCenter?.groups ?? []).map((g) => g.GroupId)]);
    const assigned = redacted.identityCenter?.assignments.map((a) => a.PrincipalId) ?? [];
    expect(assigned.length).toBeGreaterThan(0);
    for (const id of assigned) expect(ids.has(id), id).toBe(true);
    expect(text).not.toContain('u-maria');
    expect(redacted.iam.RoleDetailList[0]?.RolePolicyList?.[0]?.PolicyName).toBe('AwsSSOInlinePolicy');
    const ref = redacted.identityCenter?.permissionSets.find((p) => p.CustomerManagedPolicyReferences)?.CustomerManagedPolicyReferences?.[0];
    // The reference's path is pseudonymised as IAM paths are, so it still names the same policy.
    expect(ref).toEqual({ Name: expect.stringMatching(/^redacted-policy-\d+$/), Path: expect.stringMatching(/^\/redacted-path-\d+\/$/) });
  });

  it('every Identity Center user: the same verdict, the same sets (by position) with the same verdicts, and every role the same checks', async () => {
    const { buildAccountModel } = await import('../../src/model/account.js');
    const { diagnoseIdentityCenterUser } = await import('../../src/checks/identity-center-user.js');
    const { auditAccount } = await import('../../src/checks/audit.js');
    const { TASKS } = await import('../../src/model/catalogue.js');
    const { loadShippedManagedPolicies } = await import('../../src/sources/managed-policies.js');
    const managed = loadShippedManagedPolicies();
    const settings = { source: { kind: 'snapshot' as const }, tasks: TASKS, actionSet: 'fine-grained' as const, verify: false };
    const byUser = (s: SnapshotV1) => {
      const model = buildAccountModel(s, managed);
      return (s.identityCenter?.users ?? []).map((u) => {
        const d = diagnoseIdentityCenterUser(model, u, settings);
        return { verdict: d.verdict, sets: d.identityCenter?.permissionSets.map((p) => [p.verdict, p.via.length]), checks: d.checks.map((c) => [c.id, c.status]) };
      });
    };
    // An SCP that names permission sets inside a role pattern: it must still match their roles once redacted.
    const patterned = structuredClone(original);
    const account = patterned.organizations?.policies?.['111122223333'];
    account?.push({
      PolicySummary: { Id: 'p-nofinance1', Name: 'NoFinanceCosts', AwsManaged: false },
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ce:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Finance*' } } }] }),
    });
    expect(account).toBeDefined();
    for (const s of [original, patterned]) {
      const before = byUser(s);
      expect(byUser(redactSnapshot(s))).toEqual(before);
      expect(new Set(before.map((b) => JSON.stringify(b))).size, JSON.stringify(before)).toBeGreaterThan(2);
    }
    expect(byUser(patterned)).not.toEqual(byUser(original)); // the pattern decides something
    // Audit rows of roles and of Identity Center users, each named by its place in the snapshot (pseudonyms sort differently).
    const rows = (s: SnapshotV1) => {
      const place = (arn: string | undefined, name: string): number =>
        Math.max(s.iam.RoleDetailList.findIndex((r) => r.Arn === arn), (s.identityCenter?.users ?? []).findIndex((u) => u.UserId === name || u.UserName === name));
      return auditAccount(buildAccountModel(s, managed), TASKS, { actionSet: 'fine-grained' })
        .map((row) => ({ type: row.principal.type, place: place(row.principal.arn, row.principal.name), cells: row.cells }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.place - b.place);
    };
    const audited = rows(patterned);
    expect(audited.every((r) => r.place >= 0)).toBe(true);
    expect(rows(redactSnapshot(patterned))).toEqual(audited);
  });
});
