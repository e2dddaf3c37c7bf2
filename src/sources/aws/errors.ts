/** How a failed AWS read is treated: a gap in the snapshot (permission, missing entity) or a one-line fatal ExitError. */
import { EXIT, ExitError } from '../../errors.js';
import { endpointOf, NetworkFault } from './network.js';
import { sh } from '../../model/shell.js';
import type { CollectionGap, SnapshotPart } from '../../model/snapshot.js';

/** Error names that mean the credentials themselves are missing, expired or wrong. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidSignatureException',
  'RequestExpired',
]);

/** Node socket errors that mean the endpoint cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string; extendedRequestId?: string };
  cause?: unknown;
}

function shape(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : { message: String(error) };
}

/** The AWS error code (the SDK puts it in `name`). */
export function errorCode(error: unknown): string {
  return shape(error).name ?? 'Error';
}

export function errorMessage(error: unknown): string {
  return (shape(error).message ?? '').split('\n')[0]?.trim() ?? '';
}

/** How a message names the credentials a read used: a profile, or the default chain. */
export function credentialsLabel(profileLabel: string): string {
  return profileLabel === 'default' ? 'the default AWS credentials' : `profile ${profileLabel}`;
}

/**
 * A read that failed, as a gap of `part`: AWS's code and message, the profile, and the hints (a
 * refusal: grant the operation to these credentials; then the caller's own `hints`).
 */
export function gapFor(part: SnapshotPart, operation: string, profileLabel: string, error: unknown, hints: readonly string[] = [], resource?: string): CollectionGap {
  const all = [...(isDenial(error) ? [`grant ${operation} to ${credentialsLabel(profileLabel)}`] : []), ...hints];
  return {
    part,
    operation,
    error: errorCode(error),
    message: errorMessage(error),
    profile: profileLabel,
    ...(all.length > 0 ? { hint: all.join('; ') } : {}),
    ...(resource !== undefined ? { resource } : {}),
  };
}

/** The service refused the credentials this operation (not throttling, not a missing resource). */
export function isDenial(error: unknown): boolean {
  return /AccessDenied|Unauthorized|Forbidden/i.test(errorCode(error));
}

/** A service answered with a client-side error for this one read (AccessDenied, NotFound, …): record a gap, carry on. */
export function isReadRefusal(error: unknown): boolean {
  const e = shape(error);
  return e.$fault === 'client' && !CREDENTIAL_ERRORS.has(e.name ?? '') && !/Throttl|TooManyRequests/i.test(e.name ?? '');
}

/** The credentials cannot be used, or AWS cannot be reached (or answers what no AWS API would): nothing else will work either. */
export function isCredentialOrNetworkError(error: unknown): boolean {
  const e = shape(error);
  return error instanceof NetworkFault || CREDENTIAL_ERRORS.has(e.name ?? '') || networkCode(error) !== undefined || e.name === 'TimeoutError';
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; e = shape(e).cause, depth++) {
    const code = shape(e).code;
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}

/** For --debug: what was asked of whom and what came back. */
export function debugDetail(error: unknown, operation: string): string {
  const e = shape(error);
  const [service = '', name = operation] = operation.split(':');
  const status = e.$metadata?.httpStatusCode ?? (error instanceof NetworkFault ? error.httpStatus : undefined);
  return [
    `  service: ${service}`,
    `  operation: ${name}`,
    `  HTTP status: ${status ?? 'none (no answer)'}`,
    `  request id: ${e.$metadata?.requestId ?? 'none'}`,
    `  endpoint: ${endpointOf(service) ?? process.env.AWS_ENDPOINT_URL ?? 'the SDK default'}`,
    `  attempts: ${e.$metadata?.attempts ?? 1}`,
    `  error: ${errorCode(error)}: ${errorMessage(error)}`,
  ].join('\n');
}

/** One line for an error that stops collection: credentials, network, throttling or 5xx after every retry. */
export function fatalAwsError(error: unknown, operation: string, profile: string): ExitError {
  const e = shape(error);
  const fail = (message: string): ExitError => new ExitError(message, EXIT.usage, debugDetail(error, operation));
  const who = credentialsLabel(profile);
  const service = operation.split(':')[0] ?? '';
  const where = endpointOf(service) ?? process.env.AWS_ENDPOINT_URL;
  const endpoint = where ? ` (${where})` : '';
  if (error instanceof NetworkFault) return fail(`${operation}: ${error.message}`);
  if (CREDENTIAL_ERRORS.has(e.name ?? '')) {
    // The SDK's SSO message carries its own advice ("run 'aws sso login' with the corresponding
    // profile"): say it once, with the profile's name filled in.
    if (/\bSSO\b/.test(errorMessage(error))) {
      const login = profile === 'default' ? 'aws sso login' : sh`aws sso login --profile ${profile}`;
      return fail(`${operation}: ${who} has no valid IAM Identity Center (SSO) session; sign in with: ${login}`);
    }
    return fail(`${operation}: ${who} could not be used: ${errorMessage(error)} (renew the credentials, or pass --profile)`);
  }
  const network = networkCode(error);
  if (network !== undefined || e.name === 'TimeoutError') {
    return fail(`${operation}: cannot reach AWS${endpoint}: ${network ?? 'timed out'}`);
  }
  const attempts = e.$metadata?.attempts;
  const tries = attempts !== undefined ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
  return fail(`${operation} failed${tries} with ${who}: ${errorCode(error)}: ${errorMessage(error)}`);
}
