// Generated snapshots for the benchmark and for the audit equivalence test: deterministic (seeded)
// accounts of n principals with the shapes real accounts have. 200 customer managed policies (many
// with conditions: principal tags, MFA, source IP, time, username variables; some denies), inline
// policies on a third of the principals, users in groups, permissions boundaries on 30%, some
// principals with ReadOnlyAccess or other AWS managed policies, service-linked and Identity Center
// roles, and a 3-level SCP tree (root → OU → OU → account) with a region deny.

const ACCOUNT = '111122223333';
const MANAGEMENT = '999988887777';
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });

/** Mulberry32: a small seeded PRNG, so every run generates the same account. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['s3', 'ec2', 'dynamodb', 'lambda', 'logs', 'cloudwatch', 'sqs', 'sns', 'rds', 'kms', 'iam', 'sts'];
const BILLING = [
  'billing:GetBillingData', 'billing:GetBillingDetails', 'billing:Get*', 'billing:List*', 'ce:Get*', 'ce:Describe*',
  'invoicing:List*', 'invoicing:Get*', 'payments:Get*', 'payments:List*', 'account:GetAccountInformation', 'tax:Get*',
  'budgets:ViewBudget', 'cur:Describe*', 'freetier:Get*', 'consolidatedbilling:Get*', 'aws-portal:ViewBilling', 'aws-portal:View*',
  'purchase-orders:List*', 'purchase-orders:ViewPurchaseOrders', 'savingsplans:Describe*', 'cost-optimization-hub:List*',
];
const VERBS = ['Get', 'List', 'Describe', 'Put', 'Create', 'Delete', 'Update', 'Tag'];

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const some = (rand, list, n) => Array.from({ length: n }, () => pick(rand, list));

/** One customer managed policy: a work allow, often a billing allow with a condition, sometimes a deny. */
function customerPolicy(rand, i) {
  const statements = [
    { Sid: 'Work', Effect: 'Allow', Action: some(rand, SERVICES, 3).map((s) => `${s}:${pick(rand, VERBS)}*`), Resource: '*' },
    {
      Sid: 'OwnData',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::team-bucket-${i}/\${aws:username}/*`,
    },
  ];
  const kind = i % 8;
  const billing = some(rand, BILLING, 2 + Math.floor(rand() * 4));
  if (kind === 0) statements.push({ Sid: 'Billing', Effect: 'Allow', Action: billing, Resource: '*' });
  if (kind === 1) statements.push({ Sid: 'TeamBilling', Effect: 'Allow', Action: billing, Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': `team${i % 7}` } } });
  if (kind === 2) statements.push({ Sid: 'MfaBilling', Effect: 'Allow', Action: billing, Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  if (kind === 3) {
    statements.push({ Sid: 'OfficeOnly', Effect: 'Allow', Action: billing, Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } } });
  }
  if (kind === 4) {
    statements.push({ Effect: 'Allow', Action: billing, Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } } });
  }
  if (kind === 5) {
    statements.push({
      Sid: 'ForceMFA',
      Effect: 'Deny',
      NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    statements.push({ Sid: 'Billing', Effect: 'Allow', Action: billing, Resource: '*' });
  }
  if (kind === 6) statements.push({ Sid: 'NoPayments', Effect: 'Deny', Action: ['payments:*', 'billing:Put*', 'billing:Update*'], Resource: '*' });
  if (kind === 7) {
    statements.push({ Sid: 'OrgBilling', Effect: 'Allow', Action: billing, Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-bench0001' }, StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:*` } } });
  }
  const name = `Team${String(i).padStart(3, '0')}`;
  const arn = `arn:aws:iam::${ACCOUNT}:policy/teams/${name}`;
  return { PolicyName: name, Arn: arn, Path: '/teams/', DefaultVersionId: 'v2', PolicyVersionList: [{ VersionId: 'v2', IsDefaultVersion: true, Document: doc(...statements) }] };
}

/** Boundaries: everything but IAM writes; or a service list that includes (or misses) billing. */
function boundaries() {
  const make = (name, ...statements) => ({
    PolicyName: name,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/boundaries/${name}`,
    Path: '/boundaries/',
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(...statements) }],
  });
  return [
    make('DeveloperBoundary', { Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: ['iam:Create*', 'iam:Put*', 'iam:Attach*'], Resource: '*' }),
    make('ServiceBoundary', { Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'ce:*', 'billing:*', 'dynamodb:*', 'logs:*'], Resource: '*' }),
    make('FinanceBoundary', { Effect: 'Allow', Action: ['billing:*', 'ce:*', 'invoicing:*', 'payments:*', 'account:Get*', 'tax:*', 'budgets:*'], Resource: '*' }),
  ];
}

const AWS_MANAGED = ['ReadOnlyAccess', 'AWSBillingReadOnlyAccess', 'ViewOnlyAccess', 'Billing', 'PowerUserAccess', 'SecurityAudit'];
const awsArn = (name) => `arn:aws:iam::aws:policy/${name === 'ViewOnlyAccess' ? 'job-function/' : ''}${name}`;

const scp = (id, name, document) => ({ PolicySummary: { Id: id, Name: name, AwsManaged: id === 'p-FullAWSAccess' }, Content: JSON.stringify(document) });

function organizations() {
  const full = scp('p-FullAWSAccess', 'FullAWSAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
  // The Organizations example region deny: exempts aws-portal, ce, cur, budgets … but not billing;
  // roles and staff users are exempt, so it hits only some principals.
  const region = scp('p-regiondeny1', 'DenyOutsideEU', doc({
    Sid: 'DenyAllOutsideEU',
    Effect: 'Deny',
    NotAction: ['a4b:*', 'acm:*', 'aws-portal:*', 'budgets:*', 'ce:*', 'chime:*', 'cloudfront:*', 'config:*', 'cur:*', 'directconnect:*', 'globalaccelerator:*', 'health:*', 'iam:*', 'kms:*', 'organizations:*', 'route53:*', 'shield:*', 'sts:*', 'support:*', 'trustedadvisor:*', 'waf:*'],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] }, ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:user/staff/*'] } },
  }));
  const guard = scp('p-guardrail1', 'Guardrails', doc(
    { Sid: 'NoLeaving', Effect: 'Deny', Action: ['organizations:LeaveOrganization', 'account:CloseAccount'], Resource: '*' },
    { Sid: 'NoBillingWrites', Effect: 'Deny', Action: ['billing:Put*', 'payments:Update*'], Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/Finance*` } } },
  ));
  return {
    organization: { Id: 'o-bench0001', MasterAccountId: MANAGEMENT, FeatureSet: 'ALL', Arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-bench0001` },
    account: { Id: ACCOUNT, JoinedMethod: 'CREATED', Name: 'bench' },
    parents: [{ Id: 'ou-bnch-workloads', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'ou-bnch-eu', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-bnch', Type: 'ROOT' }],
    policies: { 'r-bnch': [full], 'ou-bnch-eu': [full, region], 'ou-bnch-workloads': [full, guard], [ACCOUNT]: [full] },
  };
}

function inlinePolicy(rand, name) {
  const statements = [{ Effect: 'Allow', Action: some(rand, [...SERVICES.map((s) => `${s}:Describe*`), ...BILLING], 3), Resource: '*' }];
  if (rand() < 0.3) statements.push({ Effect: 'Deny', Action: pick(rand, ['ce:*', 'billing:GetBillingDetails', 'invoicing:*', 's3:DeleteBucket']), Resource: '*' });
  return { PolicyName: name, PolicyDocument: encodeURIComponent(JSON.stringify(doc(...statements))) };
}

/**
 * A snapshot of `n` auditable principals (≈60% users, the rest roles), plus a few service-linked
 * roles audit skips. Same `n` and `seed`, same snapshot.
 */
export function generateSnapshot(n, seed = 1) {
  const rand = prng(seed + n);
  const pool = Array.from({ length: 200 }, (_, i) => customerPolicy(rand, i));
  const bounds = boundaries();
  const attachedOf = (count) => some(rand, pool, count).map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn }));
  const managedFor = () => {
    const out = attachedOf(1 + Math.floor(rand() * 3));
    const r = rand();
    if (r < 0.15) out.push({ PolicyName: 'ReadOnlyAccess', PolicyArn: awsArn('ReadOnlyAccess') });
    else if (r < 0.3) {
      const name = pick(rand, AWS_MANAGED.slice(1));
      out.push({ PolicyName: name, PolicyArn: awsArn(name) });
    }
    return out;
  };
  const boundary = () => {
    if (rand() >= 0.3) return {};
    const b = pick(rand, bounds);
    return { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: b.Arn } };
  };
  const tags = () => (rand() < 0.6 ? [{ Key: 'team', Value: `team${Math.floor(rand() * 7)}` }] : []);
  const inline = (owner) => (rand() < 1 / 3 ? [inlinePolicy(rand, `${owner}-inline`)] : []);

  const groups = Array.from({ length: 40 }, (_, i) => {
    const name = `group${String(i).padStart(2, '0')}`;
    return {
      GroupName: name,
      GroupId: `AGPA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
      Path: '/',
      GroupPolicyList: i % 3 === 0 ? [inlinePolicy(rand, `${name}-inline`)] : [],
      AttachedManagedPolicies: i % 10 === 0 ? [{ PolicyName: 'ReadOnlyAccess', PolicyArn: awsArn('ReadOnlyAccess') }] : attachedOf(1 + (i % 2)),
    };
  });

  const userCount = Math.round(n * 0.6);
  const users = [];
  const facts = {};
  for (let i = 0; i < userCount; i++) {
    const name = `user${String(i).padStart(5, '0')}`;
    users.push({
      UserName: name,
      UserId: `AIDA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${i % 4 === 0 ? 'staff/' : ''}${name}`,
      Path: i % 4 === 0 ? '/staff/' : '/',
      CreateDate: '2024-03-01T10:00:00Z',
      GroupList: some(rand, groups, Math.floor(rand() * 3)).map((g) => g.GroupName).filter((g, k, all) => all.indexOf(g) === k),
      UserPolicyList: inline(name),
      AttachedManagedPolicies: rand() < 0.7 ? managedFor() : [],
      Tags: tags(),
      ...boundary(),
    });
    const r = rand();
    // Some users' facts are missing (not read), as when the snapshot covered only some users.
    if (r < 0.9) facts[name] = { consolePassword: r < 0.8, mfaDevices: r < 0.5 ? 1 : 0 };
  }

  const roles = [];
  for (let i = 0; i < n - userCount; i++) {
    const sso = i % 10 === 0;
    const name = sso ? `AWSReservedSSO_Team${i % 5}_${i.toString(16).padStart(16, '0')}` : `${i % 9 === 0 ? 'Finance' : 'App'}Role${String(i).padStart(5, '0')}`;
    const path = sso ? '/aws-reserved/sso.amazonaws.com/' : '/';
    roles.push({
      RoleName: name,
      RoleId: `AROA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
      Path: path,
      RolePolicyList: inline(name),
      AttachedManagedPolicies: managedFor(),
      Tags: tags(),
      ...(sso ? {} : boundary()),
    });
  }
  for (let i = 0; i < 3; i++) {
    const name = `AWSServiceRoleForBench${i}`;
    roles.push({ RoleName: name, Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/bench.amazonaws.com/${name}`, Path: '/aws-service-role/bench.amazonaws.com/', RolePolicyList: [], AttachedManagedPolicies: [] });
  }

  return {
    billingAccessSnapshot: 1,
    capturedAt: '2026-01-15T12:00:00Z',
    account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
    caller: { UserId: 'AIDA00000000000000000', Account: ACCOUNT, Arn: users[0]?.Arn ?? `arn:aws:iam::${ACCOUNT}:root` },
    context: { 'aws:SourceIp': '203.0.113.10' },
    users: facts,
    organizations: organizations(),
    iam: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: [...pool, ...bounds] },
  };
}
