/** How a failed AWS read is treated: a gap in the snapshot (permission, missing entity) or a one-line fatal ExitError. */
import { ExitError } from '../../errors.js';

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
  $metadata?: { httpStatusCode?: number; attempts?: number };
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

/** A service answered with a client-side error for this one read (AccessDenied, NotFound, …): record a gap, carry on. */
export function isReadRefusal(error: unknown): boolean {
  const e = shape(error);
  return e.$fault === 'client' && !CREDENTIAL_ERRORS.has(e.name ?? '') && !/Throttl|TooManyRequests/i.test(e.name ?? '');
}

/** The credentials cannot be used, or AWS cannot be reached: nothing else will work either. */
export function isCredentialOrNetworkError(error: unknown): boolean {
  const e = shape(error);
  return CREDENTIAL_ERRORS.has(e.name ?? '') || networkCode(error) !== undefined || e.name === 'TimeoutError';
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; e = shape(e).cause, depth++) {
    const code = shape(e).code;
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}

/** One line for an error that stops collection: credentials, network, throttling or 5xx after every retry. */
export function fatalAwsError(error: unknown, operation: string, profile: string): ExitError {
  const e = shape(error);
  const who = profile === 'default' ? 'the default AWS credentials' : `profile ${profile}`;
  const endpoint = process.env.AWS_ENDPOINT_URL ? ` (${process.env.AWS_ENDPOINT_URL})` : '';
  if (CREDENTIAL_ERRORS.has(e.name ?? '')) {
    // The SDK's SSO message carries its own advice ("run 'aws sso login' with the corresponding
    // profile"): say it once, with the profile's name filled in.
    if (/\bSSO\b/.test(errorMessage(error))) {
      const login = profile === 'default' ? 'aws sso login' : `aws sso login --profile ${profile}`;
      return new ExitError(`${operation}: ${who} has no valid IAM Identity Center (SSO) session; sign in with: ${login}`);
    }
    return new ExitError(`${operation}: ${who} could not be used: ${errorMessage(error)} (renew the credentials, or pass --profile)`);
  }
  const network = networkCode(error);
  if (network !== undefined || e.name === 'TimeoutError') {
    return new ExitError(`${operation}: cannot reach AWS${endpoint}: ${network ?? 'timed out'}`);
  }
  const attempts = e.$metadata?.attempts;
  const tries = attempts !== undefined ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
  return new ExitError(`${operation} failed${tries} with ${who}: ${errorCode(error)}: ${errorMessage(error)}`);
}
