import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasEnvCredentials, isSsoProfile, listProfiles, readProfiles, requireProfile } from '../../src/sources/aws-profiles.js';
import { scratch } from '../ui/scratch.js';

const tempDir = scratch('ba-aws-profiles-');

function files(config: string, credentials: string): NodeJS.ProcessEnv {
  const dir = tempDir('aws-');
  writeFileSync(join(dir, 'c'), config);
  writeFileSync(join(dir, 'k'), credentials);
  return { HOME: dir, AWS_CONFIG_FILE: join(dir, 'c'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'k') };
}

describe('listProfiles (the SDK loader)', () => {
  it('merges ~/.aws/config and ~/.aws/credentials, default first, without duplicates', async () => {
    const home = tempDir('home-');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile zeta]\nregion = eu-west-1\n[default]\nregion = us-east-1\n');
    writeFileSync(join(home, '.aws', 'credentials'), '[alpha]\naws_access_key_id = A\n[zeta]\r\naws_access_key_id = Z\r\n[default]\naws_access_key_id = D\n');
    expect(await listProfiles({ HOME: home })).toEqual(['default', 'alpha', 'zeta']);
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE instead of ~/.aws', async () => {
    const env = files('[profile fromconfig]\nregion = eu-west-1\n', '[fromcredentials]\naws_access_key_id = A\n');
    mkdirSync(join(env.HOME!, '.aws'));
    writeFileSync(join(env.HOME!, '.aws', 'config'), '[profile ignored]\nregion = us-east-1\n');
    expect(await listProfiles(env)).toEqual(['fromconfig', 'fromcredentials']);
  });

  it('leaves out sections that are not profiles, and empty sections, as the SDK does', async () => {
    const env = files('# c\n[default]\nregion=us-east-1\n[sso-session corp]\nsso_start_url = https://x\n[services s3]\nx = 1\n[profile dev]\nregion = eu-west-1\n[profile empty]\n', '');
    expect(await listProfiles(env)).toEqual(['default', 'dev']);
  });

  it('is empty when there are no files', async () => {
    expect(await listProfiles({ HOME: tempDir('empty-') })).toEqual([]);
  });
});

describe('profile settings', () => {
  it('an SSO profile (sso_session or the legacy sso_start_url) is told apart from a key profile', async () => {
    const env = files('[profile corp]\nsso_session = corp\n[profile old]\nsso_start_url = https://x\n[profile keys]\nregion = us-east-1\n', '[keys]\naws_access_key_id = AKIA\n');
    const profiles = await readProfiles(env);
    expect(isSsoProfile(profiles.get('corp'))).toBe(true);
    expect(isSsoProfile(profiles.get('old'))).toBe(true);
    expect(isSsoProfile(profiles.get('keys'))).toBe(false);
    expect(profiles.get('keys')).toMatchObject({ region: 'us-east-1', aws_access_key_id: 'AKIA' });
  });

  it('requireProfile: an unknown name lists the real ones, with a near match first', async () => {
    const env = files('[default]\nregion = us-east-1\n[profile dev]\nregion = us-east-1\n[profile prod]\nregion = us-east-1\n', '');
    await expect(requireProfile('dev', '--profile', env)).resolves.toBeUndefined();
    await expect(requireProfile('nope', '--profile', env)).rejects.toThrow(
      '--profile nope: no profile nope in AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE; available: default, dev, prod',
    );
    await expect(requireProfile('prdo', 'AWS_PROFILE', env)).rejects.toThrow('AWS_PROFILE=prdo: no profile prdo in AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE (did you mean prod?)');
    await expect(requireProfile('x', '--org-profile', { HOME: tempDir('none-') })).rejects.toThrow('no profiles are configured (aws configure, or aws configure sso)');
  });
});

describe('hasEnvCredentials', () => {
  it('needs both key halves, or a web identity / container credential source', () => {
    expect(hasEnvCredentials({})).toBe(false);
    expect(hasEnvCredentials({ AWS_ACCESS_KEY_ID: 'AKIA' })).toBe(false);
    expect(hasEnvCredentials({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' })).toBe(true);
    expect(hasEnvCredentials({ AWS_WEB_IDENTITY_TOKEN_FILE: '/t' })).toBe(true);
    expect(hasEnvCredentials({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' })).toBe(true);
  });
});
