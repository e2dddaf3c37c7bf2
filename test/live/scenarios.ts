/** Account states seeded into moto, shared by the snapshot and parity tests. Each returns what the test needs to know. */
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { createMemberAccount, createOrganization, DEFAULT_CREDENTIALS, MANAGEMENT_ACCOUNT, seedClients, type Credentials, type SeedClients } from './aws.js';

export const BILLING_ARN = 'arn:aws:iam::aws:policy/job-function/Billing';
export const READ_ONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

const doc = (statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const trust = doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]);

/**
 * A standalone account: alice (Billing job function, console password, MFA), bob (group with an
 * inline Cost Explorer policy, no password), carol (ReadOnlyAccess, console password), the role
 * Analyst (ReadOnlyAccess bounded by a customer managed boundary that allows only ce:*), and the
 * role FinOps with a customer managed policy.
 */
export async function seedAccount(c: SeedClients, account = MANAGEMENT_ACCOUNT): Promise<void> {
  await c.iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/finance/' }));
  await c.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: BILLING_ARN }));
  await c.iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-1' }));
  const mfa = await c.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }));
  await c.iam.send(
    new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: mfa.VirtualMFADevice?.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
  );

  await c.iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await c.iam.send(new CreateGroupCommand({ GroupName: 'cost-viewers' }));
  await c.iam.send(new AddUserToGroupCommand({ GroupName: 'cost-viewers', UserName: 'bob' }));
  await c.iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'cost-viewers',
      PolicyName: 'ViewCosts',
      PolicyDocument: doc([{ Sid: 'CostExplorer', Effect: 'Allow', Action: ['ce:Get*', 'ce:Describe*', 'billing:Get*'], Resource: '*' }]),
    }),
  );

  const boundary = await c.iam.send(
    new CreatePolicyCommand({ PolicyName: 'OnlyCostExplorer', PolicyDocument: doc([{ Effect: 'Allow', Action: 'ce:*', Resource: '*' }]) }),
  );
  await c.iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await c.iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: READ_ONLY_ARN }));
  await c.iam.send(
    new CreateRoleCommand({ RoleName: 'Analyst', AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary.Policy?.Arn }),
  );
  await c.iam.send(new AttachRolePolicyCommand({ RoleName: 'Analyst', PolicyArn: READ_ONLY_ARN }));
  await c.iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Correct-Horse-2' }));

  const finops = await c.iam.send(
    new CreatePolicyCommand({
      PolicyName: 'FinOpsBilling',
      PolicyDocument: doc([
        { Sid: 'Billing', Effect: 'Allow', Action: ['billing:*', 'ce:*', 'payments:*', 'invoicing:*', 'tax:*', 'account:Get*'], Resource: '*' },
        { Sid: 'OnlyWithTag', Effect: 'Deny', Action: 'billing:Update*', Resource: `arn:aws:iam::${account}:user/alice` },
      ]),
    }),
  );
  await c.iam.send(new CreateRoleCommand({ RoleName: 'FinOps', AssumeRolePolicyDocument: trust, Path: '/teams/' }));
  await c.iam.send(new AttachRolePolicyCommand({ RoleName: 'FinOps', PolicyArn: finops.Policy?.Arn }));
}

export interface OrgScenario {
  rootId: string;
  ouIds: string[];
  member: { accountId: string; credentials: Credentials };
  scpId: string;
}

/**
 * An organization: root → OU Workloads → OU EU, an SCP on EU that denies everything outside EU
 * regions (no billing exemption, the classic mistake), and a member account in EU whose IAM holds
 * the standard account above.
 */
export async function seedOrganization(endpoint: string): Promise<OrgScenario> {
  const management = seedClients(endpoint);
  const rootId = await createOrganization(management);
  const workloads = await management.organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }));
  const eu = await management.organizations.send(new CreateOrganizationalUnitCommand({ ParentId: workloads.OrganizationalUnit?.Id, Name: 'EU' }));
  const euId = eu.OrganizationalUnit?.Id ?? '';
  const scp = await management.organizations.send(
    new CreateOrgPolicyCommand({
      Name: 'DenyOutsideEU',
      Description: 'Region guard for the EU workloads',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: doc([
        {
          Sid: 'DenyAllOutsideEU',
          Effect: 'Deny',
          NotAction: ['cloudfront:*', 'iam:*', 'route53:*', 'support:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } },
        },
      ]),
    }),
  );
  const scpId = scp.Policy?.PolicySummary?.Id ?? '';
  await management.organizations.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: euId }));
  const member = await createMemberAccount(management, 'workload-eu');
  await management.organizations.send(new MoveAccountCommand({ AccountId: member.accountId, SourceParentId: rootId, DestinationParentId: euId }));
  await seedAccount(seedClients(endpoint, member.credentials), member.accountId);
  return { rootId, ouIds: [euId, workloads.OrganizationalUnit?.Id ?? ''], member, scpId };
}

/** An organization with a member account "prod", and moto's Identity Center instance to seed into. */
export interface IdentityCenterOrg {
  member: string;
  credentials: Credentials;
  sso: SSOAdminClient;
  store: IdentitystoreClient;
  instanceArn: string;
  storeId: string;
}

/** The start every Identity Center scenario shares; the caller destroys `sso` and `store`. */
export async function identityCenterOrg(endpoint: string): Promise<IdentityCenterOrg> {
  const org = seedClients(endpoint);
  await createOrganization(org);
  const { accountId: member, credentials } = await createMemberAccount(org, 'prod');
  const config = { endpoint, region: 'us-east-1', credentials: DEFAULT_CREDENTIALS, maxAttempts: 1 };
  const sso = new SSOAdminClient(config);
  const store = new IdentitystoreClient(config);
  const instance = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
  return { member, credentials, sso, store, instanceArn: instance?.InstanceArn ?? '', storeId: instance?.IdentityStoreId ?? '' };
}
