/**
 * Snapshot file format v1 (design section 4). These types describe the file after the loader has
 * validated it against schema/snapshot.schema.json; the IAM part is the verbatim output of
 * `aws iam get-account-authorization-details` (pages merged), so field names follow AWS.
 */

/** Root "Activate IAM Access" setting; no API reads it. */
export type ActivationState = 'enabled' | 'disabled' | 'unknown';

/** The person's answer to "do you sign in with MFA?". */
export type MfaAnswer = 'yes' | 'no' | 'unknown';

/** A policy document as IAM returns it (URL-encoded JSON string) or as the CLI prints it (object). */
export type RawPolicyDocument = string | Record<string, unknown>;

export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: RawPolicyDocument;
}

export interface PermissionsBoundary {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn: string;
}

export interface UserDetail {
  UserName: string;
  UserId?: string;
  Arn: string;
  Path?: string;
  GroupList?: string[];
  UserPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: { Key: string; Value: string }[];
}

export interface GroupDetail {
  GroupName: string;
  GroupId?: string;
  Arn: string;
  Path?: string;
  GroupPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
}

export interface RoleDetail {
  RoleName: string;
  RoleId?: string;
  Arn: string;
  Path?: string;
  AssumeRolePolicyDocument?: RawPolicyDocument;
  RolePolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: { Key: string; Value: string }[];
}

export interface PolicyVersion {
  VersionId?: string;
  IsDefaultVersion: boolean;
  Document: RawPolicyDocument;
}

export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  PolicyVersionList: PolicyVersion[];
}

/** `aws iam get-account-authorization-details` output, pages merged. */
export interface AuthorizationDetails {
  UserDetailList: UserDetail[];
  GroupDetailList: GroupDetail[];
  RoleDetailList: RoleDetail[];
  Policies: ManagedPolicyDetail[];
}

/** Console facts per IAM user name that GAAD does not carry. */
export interface UserFacts {
  /** A login profile exists (the user can sign in to the console). */
  consolePassword?: boolean;
  /** Number of MFA devices (virtual or hardware). */
  mfaDevices?: number;
}

/** `describe-policy` `.Policy` for an SCP. */
export interface OrgPolicy {
  PolicySummary: { Id: string; Arn?: string; Name: string; Type?: string; AwsManaged?: boolean; Description?: string };
  /** JSON policy document as a string (as the API returns it) or an object. */
  Content: RawPolicyDocument;
}

export interface OrganizationsPart {
  organization: { Id: string; MasterAccountId: string; FeatureSet?: string; Arn?: string; MasterAccountArn?: string };
  account?: { Id: string; JoinedMethod?: string; Name?: string; Arn?: string; Status?: string };
  /** OU path, nearest parent first, ending with the root. */
  parents?: { Id: string; Type: 'ORGANIZATIONAL_UNIT' | 'ROOT' }[];
  /** Target id (account, OU, root) → SCPs attached there. Absent = could not be read. */
  policies?: Record<string, OrgPolicy[]>;
}

/** Which part of the snapshot a collection gap affects. */
export type SnapshotPart = 'iam' | 'users' | 'organizations' | 'scp' | 'managed-policies' | 'caller' | 'identity-center';

/** A read that failed while collecting (e.g. AccessDenied); the dependent check becomes `unknown` and names it. */
export interface CollectionGap {
  part: SnapshotPart;
  /** The API operation, e.g. `organizations:ListPoliciesForTarget`. */
  operation: string;
  /** Error code from AWS, e.g. `AccessDeniedException`. */
  error: string;
  message: string;
  /** The profile whose credentials lacked the permission (`default` for the credential chain). */
  profile?: string;
  /** One-line advice, e.g. `pass --org-profile with a management-account profile`. */
  hint?: string;
  /** What the failed read was about, when it was about one thing (e.g. a permission set ARN). */
  resource?: string;
}

/** A customer managed policy a permission set names; provisioning attaches `arn:aws:iam::<account>:policy<Path><Name>`. */
export interface CustomerManagedPolicyReference {
  Name: string;
  /** Default `/`. */
  Path?: string;
}

/** `describe-permission-set` `.PermissionSet`, plus what the other sso-admin reads return for it. */
export interface PermissionSetDetail {
  Name: string;
  PermissionSetArn: string;
  Description?: string;
  SessionDuration?: string;
  /** `get-inline-policy-for-permission-set` `.InlinePolicy`; absent or `""` = no inline policy. */
  InlinePolicy?: RawPolicyDocument;
  /** `list-managed-policies-in-permission-set` `.AttachedManagedPolicies`. */
  AttachedManagedPolicies?: { Name?: string; Arn: string }[];
  /** `list-customer-managed-policy-references-in-permission-set` `.CustomerManagedPolicyReferences`. */
  CustomerManagedPolicyReferences?: CustomerManagedPolicyReference[];
  /** `get-permissions-boundary-for-permission-set` `.PermissionsBoundary`; absent = none (or not read: see `gaps`). */
  PermissionsBoundary?: { ManagedPolicyArn?: string; CustomerManagedPolicyReference?: CustomerManagedPolicyReference };
}

/** `list-account-assignments` entry (`AccountId` is the account of this snapshot). */
export interface AccountAssignment {
  AccountId: string;
  PermissionSetArn: string;
  PrincipalType: 'USER' | 'GROUP';
  PrincipalId: string;
}

/** `identitystore list-users` entry (the fields the tool reads). */
export interface IdentityStoreUser {
  UserId: string;
  UserName: string;
  DisplayName?: string;
  Emails?: { Value?: string; Type?: string; Primary?: boolean }[];
}

/** `identitystore list-groups` entry. */
export interface IdentityStoreGroup {
  GroupId: string;
  DisplayName?: string;
}

/** `identitystore list-group-memberships[-for-member]` entry. */
export interface GroupMembership {
  GroupId: string;
  MemberId: { UserId: string };
}

/** IAM Identity Center as it concerns this account (design section 9). */
export interface IdentityCenterPart {
  /** `sso-admin list-instances` entry. */
  instance: { InstanceArn: string; IdentityStoreId: string; OwnerAccountId?: string; Name?: string; Status?: string };
  permissionSets: PermissionSetDetail[];
  /** Assignments whose target is this account. */
  assignments: AccountAssignment[];
  /** Identity store users: at least those the assignments name, directly or through groups. */
  users: IdentityStoreUser[];
  groups: IdentityStoreGroup[];
  /** Memberships of the groups the assignments name. */
  memberships: GroupMembership[];
  /** `list-permission-sets-provisioned-to-account` ARNs; absent = not read. */
  provisioned?: string[];
}

export interface SnapshotV1 {
  billingAccessSnapshot: 1;
  capturedAt?: string;
  account?: { id?: string; iamUserAccessToBilling?: ActivationState };
  caller?: { UserId?: string; Account?: string; Arn: string };
  iam: AuthorizationDetails;
  users?: Record<string, UserFacts>;
  /** `null` = the account is in no organization; absent = unknown. */
  organizations?: OrganizationsPart | null;
  /** Context keys known for the caller's requests (e.g. `aws:MultiFactorAuthPresent`). */
  context?: Record<string, string | string[]>;
  /** IAM Identity Center: permission sets, assignments for this account, users and groups; absent = not read. */
  identityCenter?: IdentityCenterPart;
  /** Reads that failed during live collection. */
  gaps?: CollectionGap[];
  /** Set by `snapshot --redact`. */
  redacted?: boolean;
}
