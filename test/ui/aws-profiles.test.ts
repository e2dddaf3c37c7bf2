import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProfiles, hasEnvCredentials, iniSections, listProfiles } from '../../src/ui/aws-profiles.js';
import { scratch } from './scratch.js';

const tempDir = scratch('ba-aws-profiles-');

describe('ini parsing', () => {
  it('reads section names, ignoring comments, keys and blank lines', () => {
    expect(iniSections('# c\n[default]\nregion=us-east-1\n\n  [ profile x ]  ; note\nkey = [not a section]\n')).toEqual(['default', 'profile x']);
  });

  it('keeps only default and "profile NAME" sections of a config file', () => {
    expect(configProfiles('[default]\n[profile dev]\n[sso-session corp]\n[services s3]\n[plain]\n')).toEqual(['default', 'dev']);
  });
});

describe('listProfiles', () => {
  it('merges ~/.aws/config and ~/.aws/credentials, default first, without duplicates', () => {
    const home = tempDir('home-');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile zeta]\n[default]\n');
    writeFileSync(join(home, '.aws', 'credentials'), '[alpha]\n[zeta]\r\n[default]\n');
    expect(listProfiles({ HOME: home })).toEqual(['default', 'alpha', 'zeta']);
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE instead of ~/.aws', () => {
    const home = tempDir('home-');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile ignored]\n');
    writeFileSync(join(home, 'c'), '[profile fromconfig]\n');
    writeFileSync(join(home, 'k'), '[fromcredentials]\n');
    expect(listProfiles({ HOME: home, AWS_CONFIG_FILE: join(home, 'c'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'k') })).toEqual([
      'fromconfig',
      'fromcredentials',
    ]);
  });

  it('is empty when there are no files', () => {
    expect(listProfiles({ HOME: tempDir('empty-') })).toEqual([]);
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
