/**
 * AWS SDK v3 clients for one profile. This module (and everything that imports it) is only ever
 * loaded through a dynamic import, so offline runs never load the SDK.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { guardedConfig, profileIdentity, type ClientIdentity } from './client-config.js';
import { ORG_SWEEP_OPERATIONS, readOnly } from './read-only.js';

export interface AwsClients {
  /** The profile name (--profile, else AWS_PROFILE), or `default` for the SDK credential chain; for messages and gaps. */
  profileLabel: string;
  iam: IAMClient;
  sts: STSClient;
  organizations: OrganizationsClient;
  /** Whom the clients act for: other clients of the same profile reuse it, so a role is assumed once. */
  identity: ClientIdentity;
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
  const identity = options.credentials !== undefined ? { region, credentials: options.credentials } : profileIdentity(profile, region);
  const iam = new IAMClient(guardedConfig('iam', identity));
  const sts = new STSClient(guardedConfig('sts', identity));
  const organizations = new OrganizationsClient(guardedConfig('organizations', identity));
  iam.middlewareStack.use(readOnly('iam'));
  sts.middlewareStack.use(readOnly('sts', options.orgSweep ? ORG_SWEEP_OPERATIONS.sts : []));
  organizations.middlewareStack.use(readOnly('organizations'));
  return { profileLabel: options.label ?? profile ?? process.env.AWS_PROFILE ?? 'default', iam, sts, organizations, identity };
}

export function destroyClients(clients: AwsClients): void {
  clients.iam.destroy();
  clients.sts.destroy();
  clients.organizations.destroy();
}
