import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitError } from '../../src/errors.js';
import { loadExample, listExamples, loadSnapshotFile, parseSnapshot } from '../../src/sources/file.js';
import { parseJsonText } from '../../src/sources/json-error.js';
import { findJsonSyntaxError } from '../../src/sources/json-error.js';

const FIXTURES = new URL('../fixtures/snapshots/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
const fixtureDir = (): string => new URL('.', FIXTURES).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-access-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `acct.json` (or `name`) into the temp dir and loads it. */
function loadText(text: string, name = 'acct.json'): Promise<unknown> {
  writeFileSync(join(dir, name), text);
  return loadSnapshotFile(name, dir);
}
const loadJson = (value: unknown, name?: string) => loadText(JSON.stringify(value), name);

/** The one-line usage error a load fails with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExitError);
  expect((error as ExitError).code).toBe(2);
  const message = (error as ExitError).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

const minimalIam = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
const v1 = (extra: Record<string, unknown> = {}) => ({ billingAccessSnapshot: 1, iam: minimalIam, ...extra });

describe('loadSnapshotFile: valid files', () => {
  it('loads a format v1 snapshot as written', async () => {
    const snapshot = await loadSnapshotFile('member-eu-only-scp.json', fixtureDir());
    const raw = fixture('member-eu-only-scp.json') as Record<string, unknown>;
    expect(snapshot).toEqual(raw);
    expect(snapshot.organizations?.parents?.map((p) => p.Type)).toEqual(['ORGANIZATIONAL_UNIT', 'ROOT']);
    expect(snapshot.users?.alice).toEqual({ consolePassword: true, mfaDevices: 1 });
    expect(snapshot.gaps).toBeUndefined();
  });

  it('wraps a bare get-account-authorization-details page, dropping pagination keys', async () => {
    const snapshot = await loadSnapshotFile('gaad-standalone.json', fixtureDir());
    expect(snapshot.billingAccessSnapshot).toBe(1);
    expect(Object.keys(snapshot).sort()).toEqual(['billingAccessSnapshot', 'iam']);
    expect(Object.keys(snapshot.iam).sort()).toEqual(['GroupDetailList', 'Policies', 'RoleDetailList', 'UserDetailList']);
    expect(snapshot.iam.UserDetailList.map((u) => u.UserName)).toEqual(['alice', 'bob', 'carol']);
    // Unknown: absent, not null.
    expect('organizations' in snapshot).toBe(false);
  });

  it('leaves URL-encoded policy documents intact', async () => {
    const snapshot = await loadSnapshotFile('gaad-standalone.json', fixtureDir());
    const raw = fixture('gaad-standalone.json') as { UserDetailList: { UserPolicyList: { PolicyDocument: string }[] }[] };
    const doc = snapshot.iam.UserDetailList[1]!.UserPolicyList![0]!.PolicyDocument;
    expect(typeof doc).toBe('string');
    expect(doc).toBe(raw.UserDetailList[1]!.UserPolicyList[0]!.PolicyDocument);
    expect(doc).toMatch(/^%7B%22Version%22/);
    expect(JSON.parse(decodeURIComponent(doc as string)).Statement[0].Sid).toBe('LegacyBilling');
    expect(typeof snapshot.iam.RoleDetailList[0]!.AssumeRolePolicyDocument).toBe('string');
  });

  it('merges an array of GAAD pages into the same result as one page', async () => {
    const paged = await loadSnapshotFile('gaad-two-pages.json', fixtureDir());
    const single = await loadSnapshotFile('gaad-standalone.json', fixtureDir());
    expect(paged).toEqual(single);
  });

  it('drops entries repeated across pages (same ARN) and treats missing lists as empty', () => {
    const alice = { UserName: 'alice', Arn: 'arn:aws:iam::111122223333:user/alice' };
    const snapshot = parseSnapshot([{ UserDetailList: [alice], IsTruncated: true, Marker: 'm1' }, { UserDetailList: [alice], IsTruncated: false }], 'p.json');
    expect(snapshot.iam).toEqual({ UserDetailList: [alice], GroupDetailList: [], RoleDetailList: [], Policies: [] });
  });

  it('records a gap when every page is truncated (the last page is missing)', () => {
    const snapshot = parseSnapshot({ UserDetailList: [], IsTruncated: true, Marker: 'abc' }, 'p.json');
    expect(snapshot.gaps).toHaveLength(1);
    expect(snapshot.gaps![0]).toMatchObject({ part: 'iam', operation: 'iam:GetAccountAuthorizationDetails' });
    const v1Truncated = parseSnapshot(v1({ iam: { ...minimalIam, IsTruncated: true }, gaps: [] }), 's.json');
    expect(v1Truncated.gaps).toHaveLength(1);
    expect(parseSnapshot({ UserDetailList: [], IsTruncated: false }, 'p.json').gaps).toBeUndefined();
  });

  it('keeps "organizations": null (no organization) distinct from an absent part (unknown)', async () => {
    const none = await loadSnapshotFile('standalone-no-org.json', fixtureDir());
    expect(none.organizations).toBeNull();
    expect('organizations' in none).toBe(true);
    const unknown = await loadJson(v1());
    expect(unknown).not.toHaveProperty('organizations');
  });

  it('accepts a UTF-8 byte order mark and policy documents given as objects', async () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'billing:GetBillingData', Resource: '*' }] };
    const user = { UserName: 'a', Arn: 'arn:aws:iam::111122223333:user/a', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: doc }] };
    const snapshot = (await loadText('\ufeff' + JSON.stringify(v1({ iam: { UserDetailList: [user] } })))) as { iam: typeof minimalIam };
    expect(snapshot.iam).toEqual({ ...minimalIam, UserDetailList: [user] });
  });

  it('loads a large GAAD (1,500 managed policies, 300 roles) quickly', async () => {
    const policies = Array.from({ length: 1500 }, (_, i) => {
      const document = {
        Version: '2012-10-17',
        Statement: Array.from({ length: 8 }, (_, s) => ({ Sid: `S${s}`, Effect: 'Allow', Action: [`svc${s}:Get*`, `svc${s}:List*`], Resource: '*' })),
      };
      return {
        PolicyName: `Policy${i}`,
        PolicyId: `ANPA${String(i).padStart(17, '0')}`,
        Arn: `arn:aws:iam::aws:policy/Policy${i}`,
        Path: '/',
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ Document: encodeURIComponent(JSON.stringify(document)), VersionId: 'v1', IsDefaultVersion: true }],
      };
    });
    const roles = Array.from({ length: 300 }, (_, i) => ({
      RoleName: `role${i}`,
      Arn: `arn:aws:iam::111122223333:role/role${i}`,
      AttachedManagedPolicies: [{ PolicyName: `Policy${i}`, PolicyArn: `arn:aws:iam::aws:policy/Policy${i}` }],
    }));
    const text = JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: roles, Policies: policies, IsTruncated: false });
    writeFileSync(join(dir, 'large.json'), text);
    const start = performance.now();
    const snapshot = await loadSnapshotFile('large.json', dir);
    const ms = performance.now() - start;
    expect(snapshot.iam.Policies).toHaveLength(1500);
    expect(snapshot.iam.RoleDetailList).toHaveLength(300);
    // Measured ~60 ms for ~2.5 MB here; the bound leaves room for slow CI machines.
    expect(ms).toBeLessThan(2000);
  });
});

describe('loadSnapshotFile: errors are one line, name the file, exit 2', () => {
  it('a missing file', async () => {
    expect(await failure(loadSnapshotFile('nope.json', dir))).toBe(`nope.json: file not found (${join(dir, 'nope.json')})`);
  });

  it('a directory', async () => {
    mkdirSync(join(dir, 'a-dir'), { recursive: true });
    expect(await failure(loadSnapshotFile('a-dir', dir))).toBe('a-dir: is a directory, not a snapshot file');
  });

  // root reads any file whatever its mode, so the permission error cannot be provoked as root.
  it.skipIf(process.getuid?.() === 0)('an unreadable file', async () => {
    writeFileSync(join(dir, 'locked.json'), '{}');
    chmodSync(join(dir, 'locked.json'), 0o000);
    expect(await failure(loadSnapshotFile('locked.json', dir))).toBe('locked.json: permission denied; cannot read the file');
  });

  it('an empty file', async () => {
    expect(await failure(loadText('  \n'))).toBe('acct.json: the file is empty; expected a snapshot (JSON)');
  });

  it.each([
    ['{\n  "billingAccessSnapshot": 1,\n  }', 'line 3, column 3: unexpected \'}\', expected a property name in double quotes'],
    ['{"iam": {"UserDetailList": [}', "line 1, column 29: unexpected '}', expected a value"],
    ['{"a": tru}', "line 1, column 7: unexpected 't', expected a value"],
    ['{"a": 1', "line 1, column 8: unexpected end of file, expected ',' or '}'"],
    ['{"a": "x\ny"}', 'line 1, column 9: unterminated string (line break inside a string)'],
    ['{"a": 1} {"b": 2}', "line 1, column 10: unexpected '{' after the end of the JSON document"],
    ['[1,\n 2,\n]', "line 3, column 1: unexpected ']', expected a value"],
  ])('invalid JSON %j', async (text, where) => {
    expect(await failure(loadText(text))).toBe(`acct.json: invalid JSON at ${where}`);
  });

  it.each([
    [2, '2'],
    ['1', '"1"'],
    [null, 'null'],
  ])('unsupported billingAccessSnapshot version %j', async (version, shown) => {
    expect(await failure(loadJson({ billingAccessSnapshot: version, iam: minimalIam }))).toBe(
      `acct.json: billingAccessSnapshot: unsupported version ${shown}; this billing-access reads version 1`,
    );
  });

  it('not a JSON object', async () => {
    expect(await failure(loadText('42'))).toBe(
      'acct.json: expected a billing-access snapshot or get-account-authorization-details output (a JSON object), got a number (42)',
    );
  });

  it('an object that is neither a snapshot nor GAAD output', async () => {
    expect(await failure(loadJson({ Users: [] }))).toBe(
      'acct.json: not a billing-access snapshot (no "billingAccessSnapshot" key) nor get-account-authorization-details output (no UserDetailList, GroupDetailList, RoleDetailList, Policies)',
    );
  });

  const role = (i: number) => ({ RoleName: `r${i}`, Arn: `arn:aws:iam::111122223333:role/r${i}` });
  it.each([
    [
      'a wrong type deep in iam',
      v1({ iam: { ...minimalIam, RoleDetailList: [role(0), role(1), role(2), { RoleName: 'r3', Arn: 42 }] } }),
      'acct.json: iam.RoleDetailList[3].Arn: must be a string, got a number (42)',
    ],
    ['a missing required field', v1({ iam: { ...minimalIam, UserDetailList: [{ UserName: 'a' }] } }), 'acct.json: iam.UserDetailList[0].Arn: is required'],
    ['a missing iam', { billingAccessSnapshot: 1 }, 'acct.json: iam: is required'],
    ['an iam with no GAAD list', v1({ iam: {} }), 'acct.json: iam: must have at least one of UserDetailList, GroupDetailList, RoleDetailList, Policies'],
    ['a misspelt top-level part', v1({ organisations: null }), 'acct.json: organisations: unknown property (not part of snapshot format v1)'],
    [
      'a bad activation state',
      v1({ account: { iamUserAccessToBilling: 'on' } }),
      'acct.json: account.iamUserAccessToBilling: must be one of "enabled", "disabled", "unknown", got "on"',
    ],
    ['organizations of the wrong type', v1({ organizations: 'none' }), 'acct.json: organizations: must be an object or null, got a string ("none")'],
    [
      'an odd key in a map',
      v1({ users: { 'bob.smith': { mfaDevices: -1 } } }),
      'acct.json: users["bob.smith"].mfaDevices: must be >= 0',
    ],
    [
      'a context value of the wrong type',
      v1({ context: { 'aws:MultiFactorAuthPresent': true } }),
      'acct.json: context["aws:MultiFactorAuthPresent"]: must be a string or an array, got a boolean (true)',
    ],
    [
      'an SCP without content',
      v1({ organizations: { organization: { Id: 'o-1', MasterAccountId: '1' }, policies: { 'r-ab12': [{ PolicySummary: { Id: 'p-1', Name: 'x' } }] } } }),
      'acct.json: organizations.policies["r-ab12"][0].Content: is required',
    ],
    ['a policy document of the wrong type', v1({ iam: { UserDetailList: [{ UserName: 'a', Arn: 'x', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: 7 }] }] } }), 'acct.json: iam.UserDetailList[0].UserPolicyList[0].PolicyDocument: must be a string or an object, got a number (7)'],
    ['a bare GAAD page with a bad field', { RoleDetailList: [{ RoleName: 'r', Arn: null }] }, 'acct.json: RoleDetailList[0].Arn: must be a string, got null'],
    ['a bad page in an array of pages', [{ UserDetailList: [] }, { RoleDetailList: [{ RoleName: 'r', Arn: [] }] }], 'acct.json: [1].RoleDetailList[0].Arn: must be a string, got an array'],
    ['a non-object page', [{ UserDetailList: [] }, 'page2'], 'acct.json: [1]: must be a get-account-authorization-details page (an object), got a string ("page2")'],
    ['an empty array', [], 'acct.json: empty array; expected get-account-authorization-details pages'],
  ])('schema: %s', async (_name, value, message) => {
    expect(await failure(loadJson(value))).toBe(message);
  });

  it('names the file as the user gave it', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'x.json'), JSON.stringify({ RoleDetailList: [{ RoleName: 'r' }] }));
    expect(await failure(loadSnapshotFile('sub/x.json', dir))).toBe('sub/x.json: RoleDetailList[0].Arn: is required');
    expect(await failure(loadSnapshotFile(join(dir, 'sub', 'x.json'), '/'))).toBe(`${join(dir, 'sub', 'x.json')}: RoleDetailList[0].Arn: is required`);
  });
});

describe('parseJsonText / findJsonSyntaxError', () => {
  it('returns the parsed value for valid JSON and agrees with JSON.parse on validity', () => {
    expect(parseJsonText('{"a":[1,2.5e3,"x\\u00e9",true,null]}', 'f')).toEqual({ a: [1, 2500, 'xé', true, null] });
    for (const text of ['{}', '[]', '"s"', '0', '-0.5E+2', ' {"a" : { "b" : [ ] } } ']) {
      expect(findJsonSyntaxError(text), text).toBeUndefined();
    }
    for (const text of ['{', '[1,]', '01', '{"a":1,}', "{'a':1}", '"\\x"', 'nul', '-']) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(findJsonSyntaxError(text), text).toBeDefined();
    }
  });

  it('counts lines and columns from 1', () => {
    expect(findJsonSyntaxError('{\n\n   x')).toMatchObject({ line: 3, column: 4 });
  });
});

describe('parseSnapshot', () => {
  it('refuses a key repeated outside a policy document, naming the path; inside one, the document is the engine\'s finding', () => {
    const text = (inner: string) => `{"billingAccessSnapshot":1,"iam":{"UserDetailList":[],"GroupDetailList":[],"RoleDetailList":[],"Policies":[]}${inner}}`;
    expect(() => parseSnapshot(parseJsonText(text(',"iam":{"UserDetailList":[]}'), 's.json'), 's.json')).toThrow(
      's.json: iam: the key appears twice (JSON readers disagree on which value counts); keep one',
    );
    expect(() => parseSnapshot(parseJsonText(text(',"users":{"bob":{},"bob":{"mfaDevices":1}}'), 's.json'), 's.json')).toThrow('s.json: users.bob: the key appears twice');
    const inPolicy = text(',"organizations":{"organization":{"Id":"o-1","MasterAccountId":"999988887777"},"policies":{"r-1":[{"PolicySummary":{"Id":"p-1","Name":"P"},"Content":{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}}}]}}');
    expect(() => parseSnapshot(parseJsonText(inPolicy, 's.json'), 's.json')).not.toThrow();
  });

  it('is pure: names the given file and does no I/O', () => {
    expect(() => parseSnapshot({ billingAccessSnapshot: 1 }, 'live collection')).toThrow('live collection: iam: is required');
    expect(parseSnapshot(v1({ organizations: null }), 'x').organizations).toBeNull();
  });
});

describe('examples', () => {
  let examples: URL;
  beforeAll(() => {
    const d = join(dir, 'examples');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'standalone.json'), readFileSync(new URL('standalone-no-org.json', FIXTURES)));
    writeFileSync(join(d, 'broken.json'), '{"billingAccessSnapshot": 1, "iam": {"UserDetailList": [{}]}}');
    writeFileSync(join(d, 'notes.txt'), 'not an example');
    examples = pathToFileURL(d + '/');
  });

  it('loads an example by name and says where it came from', async () => {
    const loaded = await loadExample('standalone', examples);
    expect(loaded.source).toEqual({ kind: 'example', file: 'examples/standalone.json' });
    expect(loaded.snapshot.organizations).toBeNull();
  });

  it('an unknown name is a one-line error listing the available examples', async () => {
    expect(await failure(loadExample('nope', examples))).toBe('--example nope: unknown example; available: broken, standalone');
    expect(await failure(loadExample('../standalone', examples))).toMatch(/^--example \.\.\/standalone: unknown example \(did you mean standalone\?\); available/);
    expect(await listExamples(examples)).toEqual(['broken', 'standalone']);
  });

  it('an invalid example names examples/<name>.json', async () => {
    expect(await failure(loadExample('broken', examples))).toBe('examples/broken.json: iam.UserDetailList[0].UserName: is required');
  });

  it('with no examples directory, says none are installed', async () => {
    expect(await failure(loadExample('x', pathToFileURL(join(dir, 'missing') + '/')))).toBe('--example x: no examples are installed with this billing-access');
  });

  it('the package examples directory is found from src (whatever it holds)', async () => {
    const names = await listExamples();
    const error = await failure(loadExample('no-such-example-name'));
    expect(error).toContain('--example no-such-example-name:');
    for (const name of names) expect(error).toContain(name);
  });
});

describe('built module (dist/)', () => {
  it('finds the schema relative to dist/ too', async () => {
    const built = (await import(pathToFileURL(join(fixtureDir(), '../../../dist/sources/file.js')).href)) as typeof import('../../src/sources/file.js');
    await expect(built.loadSnapshotFile('member-eu-only-scp.json', fixtureDir())).resolves.toMatchObject({ billingAccessSnapshot: 1 });
    await expect(built.loadSnapshotFile('gaad-two-pages.json', fixtureDir())).resolves.toMatchObject({ billingAccessSnapshot: 1 });
  });
});
