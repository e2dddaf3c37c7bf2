/**
 * Read-only by construction (design section 6): every client gets one middleware that refuses any
 * operation not on this allow-list before the request is signed or sent.
 */
import type { BuildHandler, BuildHandlerArguments, BuildMiddleware, MetadataBearer, Pluggable } from '@smithy/types';

/** The only AWS operations billing-access ever sends, per service (all reads). */
export const READ_OPERATIONS = {
  sts: ['GetCallerIdentity'],
  iam: ['GetAccountAuthorizationDetails', 'ListPolicies', 'GetPolicy', 'GetPolicyVersion', 'ListMFADevices', 'GetLoginProfile', 'SimulatePrincipalPolicy', 'GenerateCredentialReport', 'GetCredentialReport'],
  organizations: ['DescribeOrganization', 'DescribeAccount', 'ListParents', 'ListPoliciesForTarget', 'DescribePolicy', 'ListAccounts'],
  'sso-admin': [
    'ListInstances',
    'ListPermissionSets',
    'DescribePermissionSet',
    'GetInlinePolicyForPermissionSet',
    'ListManagedPoliciesInPermissionSet',
    'ListCustomerManagedPolicyReferencesInPermissionSet',
    'GetPermissionsBoundaryForPermissionSet',
    'ListAccountAssignments',
    'ListPermissionSetsProvisionedToAccount',
  ],
  identitystore: ['ListUsers', 'ListGroups', 'ListGroupMemberships'],
  // doctor --recent-denials only: the event history of the billing services.
  cloudtrail: ['LookupEvents'],
} as const;

/**
 * Calls credential providers make to turn a profile into credentials: they read nothing from and
 * change nothing in the account. AssumeRole for a profile's role_arn / source_profile,
 * AssumeRoleWithWebIdentity for web_identity_token_file, and IAM Identity Center (SSO):
 * GetRoleCredentials with a cached token, CreateToken to refresh it.
 */
export const CREDENTIAL_OPERATIONS = {
  sts: ['AssumeRole', 'AssumeRoleWithWebIdentity'],
  sso: ['GetRoleCredentials'],
  'sso-oidc': ['CreateToken'],
} as const;


/** A service billing-access talks to. */
export type AwsService = keyof typeof READ_OPERATIONS;

/**
 * The one call `audit --org` adds, on the management account's STS client only: assuming the
 * audit role in each member account (design section 10). No other path gets it.
 */
export const ORG_SWEEP_OPERATIONS = { sts: ['AssumeRole'] } as const;

/** Everything any request may carry on the wire, checked by the request handler (network.ts). */
export const ALLOWED_ON_THE_WIRE: ReadonlySet<string> = new Set(
  [...Object.values(READ_OPERATIONS), ...Object.values(CREDENTIAL_OPERATIONS), ...Object.values(ORG_SWEEP_OPERATIONS)].flat(),
);

/** Raised when code tries to send an operation that is not a known read: a bug, never a user error. */
export class ReadOnlyViolation extends Error {
  constructor(readonly operation: string) {
    super(`refused to send ${operation}: billing-access only sends read operations`);
    this.name = 'ReadOnlyViolation';
  }
}

interface WireRequest {
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The operation as it goes on the wire, so nothing can slip past under another command name:
 * the query protocol (IAM, STS) carries `Action=` in the body, JSON 1.1 (Organizations) the
 * `X-Amz-Target` header.
 */
export function wireOperation(request: WireRequest): string | undefined {
  const headers = request.headers ?? {};
  const target = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  if (target !== undefined) return target.slice(target.lastIndexOf('.') + 1);
  if (typeof request.body === 'string') return new URLSearchParams(request.body).get('Action') ?? undefined;
  return undefined;
}

function readOnlyMiddleware(service: AwsService, extra: readonly string[]): BuildMiddleware<object, MetadataBearer> {
  const allowed: readonly string[] = [...READ_OPERATIONS[service], ...extra];
  return (next: BuildHandler<object, MetadataBearer>) => async (args: BuildHandlerArguments<object>) => {
    const operation = wireOperation(args.request as WireRequest);
    if (operation === undefined || !allowed.includes(operation)) throw new ReadOnlyViolation(`${service}:${operation ?? 'unknown operation'}`);
    return next(args);
  };
}

/** Plug into a client: `client.middlewareStack.use(readOnly('iam'))`; `extra` widens it for one client (the org sweep's AssumeRole). */
export function readOnly(service: AwsService, extra: readonly string[] = []): Pluggable<object, MetadataBearer> {
  return {
    applyToStack: (stack) => {
      stack.add(readOnlyMiddleware(service, extra), { step: 'build', name: 'billingAccessReadOnly', priority: 'high' });
    },
  };
}
