import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorOptions } from '../../src/cli/options.js';
import { DEFAULT_TASKS, TASKS } from '../../src/model/catalogue.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { EXAMPLES } from '../../src/ui/examples.js';
import { askRest, askSource, principalChoices, validateFile } from '../../src/ui/wizard.js';
import { matchesSearch } from '../../src/ui/inquirer-prompter.js';
import { fakePrompter, recordingIo } from './fake-prompter.js';
import { scratch } from './scratch.js';

const tempDir = scratch('ba-wizard-');

const base: DoctorOptions = { actionSet: 'fine-grained', region: 'us-east-1', interactive: true, format: 'text' };

/** A HOME with the given ~/.aws files, so the developer's own profiles never leak into a test. */
function home(files: { config?: string; credentials?: string } = {}): string {
  const dir = tempDir('wizard-');
  mkdirSync(join(dir, '.aws'));
  if (files.config !== undefined) writeFileSync(join(dir, '.aws', 'config'), files.config);
  if (files.credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials);
  return dir;
}

const exitPromptError = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });

describe('askSource', () => {
  it('asks nothing when --snapshot, --example or --profile already chose the source', async () => {
    for (const given of [{ snapshot: 'a.json' }, { example: 'healthy' }, { profile: 'dev' }]) {
      const prompter = fakePrompter([]);
      const { io } = recordingIo({ HOME: home() });
      expect(await askSource({ ...base, ...given }, io, prompter)).toEqual({ ...base, ...given });
      expect(prompter.asked).toHaveLength(0);
    }
  });

  it('without any AWS credentials says so and offers the bundled examples first', async () => {
    const prompter = fakePrompter([
      { kind: 'select', message: /What should be diagnosed/, answer: 'example' },
      { kind: 'select', message: /Which example/, answer: 'mfa-no-device' },
    ]);
    const { io, stderr } = recordingIo({ HOME: home() });
    const options = await askSource(base, io, prompter);
    prompter.done();
    expect(options.example).toBe('mfa-no-device');
    expect(stderr()).toMatch(/No AWS credentials found/);
    expect(prompter.asked[0]?.default).toBe('example');
    expect(prompter.asked[1]?.choices?.map((c) => c.value)).toEqual(EXAMPLES.map((e) => e.name));
  });

  it('with credentials defaults to the live account and does not mention examples', async () => {
    const prompter = fakePrompter([{ kind: 'select', message: /What should be diagnosed/, answer: 'live' }]);
    const { io, stderr } = recordingIo({ HOME: home(), AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' });
    const options = await askSource(base, io, prompter);
    prompter.done();
    expect(prompter.asked[0]?.default).toBe('live');
    expect(stderr()).toBe('');
    // Environment credentials and no profile: nothing to choose, the SDK chain is used.
    expect(options.profile).toBeUndefined();
  });

  it('asks which profile, listing config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)', async () => {
    const dir = home();
    const config = join(dir, 'custom-config');
    const credentials = join(dir, 'custom-credentials');
    writeFileSync(config, '[default]\nregion = eu-west-1\n[profile prod]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n');
    writeFileSync(credentials, '[dev]\naws_access_key_id = AKIA\n[prod]\naws_access_key_id = AKIB\n');
    const prompter = fakePrompter([
      { kind: 'select', message: /What should be diagnosed/, answer: 'live' },
      { kind: 'select', message: /Which AWS profile/, answer: 'prod' },
    ]);
    const { io } = recordingIo({ HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
    const options = await askSource(base, io, prompter);
    prompter.done();
    expect(options.profile).toBe('prod');
    expect(prompter.asked[1]?.choices?.map((c) => c.value)).toEqual(['default', 'dev', 'prod']);
  });

  it('offers environment credentials next to the profiles', async () => {
    const prompter = fakePrompter([
      { kind: 'select', message: /What should be diagnosed/, answer: 'live' },
      { kind: 'select', message: /Which AWS profile/, answer: '' },
    ]);
    const env = { HOME: home({ credentials: '[dev]\naws_access_key_id = A\n' }), AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' };
    const { io } = recordingIo(env);
    const options = await askSource(base, io, prompter);
    prompter.done();
    expect(prompter.asked[1]?.choices?.map((c) => c.name)).toEqual(['Credentials from the environment', 'dev']);
    expect(options.profile).toBeUndefined();
  });

  it('uses the only profile without asking, and never asks when AWS_PROFILE is set', async () => {
    const single = fakePrompter([{ kind: 'select', message: /What should be diagnosed/, answer: 'live' }]);
    const one = await askSource(base, recordingIo({ HOME: home({ config: '[profile only]\nregion = us-east-1\n' }) }).io, single);
    single.done();
    expect(one.profile).toBe('only');

    const named = fakePrompter([{ kind: 'select', message: /What should be diagnosed/, answer: 'live' }]);
    const env = { HOME: home({ credentials: '[a]\naws_access_key_id = A\n[b]\naws_access_key_id = B\n' }), AWS_PROFILE: 'b' };
    const viaEnv = await askSource(base, recordingIo(env).io, named);
    named.done();
    expect(viaEnv.profile).toBeUndefined();
  });

  it('lets a person without credentials still choose the live account: the SDK chain is tried as is', async () => {
    const prompter = fakePrompter([{ kind: 'select', message: /What should be diagnosed/, answer: 'live' }]);
    const options = await askSource(base, recordingIo({ HOME: home() }).io, prompter);
    prompter.done();
    expect(options.profile).toBeUndefined();
    expect(options.snapshot ?? options.example).toBeUndefined();
  });

  it('asks for a snapshot path and rejects one that does not exist', async () => {
    const dir = tempDir('snap-');
    writeFileSync(join(dir, 'acct.json'), '{}');
    const prompter = fakePrompter(
      [
        { kind: 'select', message: /What should be diagnosed/, answer: 'snapshot' },
        { kind: 'input', message: /Path to the snapshot file/, answer: 'acct.json' },
      ],
      { rejectedInputs: ['missing.json', '', '.'] },
    );
    const { io } = recordingIo({ HOME: home() }, dir);
    const options = await askSource(base, io, prompter);
    prompter.done();
    expect(options.snapshot).toBe('acct.json');
    expect(prompter.asked[1]?.validation).toEqual(['No such file: missing.json', 'Enter a path to a snapshot file.', 'Not a file: .', true]);
  });

  it('lets Ctrl-C (ExitPromptError) through untouched', async () => {
    const prompter = fakePrompter([{ kind: 'select', message: /What should be diagnosed/, answer: exitPromptError }]);
    await expect(askSource(base, recordingIo({ HOME: home() }).io, prompter)).rejects.toBe(exitPromptError);
  });
});

describe('validateFile', () => {
  it('accepts an absolute path whatever the working directory', () => {
    const dir = tempDir('abs-');
    writeFileSync(join(dir, 's.json'), '{}');
    expect(validateFile(join(dir, 's.json'), '/')).toBe(true);
    expect(validateFile('  s.json ', dir)).toBe(true);
  });
});

const snapshot: SnapshotV1 = {
  billingAccessSnapshot: 1,
  account: { id: '111122223333' },
  caller: { Arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com' },
  iam: {
    UserDetailList: [
      { UserName: 'zoe', Arn: 'arn:aws:iam::111122223333:user/zoe' },
      { UserName: 'bob', Arn: 'arn:aws:iam::111122223333:user/bob' },
    ],
    GroupDetailList: [],
    RoleDetailList: [
      { RoleName: 'FinOps', Arn: 'arn:aws:iam::111122223333:role/FinOps', Path: '/' },
      {
        RoleName: 'AWSServiceRoleForOrganizations',
        Arn: 'arn:aws:iam::111122223333:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations',
        Path: '/aws-service-role/organizations.amazonaws.com/',
      },
      { RoleName: 'Admin', Arn: 'arn:aws:iam::111122223333:role/Admin' },
    ],
    Policies: [],
  },
};

describe('principalChoices', () => {
  it('puts the caller first, then users and roles by name, without service-linked roles', () => {
    expect(principalChoices(snapshot, true).map((c) => c.name)).toEqual([
      'role Admin, session alice@example.com (you)',
      'user bob',
      'user zoe',
      'role Admin',
      'role FinOps',
    ]);
  });

  it('without a caller lists users then roles', () => {
    const { caller: _caller, ...anonymous } = snapshot;
    expect(principalChoices(anonymous).map((c) => c.value)).toEqual([
      'arn:aws:iam::111122223333:user/bob',
      'arn:aws:iam::111122223333:user/zoe',
      'arn:aws:iam::111122223333:role/Admin',
      'arn:aws:iam::111122223333:role/FinOps',
    ]);
  });

  it('does not list the caller twice when it is one of the users', () => {
    const own = { ...snapshot, caller: { Arn: 'arn:aws:iam::111122223333:user/zoe' } };
    const names = principalChoices(own, true).map((c) => c.name);
    expect(names[0]).toBe('user zoe (you)');
    // In a snapshot file the caller is whoever took it.
    expect(principalChoices(own)[0]?.name).toBe('user zoe (took the snapshot)');
    expect(names.filter((n) => n.includes('zoe'))).toHaveLength(1);
  });

  it('with Identity Center, lists its users first (after the caller), found by name or e-mail; the answer is the user id', () => {
    const withIc: SnapshotV1 = {
      ...snapshot,
      identityCenter: {
        instance: { InstanceArn: 'arn:aws:sso:::instance/ssoins-1', IdentityStoreId: 'd-1' },
        permissionSets: [],
        assignments: [],
        users: [
          { UserId: 'u-2', UserName: 'tom' },
          { UserId: 'u-1', UserName: 'maria', DisplayName: 'Maria Garcia', Emails: [{ Value: 'maria@example.com', Primary: true }] },
        ],
        groups: [],
        memberships: [],
      },
    };
    const choices = principalChoices(withIc, true);
    expect(choices.slice(0, 3).map((c) => [c.value, c.name, c.description])).toEqual([
      ['arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com', 'role Admin, session alice@example.com (you)', 'arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com'],
      ['u-1', 'Identity Center user maria (Maria Garcia)', 'maria@example.com'],
      ['u-2', 'Identity Center user tom', 'user id u-2'],
    ]);
    expect(choices.filter((c) => matchesSearch(c, 'maria@exa')).map((c) => c.value)).toEqual(['u-1']);
    expect(choices.filter((c) => matchesSearch(c, 'garcia')).map((c) => c.value)).toEqual(['u-1']);
  });

  it('is a usage error naming --principal when there is nobody to choose', () => {
    const empty: SnapshotV1 = { billingAccessSnapshot: 1, iam: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] } };
    expect(() => principalChoices(empty)).toThrow(/--principal/);
  });
});

describe('askRest', () => {
  it('asks nothing when every flag was given', async () => {
    const prompter = fakePrompter([]);
    const given: DoctorOptions = { ...base, principal: 'bob', task: ['bills'], mfa: 'no', activation: 'enabled' };
    expect(await askRest(given, snapshot, recordingIo().io, prompter)).toEqual(given);
  });

  it('asks principal, page, MFA and activation in that order', async () => {
    const prompter = fakePrompter([
      { kind: 'search', message: /Who cannot open/, answer: 'arn:aws:iam::111122223333:role/FinOps' },
      { kind: 'select', message: /Which console page fails/, answer: 'dont-know' },
      { kind: 'select', message: /MFA/, answer: 'unknown' },
      { kind: 'select', message: /Activate IAM Access/, answer: 'disabled' },
    ]);
    const options = await askRest(base, snapshot, recordingIo().io, prompter);
    prompter.done();
    expect(options).toMatchObject({ principal: 'arn:aws:iam::111122223333:role/FinOps', task: [...DEFAULT_TASKS], mfa: 'unknown', activation: 'disabled' });
    // The activation question says where the root user finds the setting.
    expect(prompter.asked[3]?.message).toContain('Account page');
    expect(prompter.asked[3]?.message).toContain('IAM user and role access to Billing information');
    expect(prompter.asked[3]?.default).toBe('unknown');
  });

  it('lists every catalogue page after "I don\'t know"', async () => {
    const prompter = fakePrompter([{ kind: 'select', message: /Which console page fails/, answer: 'dont-know' }]);
    await askRest({ ...base, principal: 'bob', mfa: 'yes', activation: 'enabled' }, snapshot, recordingIo().io, prompter);
    expect(prompter.asked[0]?.choices?.map((c) => c.value)).toEqual(['dont-know', ...TASKS.map((t) => t.id)]);
  });

  it('checks only the page chosen', async () => {
    const page = TASKS.find((t) => t.id === 'cost-explorer');
    expect(page).toBeDefined();
    const prompter = fakePrompter([{ kind: 'select', message: /Which console page fails/, answer: 'cost-explorer' }]);
    const options = await askRest({ ...base, principal: 'bob', mfa: 'yes', activation: 'enabled' }, snapshot, recordingIo().io, prompter);
    expect(options.task).toEqual(['cost-explorer']);
    expect(prompter.asked[0]?.choices?.find((c) => c.value === 'cost-explorer')?.name).toBe(page?.title);
  });

  it('does not ask about activation when the snapshot records it', async () => {
    for (const state of ['enabled', 'disabled'] as const) {
      const prompter = fakePrompter([{ kind: 'select', message: /MFA/, answer: 'yes' }]);
      const recorded = { ...snapshot, account: { id: '111122223333', iamUserAccessToBilling: state } };
      const options = await askRest({ ...base, principal: 'bob', task: ['home'] }, recorded, recordingIo().io, prompter);
      prompter.done();
      expect(options.mfa).toBe('yes');
      expect(options.activation).toBeUndefined();
    }
  });

  it('does not ask about MFA when the snapshot knows: the user\'s MFA devices, or the caller\'s recorded session', async () => {
    const withFacts: SnapshotV1 = { ...snapshot, users: { zoe: { consolePassword: true, mfaDevices: 0 } } };
    const byArn = fakePrompter([{ kind: 'search', message: /Who cannot open/, answer: 'arn:aws:iam::111122223333:user/zoe' }]);
    const zoe = await askRest({ ...base, task: ['bills'], activation: 'enabled' }, withFacts, recordingIo().io, byArn);
    byArn.done();
    expect(zoe.mfa).toBeUndefined();
    // By name too (--principal zoe), case-insensitively as IAM names are.
    expect(await askRest({ ...base, principal: 'ZOE', task: ['bills'], activation: 'enabled' }, withFacts, recordingIo().io, fakePrompter([]))).toMatchObject({
      principal: 'ZOE',
    });

    const caller = snapshot.caller?.Arn ?? '';
    const session: SnapshotV1 = { ...snapshot, context: { 'aws:MultiFactorAuthPresent': 'true' } };
    const own = fakePrompter([{ kind: 'search', message: /Who cannot open/, answer: caller }]);
    expect((await askRest({ ...base, task: ['bills'], activation: 'enabled' }, session, recordingIo().io, own)).mfa).toBeUndefined();
    own.done();
    // The recorded context is the caller's, not anybody else's.
    const other = fakePrompter([{ kind: 'select', message: /MFA/, answer: 'no' }]);
    await askRest({ ...base, principal: 'bob', task: ['bills'], activation: 'enabled' }, session, recordingIo().io, other);
    other.done();
  });

  it('does not ask about activation for the root user', async () => {
    const prompter = fakePrompter([]);
    const options = await askRest({ ...base, principal: 'arn:aws:iam::111122223333:root', task: ['bills'], mfa: 'yes' }, snapshot, recordingIo().io, prompter);
    expect(options.activation).toBeUndefined();
  });

  it('lets Ctrl-C at the principal list through untouched', async () => {
    const prompter = fakePrompter([{ kind: 'search', message: /Who cannot open/, answer: exitPromptError }]);
    await expect(askRest(base, snapshot, recordingIo().io, prompter)).rejects.toBe(exitPromptError);
  });
});
