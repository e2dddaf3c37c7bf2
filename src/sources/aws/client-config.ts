/**
 * What every AWS SDK client billing-access builds has in common: the guarded request handler of
 * network.ts (timeouts, deadline, proxy, on-the-wire allow-list), the retry policy and the
 * credential chain. No SDK client is imported here, so a run that needs only one service (CloudTrail
 * for `doctor --recent-denials`, Identity Center) loads only that service's client.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { GuardedHandler } from './network.js';
import { CREDENTIAL_OPERATIONS, readOnly } from './read-only.js';

/** Attempts per call, including the first; adaptive mode also rate-limits itself after throttling. */
const MAX_ATTEMPTS = 5;

/**
 * The SDK's default credential chain for a profile, whose own clients (STS AssumeRole for a
 * role_arn profile, SSO) get the guarded request handler, and its STS client the credential calls' allow-list.
 */
function credentialChain(profile: string | undefined, region: string): ReturnType<typeof defaultProvider> {
  return defaultProvider({ profile, clientConfig: { region, requestHandler: new GuardedHandler('credentials') }, clientPlugins: [readOnly('sts', CREDENTIAL_OPERATIONS.sts)] });
}

/** Whom a client acts for; clients of one run share one `credentials`, so a role is assumed once. */
export interface ClientIdentity {
  region: string;
  /** The profile whose config the client reads; omitted for fixed credentials. */
  profile?: string;
  /** The profile's `credentialChain`, or fixed credentials (an assumed role in a member account). */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The configuration of one service's client; spread it into the client's constructor. */
export interface GuardedConfig extends ClientIdentity {
  requestHandler: GuardedHandler;
  retryMode: 'adaptive';
  maxAttempts: number;
}

/** The one way to configure an SDK client: `new IAMClient(guardedConfig('iam', identity))`. */
export function guardedConfig(service: string, identity: ClientIdentity): GuardedConfig {
  // The SDK warns on stderr that future releases will need Node 22; billing-access pins its SDK
  // and supports Node 20, so the warning is noise to our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The SDK reads AWS_ENDPOINT_URL itself, which is how tests point everything at moto.
  return { ...identity, requestHandler: new GuardedHandler(service), retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS };
}

/** A profile's identity: its credential chain, built once for all the clients that share it. */
export function profileIdentity(profile: string | undefined, region: string): ClientIdentity {
  return { region, profile, credentials: credentialChain(profile, region) };
}
