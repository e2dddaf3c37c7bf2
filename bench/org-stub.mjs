// A local stand-in for AWS that answers an organization of many accounts the way AWS does (STS and
// IAM query protocol in XML; Organizations, sso-admin and identitystore JSON 1.1), after a fixed
// latency per call. It generates every answer, so 1,000 accounts cost no seeding. Identity Center:
// two permission sets provisioned to every account (their AWSReservedSSO_* roles in its IAM), one
// assigned to group Finance (5 members), one to a user directly. Used by bench/org-sweep.mjs.
import { createServer } from 'node:http';

const MANAGEMENT = '100000000000';
const ORG = 'o-bench00001';
const ROOT = 'r-bnch';
const XMLNS = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' };
const BILLING = 'arn:aws:iam::aws:policy/job-function/Billing';

const doc = (statement) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));
const TRUST = doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }]);
const FULL_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const EU_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyAllOutsideEU', Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }],
});

const INSTANCE = 'arn:aws:sso:::instance/ssoins-bench000000001';
const STORE = 'd-bench00001';
const SETS = [
  { name: 'BillingAdmins', arn: `${INSTANCE.replace(':instance/', ':permissionSet/')}/ps-billing0000000001`, managed: [{ Name: 'Billing', Arn: BILLING }] },
  { name: 'ReadOnly', arn: `${INSTANCE.replace(':instance/', ':permissionSet/')}/ps-readonly000000001`, inline: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:List*', Resource: '*' }] }) },
];
const USERS = Array.from({ length: 10 }, (_, i) => ({ UserId: `u-bench-${i}`, UserName: `person${i}`, DisplayName: `Person ${i}`, IdentityStoreId: STORE }));
const FINANCE = 'g-finance';
const SSO_ROLE = (set) => `AWSReservedSSO_${set.name}_0123456789abcdef`;

/** Account i (0-based) → id; accounts sit in OUs of 100, OU 3 has an EU-only region deny. */
export function layout(accounts, principals) {
  const ids = Array.from({ length: accounts }, (_, i) => String(200000000000 + i));
  const ouOf = (i) => `ou-bnch-${String(Math.floor(i / 100)).padStart(8, '0')}`;
  return { ids, ouOf, principals };
}

const member = (tag, body) => `<${tag}>${body}</${tag}>`;
const list = (tag, items) => (items.length === 0 ? `<${tag}/>` : `<${tag}>${items.map((i) => member('member', i)).join('')}</${tag}>`);

function gaad(account, principals) {
  const users = [];
  const roles = [];
  for (let i = 0; i < principals; i++) {
    const name = `p${i}`;
    if (i % 2 === 0) {
      // Users: half may read bills through an inline policy, half have nothing.
      const inline = i % 4 === 0 ? [member('PolicyName', 'billing-read') + member('PolicyDocument', doc([{ Effect: 'Allow', Action: ['billing:Get*', 'ce:Get*', 'invoicing:List*'], Resource: '*' }]))] : [];
      users.push(
        member('UserName', name) + member('UserId', `AIDA${account}${i}`) + member('Arn', `arn:aws:iam::${account}:user/${name}`) + member('Path', '/') +
          member('CreateDate', '2024-01-01T00:00:00Z') + list('UserPolicyList', inline) + list('GroupList', []) + list('AttachedManagedPolicies', []),
      );
    } else {
      roles.push(
        member('RoleName', name) + member('RoleId', `AROA${account}${i}`) + member('Arn', `arn:aws:iam::${account}:role/${name}`) + member('Path', '/') +
          member('CreateDate', '2024-01-01T00:00:00Z') + member('AssumeRolePolicyDocument', TRUST) + list('RolePolicyList', []) + list('InstanceProfileList', []) +
          list('AttachedManagedPolicies', [member('PolicyName', 'Billing') + member('PolicyArn', BILLING)]),
      );
    }
  }
  for (const set of SETS) {
    const inline = set.inline ? [member('PolicyName', 'AwsSSOInlinePolicy') + member('PolicyDocument', encodeURIComponent(set.inline))] : [];
    const attached = (set.managed ?? []).map((m) => member('PolicyName', m.Name) + member('PolicyArn', m.Arn));
    roles.push(
      member('RoleName', SSO_ROLE(set)) + member('RoleId', `AROASSO${account}${set.name}`) + member('Arn', `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${SSO_ROLE(set)}`) +
        member('Path', '/aws-reserved/sso.amazonaws.com/') + member('CreateDate', '2024-01-01T00:00:00Z') + member('AssumeRolePolicyDocument', TRUST) +
        list('RolePolicyList', inline) + list('InstanceProfileList', []) + list('AttachedManagedPolicies', attached),
    );
  }
  return `${member('IsTruncated', 'false')}${list('UserDetailList', users)}${list('GroupDetailList', [])}${list('RoleDetailList', roles)}${list('Policies', [])}`;
}

function credentialReport(principals) {
  const header = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active';
  const rows = ['<root_account>,arn:aws:iam::0:root,2024-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true'];
  for (let i = 0; i < principals; i += 2) rows.push(`p${i},arn:aws:iam::0:user/p${i},2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,${i % 4 === 0}`);
  return Buffer.from([header, ...rows].join('\n')).toString('base64');
}

const xml = (service, operation, result) =>
  `<${operation}Response xmlns="${XMLNS[service]}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></${operation}Response>`;

function billingPolicy() {
  const version = doc([{ Effect: 'Allow', Action: ['billing:*', 'ce:*', 'invoicing:*', 'payments:*', 'tax:*', 'account:Get*', 'cur:*', 'budgets:*', 'consolidatedbilling:*', 'freetier:*', 'purchase-orders:*', 'sustainability:*', 'bcm-data-exports:*', 'cost-optimization-hub:*', 'pricing:*'], Resource: '*' }]);
  return { version };
}

/** sso-admin and identitystore; `{ error }` for a JSON error answer. */
function identityCenter(operation, body) {
  const set = SETS.find((s) => s.arn === body.PermissionSetArn);
  switch (operation) {
    case 'ListInstances':
      return { Instances: [{ InstanceArn: INSTANCE, IdentityStoreId: STORE, OwnerAccountId: MANAGEMENT, Status: 'ACTIVE' }] };
    case 'ListPermissionSets':
    case 'ListPermissionSetsProvisionedToAccount':
      return { PermissionSets: SETS.map((s) => s.arn) };
    case 'DescribePermissionSet':
      return set && { PermissionSet: { Name: set.name, PermissionSetArn: set.arn, SessionDuration: 'PT8H' } };
    case 'GetInlinePolicyForPermissionSet':
      return set && { InlinePolicy: set.inline ?? '' };
    case 'ListManagedPoliciesInPermissionSet':
      return set && { AttachedManagedPolicies: set.managed ?? [] };
    case 'ListCustomerManagedPolicyReferencesInPermissionSet':
      return { CustomerManagedPolicyReferences: [] };
    case 'GetPermissionsBoundaryForPermissionSet':
      return { error: 'ResourceNotFoundException' };
    case 'ListAccountAssignments': {
      const [type, id] = set === SETS[0] ? ['GROUP', FINANCE] : ['USER', USERS[5].UserId];
      return set && { AccountAssignments: [{ AccountId: body.AccountId, PermissionSetArn: set.arn, PrincipalType: type, PrincipalId: id }] };
    }
    case 'ListUsers':
      return { Users: USERS };
    case 'ListGroups':
      return { Groups: [{ GroupId: FINANCE, DisplayName: 'Finance', IdentityStoreId: STORE }] };
    case 'ListGroupMemberships':
      return { GroupMemberships: USERS.slice(0, 5).map((u) => ({ IdentityStoreId: STORE, MembershipId: `m-${u.UserId}`, GroupId: body.GroupId, MemberId: { UserId: u.UserId } })) };
    default:
      return undefined;
  }
}

/** Starts the stub; `latencyMs` before every answer. Returns its endpoint, a call counter and stop(). */
export function startOrgStub({ accounts, principals, latencyMs }) {
  const { ids, ouOf } = layout(accounts, principals);
  const ous = [...new Set(ids.map((_, i) => ouOf(i)))];
  const index = new Map(ids.map((id, i) => [id, i]));
  const counts = { total: 0, byOperation: new Map() };
  const billing = billingPolicy();

  const json = (operation, body) => {
    if (operation === 'DescribeOrganization') return { Organization: { Id: ORG, Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG}`, MasterAccountId: MANAGEMENT, FeatureSet: 'ALL' } };
    if (operation === 'ListAccounts') {
      const start = Number(body.NextToken ?? 0);
      const all = [MANAGEMENT, ...ids];
      const page = all.slice(start, start + 20).map((Id) => ({ Id, Name: `acct-${Id}`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED', Arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${Id}` }));
      return { Accounts: page, ...(start + 20 < all.length ? { NextToken: String(start + 20) } : {}) };
    }
    if (operation === 'ListParents') {
      const child = body.ChildId;
      if (child === MANAGEMENT || ous.includes(child)) return { Parents: [{ Id: ROOT, Type: 'ROOT' }] };
      return { Parents: [{ Id: ouOf(index.get(child) ?? 0), Type: 'ORGANIZATIONAL_UNIT' }] };
    }
    if (operation === 'ListPoliciesForTarget') {
      const policies = [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true }];
      if (body.TargetId === ous[3]) policies.push({ Id: 'p-euonly0001', Name: 'eu-only', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false });
      return { Policies: policies };
    }
    if (operation === 'DescribePolicy') {
      const eu = body.PolicyId === 'p-euonly0001';
      return { Policy: { PolicySummary: { Id: body.PolicyId, Name: eu ? 'eu-only' : 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY' }, Content: eu ? EU_ONLY : FULL_ACCESS } };
    }
    return identityCenter(operation, body);
  };

  const query = (operation, params, account) => {
    if (operation === 'GetCallerIdentity') return xml('sts', operation, member('Arn', `arn:aws:iam::${MANAGEMENT}:user/admin`) + member('UserId', 'AIDAADMIN') + member('Account', MANAGEMENT));
    if (operation === 'AssumeRole') {
      const target = /arn:aws:iam::(\d{12}):role\//.exec(params.get('RoleArn') ?? '')?.[1] ?? '0';
      const credentials = member('AccessKeyId', `ASIA${target}`) + member('SecretAccessKey', 'bench') + member('SessionToken', 'bench') + member('Expiration', new Date(Date.now() + 3600_000).toISOString());
      const user = member('AssumedRoleId', `AROABENCH:${params.get('RoleSessionName')}`) + member('Arn', `arn:aws:sts::${target}:assumed-role/OrganizationAccountAccessRole/${params.get('RoleSessionName')}`);
      return xml('sts', operation, member('Credentials', credentials) + member('AssumedRoleUser', user));
    }
    if (operation === 'GetAccountAuthorizationDetails') return xml('iam', operation, gaad(account, principals));
    if (operation === 'GenerateCredentialReport') return xml('iam', operation, member('State', 'COMPLETE'));
    if (operation === 'GetCredentialReport') return xml('iam', operation, member('Content', credentialReport(principals)) + member('ReportFormat', 'text/csv') + member('GeneratedTime', new Date().toISOString()));
    const billingPolicy = member('PolicyName', 'Billing') + member('PolicyId', 'ANPABILLING') + member('Arn', BILLING) + member('Path', '/job-function/') + member('DefaultVersionId', 'v1');
    if (operation === 'GetPolicy') return xml('iam', operation, member('Policy', billingPolicy));
    if (operation === 'ListPolicies') return xml('iam', operation, member('Policies', member('member', billingPolicy)) + member('IsTruncated', 'false'));
    if (operation === 'GetPolicyVersion') return xml('iam', operation, member('PolicyVersion', member('Document', billing.version) + member('VersionId', 'v1') + member('IsDefaultVersion', 'true')));
    return undefined;
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const params = new URLSearchParams(body);
      const operation = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : (params.get('Action') ?? 'unknown');
      const account = /Credential=ASIA(\d{12})\//.exec(req.headers.authorization ?? '')?.[1] ?? MANAGEMENT;
      counts.total++;
      counts.byOperation.set(operation, (counts.byOperation.get(operation) ?? 0) + 1);
      setTimeout(() => {
        const answer = typeof target === 'string' ? json(operation, JSON.parse(body || '{}')) : query(operation, params, account);
        if (answer === undefined) {
          res.writeHead(400, { 'content-type': 'text/xml' });
          res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>bench stub: ${operation}</Message></Error></ErrorResponse>`);
        } else if (typeof target === 'string' && answer.error !== undefined) {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: answer.error, message: `bench stub: ${operation}` }));
        } else if (typeof target === 'string') {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify(answer));
        } else {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(answer);
        }
      }, latencyMs);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        endpoint: `http://127.0.0.1:${server.address().port}`,
        counts,
        accounts: accounts + 1,
        stop: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
