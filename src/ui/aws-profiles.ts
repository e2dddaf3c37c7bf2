/**
 * Which AWS credentials this machine has, for the wizard's "live or snapshot?" and "which profile?"
 * questions. Reads the shared config and credentials files the way the AWS CLI and SDKs locate
 * them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Section names of an ini file (`[name]` lines), in file order. */
export function iniSections(text: string): string[] {
  const sections: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (match?.[1]) sections.push(match[1]);
  }
  return sections;
}

/**
 * Profile names from a config file: `[default]` and `[profile NAME]`; other sections
 * (`[sso-session x]`, `[services x]`) are not profiles.
 */
export function configProfiles(text: string): string[] {
  return iniSections(text).flatMap((section) => {
    if (section === 'default') return ['default'];
    const match = /^profile\s+(\S+)$/.exec(section);
    return match?.[1] ? [match[1]] : [];
  });
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function awsDir(env: NodeJS.ProcessEnv): string {
  return join(env.HOME || homedir(), '.aws');
}

/** Every named profile in the config and credentials files, `default` first, then by name. */
export function listProfiles(env: NodeJS.ProcessEnv): string[] {
  const config = readIfExists(env.AWS_CONFIG_FILE || join(awsDir(env), 'config'));
  const credentials = readIfExists(env.AWS_SHARED_CREDENTIALS_FILE || join(awsDir(env), 'credentials'));
  // In the credentials file every section is a profile name, without the `profile ` prefix.
  const names = new Set([...(config ? configProfiles(config) : []), ...(credentials ? iniSections(credentials) : [])]);
  return [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
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
