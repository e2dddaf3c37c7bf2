/**
 * Remediation commands are safe to paste: every name, ARN, id and path from the snapshot is one
 * inert word for a POSIX shell, however hostile, and a plain IAM name stays unquoted. Each command
 * the built CLI prints is checked with `sh -n`, then run by `sh` with `aws` (and `xargs`) replaced by
 * a function that prints its arguments: the hostile values must come back as whole arguments and
 * nothing may run (no file appears in the scratch directory).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { shellWord } from '../../src/model/shell.js';
import { ROOT, runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('billing-access-quote-');
const ACCOUNT = '111122223333';

/** A value with everything a shell would act on: spaces, `$()`, backticks, both quotes, `;`, `&`, `|`, `>` and a newline. */
const evil = (tag: string): string => `${tag} $(touch PWNED) \`touch PWNED\` ';touch PWNED;' "dq" ;x&y|z>out\nline2`;
/** The same on one line (a role name carries its permission set's name only without newlines). */
const evilLine = (tag: string): string => evil(tag).replace('\n', ' ');
const HOSTILE = '$(touch PWNED)';

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

/**
 * The argument lists `sh` hands to `aws`, one per call, after running `command` in an empty directory.
 * Placeholders the user replaces (`<code1>`, `<identity-store-user-id>`) are written bare for
 * readability; they are filled in first, as the user would, so only the values from the snapshot are tested.
 */
