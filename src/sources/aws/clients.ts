/**
 * AWS SDK v3 clients for one profile. This module (and everything that imports it) is only ever
 * loaded through a dynamic import, so offline runs never load the SDK.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ORG_SWEEP_OPERATIONS, readOnly } from './read-only.js';

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

export function createClients(profile: string | undefined, region: string, options: ClientOptions = {}): AwsClients {
  // The SDK warns on stderr that future releases will need Node 22; billing-access pins its SDK
  // and supports Node 20, so the warning is noise to our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The SDK reads AWS_ENDPOINT_URL itself, which is how tests point everything at moto.
  const config = {
    region,
    ...(options.credentials !== undefined ? { credentials: options.credentials } : { profile }),
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
  } as const;
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const organizations = new OrganizationsClient(config);
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
