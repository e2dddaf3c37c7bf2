/**
 * The AWS profiles on this machine, read with the SDK's own loader (`@smithy/shared-ini-file-loader`,
 * the code the SDK's credential chain runs), so the list, the names and the settings are exactly
 * what a live run will see. It locates the files as the AWS CLI does: AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. No AWS call is made.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_PREFIX_SEPARATOR, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { usageError } from '../errors.js';
import { didYouMean } from '../model/suggest.js';

/** One profile's settings as the SDK reads them (`region`, `sso_session`, `role_arn`, …). */
export type ProfileSettings = Readonly<Record<string, string | undefined>>;

function awsDir(env: NodeJS.ProcessEnv): string {
  return join(env.HOME || homedir(), '.aws');
}

/**
 * Every profile by name, config-file settings over credentials-file ones (as the SDK merges them).
 * Sections that are not profiles (`[sso-session x]`, `[services x]`) come back from the loader
 * with a prefix and are left out.
 */
export async function readProfiles(env: NodeJS.ProcessEnv): Promise<Map<string, ProfileSettings>> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    configFilepath: env.AWS_CONFIG_FILE || join(awsDir(env), 'config'),
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || join(awsDir(env), 'credentials'),
    ignoreCache: true,
  });
  const profiles = new Map<string, ProfileSettings>();
  const isProfile = (name: string): boolean => !/^(sso-session|services)$/.test(name.split(CONFIG_PREFIX_SEPARATOR)[0] ?? '');
  for (const [name, settings] of Object.entries(credentialsFile)) profiles.set(name, { ...settings });
  for (const [name, settings] of Object.entries(configFile)) if (isProfile(name)) profiles.set(name, { ...profiles.get(name), ...settings });
  return profiles;
}

/** Profile names, `default` first, then by name. */
export async function listProfiles(env: NodeJS.ProcessEnv): Promise<string[]> {
  return [...(await readProfiles(env)).keys()].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}

/** An IAM Identity Center (SSO) profile: its credentials need `aws sso login --profile NAME` first. */
export function isSsoProfile(settings: ProfileSettings | undefined): boolean {
  return settings !== undefined && (settings.sso_session !== undefined || settings.sso_start_url !== undefined);
}

/**
 * A profile named by a flag exists, before any AWS call: otherwise the SDK would only say "Could
 * not load credentials from any providers". The error lists the real profiles.
 */
export async function requireProfile(name: string, flag: string, env: NodeJS.ProcessEnv): Promise<void> {
  const names = await listProfiles(env);
  if (names.includes(name)) return;
  const where = env.AWS_CONFIG_FILE || env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE' : '~/.aws/config or ~/.aws/credentials';
  const available = names.length > 0 ? `available: ${names.join(', ')}` : 'no profiles are configured (aws configure, or aws configure sso)';
  const said = flag.startsWith('-') ? `${flag} ${name}` : `${flag}=${name}`;
  throw usageError(`${said}: no profile ${name} in ${where}${didYouMean(name, names)}; ${available}`);
}

/** Credentials the SDK would find in the environment before looking at any profile. */
export function hasEnvCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
      env.AWS_WEB_IDENTITY_TOKEN_FILE ||
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
  );
}
