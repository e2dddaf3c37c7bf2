/** Profile mistakes through the built bin, before any AWS call: an unknown name, an SSO profile not signed in. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('ba-profiles-');

/** An AWS config with a key profile `dev`, the default, and an SSO profile `corp`; no SSO token cache. */
function awsEnv(): Record<string, string | undefined> {
  const dir = tmp('aws-');
  writeFileSync(
    join(dir, 'config'),
    [
      '[default]', 'region = us-east-1',
      '[profile dev]', 'region = us-east-1',
      '[profile corp]', 'sso_session = corp', 'sso_account_id = 111122223333', 'sso_role_name = Admin', 'region = us-east-1',
      '[sso-session corp]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access',
    ].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'credentials'), '[dev]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n');
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) env[key] = undefined;
  return {
    ...env,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Nothing may leave the machine: a request would fail fast here instead.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  };
}

describe('profiles', () => {
  it.each([
    [['doctor', '--profile', 'nope', '--principal', 'x'], '--profile nope: no profile nope in AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE; available: default, corp, dev'],
    [['snapshot', '-o', 'x.json', '--profile', 'dve'], '--profile dve: no profile dve in AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE (did you mean dev?); available: default, corp, dev'],
    [['doctor', '--profile', 'dev', '--org-profile', 'mgmt', '--principal', 'x'], '--org-profile mgmt: no profile mgmt'],
  ])('%j: one line listing the real profiles, exit 2', async (args, message) => {
    const cwd = tmp('cwd-');
    const r = await runCli(args, { env: awsEnv(), cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('AWS_PROFILE naming no profile says so too', async () => {
    const r = await runCli(['doctor', '--principal', 'x'], { env: { ...awsEnv(), AWS_PROFILE: 'gone' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AWS_PROFILE=gone: no profile gone');
  });

  it('an SSO profile that is not signed in: one hint, naming the profile', async () => {
    const r = await runCli(['doctor', '--profile', 'corp', '--principal', 'x'], { env: awsEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('profile corp has no valid IAM Identity Center (SSO) session; sign in with: aws sso login --profile corp');
    expect(r.stderr.match(/sso login/g)).toHaveLength(1);
  });
});
