/**
 * AWS SDK v3 clients for one profile. This module (and everything that imports it) is only ever
 * loaded through a dynamic import, so offline runs never load the SDK.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity } from '@smithy/types';
import { GuardedHandler } from './network.js';
import { CREDENTIAL_OPERATIONS, ORG_SWEEP_OPERATIONS, readOnly } from './read-only.js';

/** Attempts per call, including the first; adaptive mode also rate-limits itself after throttling. */
export const MAX_ATTEMPTS = 5;

export interface AwsClients {
  /** The profile name (--profile, else AWS_PROFILE), or `default` for the SDK credential chain; for messages and gaps. */
  profileLabel: string;
  iam: IAMClient;
  sts: STSClient;
  organizations: OrganizationsClient;
}

/** How a client set differs from a plain profile's. */
export interface ClientOptions {
  /** Fixed credentials (an assumed role in a member account) instead of the profile's. */
  credentials?: AwsCredentialIdentity;
  /** Label for messages and gaps when the credentials are not a profile's (`role X in 111122223333`). */
  label?: string;
  /** The management account's clients of `audit --org`: STS may also send AssumeRole. */
  orgSweep?: boolean;
}

/**
 * The SDK's default credential chain for a profile, whose own clients (STS AssumeRole for a
 * role_arn profile, SSO) get the guarded request handler, and its STS client the credential calls' allow-list.
 */
export function credentialChain(profile: string | undefined, region: string): ReturnType<typeof defaultProvider> {
  return defaultProvider({ profile, clientConfig: { region, requestHandler: new GuardedHandler('credentials') }, clientPlugins: [readOnly('sts', CREDENTIAL_OPERATIONS.sts)] });
}

export function createClients(profile: string | undefined, region: string, options: ClientOptions = {}): AwsClients {
  // The SDK warns on stderr that future releases will need Node 22; billing-access pins its SDK
  // and supports Node 20, so the warning is noise to our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The SDK reads AWS_ENDPOINT_URL itself, which is how tests point everything at moto.
  // The credential chain's own clients (STS AssumeRole for a role_arn profile, SSO) get the same
  // guarded request handler, and its STS client the allow-list of credential calls.
  const credentials = options.credentials ?? credentialChain(profile, region);
  const config = {
    region,
    ...(options.credentials !== undefined ? {} : { profile }),
    credentials,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
  } as const;
  const iam = new IAMClient({ ...config, requestHandler: new GuardedHandler('iam') });
  const sts = new STSClient({ ...config, requestHandler: new GuardedHandler('sts') });
  const organizations = new OrganizationsClient({ ...config, requestHandler: new GuardedHandler('organizations') });
  iam.middlewareStack.use(readOnly('iam'));
  sts.middlewareStack.use(readOnly('sts', options.orgSweep ? ORG_SWEEP_OPERATIONS.sts : []));
  organizations.middlewareStack.use(readOnly('organizations'));
  return { profileLabel: options.label ?? profile ?? process.env.AWS_PROFILE ?? 'default', iam, sts, organizations };
}

export function destroyClients(clients: AwsClients): void {
  clients.iam.destroy();
  clients.sts.destroy();
  clients.organizations.destroy();
}