function argumentsOf(printed: string): string[][] {
  const command = printed.replace(/(?<![\w'])<[a-z0-9-]+>(?![\w'])/g, 'FILLED-IN');
  expect(spawnSync('sh', ['-n', '-c', command]).status, `sh -n: ${command}`).toBe(0);
  const dir = tmp('run-');
  const harness = `aws() { for a in "$@"; do printf '%s\\0' "$a"; done; printf '\\001'; }\nxargs() { cat > /dev/null; }\n${command}`;
  const run = spawnSync('sh', ['-c', harness], { cwd: dir, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(readdirSync(dir), `nothing ran: ${command}`).toEqual([]);
  return run.stdout.split('\u0001').filter((call) => call !== '').map((call) => call.split('\0').slice(0, -1));
}

async function commands(snapshot: SnapshotV1, principal: string): Promise<string[]> {
  const file = join(tmp('snap-'), 'snapshot.json');
  writeFileSync(file, JSON.stringify(snapshot));
  const r = await runCli(['doctor', '--snapshot', file, '--principal', principal, '--no-interactive', '--json']);
  expect(r.stderr).not.toMatch(/internal error/);
  const d = JSON.parse(r.stdout) as Diagnosis;
  return d.checks.flatMap((c) => c.remediation.flatMap((x) => (x.command ? [x.command] : [])));
}

/** Every argument that holds a hostile fragment is one of `expected` whole; each of `expected` is passed somewhere. */
function expectWhole(calls: string[][], expected: readonly string[]): void {
  const hostileArgs = calls.flat().filter((a) => a.includes(HOSTILE));
  for (const arg of hostileArgs) expect(expected, `argument ${JSON.stringify(arg)}`).toContain(arg);
  for (const value of expected) expect(hostileArgs, `value ${JSON.stringify(value)} passed whole`).toContain(value);
}

/** The value after `flag` in each call that has it. */
const after = (calls: string[][], flag: string): string[] => calls.flatMap((c) => c.flatMap((a, i) => (a === flag && c[i + 1] !== undefined ? [c[i + 1] as string] : [])));

describe('shellWord', () => {
  const values = [evil('x'), "it's", '', 'a\tb', '-n', '~root', '*', 'a\\b', '!x', '#x', '{a,b}', 'ü é', '\u202e'];
  it('turns any value into one argument that reads back the same', () => {
    for (const value of values) {
      const run = spawnSync('sh', ['-c', `printf '%s\\0' ${shellWord(value)}`], { encoding: 'utf8', cwd: tmp('w-') });
      expect(run.stdout, JSON.stringify(value)).toBe(`${value}\0`);
    }
  });

  it('leaves what IAM allows in names (letters, digits, +=,.@-_) and ARNs unquoted', () => {
    for (const plain of ['alice', 'ops+billing=1,a.b@c-d_e', 'arn:aws:iam::111122223333:policy/team/Billing']) expect(shellWord(plain)).toBe(plain);
  });
});

describe('remediation commands with hostile names (built CLI)', () => {
  it('IAM user, group, inline and customer managed policy names', async () => {
    const [user, group, inline, managed] = [evil('user'), evil('group'), evil('inline'), evil('managed')];
    const managedArn = `arn:aws:iam::${ACCOUNT}:policy/${managed}`;
    const snapshot: SnapshotV1 = {
      billingAccessSnapshot: 1,
      account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
      organizations: null,
      users: { [user]: { consolePassword: false, mfaDevices: 0 } },
      iam: {
        UserDetailList: [{ UserName: user, Arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, Path: '/', GroupList: [group], UserPolicyList: [], AttachedManagedPolicies: [{ PolicyName: managed, PolicyArn: managedArn }] }],
        GroupDetailList: [
          {
            GroupName: group,
            Arn: `arn:aws:iam::${ACCOUNT}:group/${group}`,
            Path: '/',
            GroupPolicyList: [{ PolicyName: inline, PolicyDocument: doc({ Effect: 'Deny', Action: 'ce:*', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }) }],
            AttachedManagedPolicies: [],
          },
        ],
        RoleDetailList: [],
        Policies: [{ PolicyName: managed, Arn: managedArn, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' }) }] }],
      },
    };
    const printed = await commands(snapshot, user);
    expect(printed.length).toBeGreaterThanOrEqual(3);
    const calls = printed.flatMap(argumentsOf);
    expectWhole(calls, [user, group, inline, managedArn]);
    expect(new Set(after(calls, '--user-name'))).toEqual(new Set([user]));
    expect(new Set(after(calls, '--group-name'))).toEqual(new Set([group]));
  });

  it('Identity Center: instance and permission-set ARNs, permission-set names, a customer managed reference (JSON when shorthand cannot hold it)', async () => {
    const [set, viewers, ref, ssoins] = [evilLine('set'), evilLine('viewers'), evil('ref'), evil('ssoins')];
    const path = `/${evil('path')}/`;
    const swaps: [string, string][] = [['NeedsCmp', set], ['BillingViewers', viewers], ['BillingExtra', ref], ['/finance/', path], ['ssoins-1234567890abcdef', ssoins]];
    const swap = (v: unknown): unknown =>
      typeof v === 'string'
        ? swaps.reduce((s, [a, b]) => s.replaceAll(a, b), v)
        : Array.isArray(v)
          ? v.map(swap)
          : v !== null && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [swap(k), swap(x)]))
            : v;
    const snapshot = swap(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/checks/identity-center-users.json'), 'utf8'))) as SnapshotV1;
    const instance = `arn:aws:sso:::instance/${ssoins}`;

    const cmp = (await commands(snapshot, `AWSReservedSSO_${set}_9999aaaabbbbcccc`)).flatMap(argumentsOf);
    expectWhole(cmp.map((c) => c.filter((a) => !a.startsWith('{'))), [instance, `${instance}/ps-aaaa000000000004`, ref, path, `file://${ref}.json`]);
    expect(after(cmp, '--customer-managed-policy-reference').map((a) => JSON.parse(a) as unknown)).toEqual([{ Name: ref, Path: path }]);

    const viewing = (await commands(snapshot, `AWSReservedSSO_${viewers}_0123456789abcdef`)).flatMap(argumentsOf);
    expect(viewing.some((c) => c[1] === 'put-inline-policy-to-permission-set')).toBe(true);
    expectWhole(viewing, [instance, `${instance}/ps-aaaa000000000001`]);
  });

  it('SCP target ids (an OU with nothing attached)', async () => {
    const ou = evil('ou');
    const full = { PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' }, Content: JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' })) };
    const snapshot: SnapshotV1 = {
      billingAccessSnapshot: 1,
      account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
      organizations: {
        organization: { Id: 'o-example', MasterAccountId: '999988887777', FeatureSet: 'ALL' },
        account: { Id: ACCOUNT, JoinedMethod: 'CREATED' },
        parents: [{ Id: ou, Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-root', Type: 'ROOT' }],
        policies: { 'r-root': [full], [ou]: [], [ACCOUNT]: [full] },
      },
      iam: {
        UserDetailList: [{ UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Path: '/', GroupList: [], UserPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [],
      },
    };
    const printed = await commands(snapshot, 'alice');
    const calls = printed.flatMap(argumentsOf);
    expect(after(calls, '--target-id')).toContain(ou);
    expectWhole(calls, [ou]);
  });

  it('plain IAM names stay readable: no quotes where none are needed', async () => {
    const name = 'ops+billing=1,a.b@c-d_e';
    const snapshot: SnapshotV1 = {
      billingAccessSnapshot: 1,
      account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
      organizations: null,
      users: { [name]: { consolePassword: false, mfaDevices: 0 } },
      iam: { UserDetailList: [{ UserName: name, Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, Path: '/', GroupList: [], UserPolicyList: [], AttachedManagedPolicies: [] }], GroupDetailList: [], RoleDetailList: [], Policies: [] },
    };
    const printed = await commands(snapshot, name);
    expect(printed).toContain(`aws iam create-login-profile --user-name ${name} --password '<initial-password>' --password-reset-required`);
    expect(printed.some((c) => c.startsWith(`aws iam attach-user-policy --user-name ${name} --policy-arn arn:aws:iam::aws:policy/`))).toBe(true);
  });
});
