/**
 * `audit --snapshot-dir`: the organization matrix from kept snapshots, offline, through the built
 * CLI; its JSON against schema/audit-org-result.schema.json; account-scoped --expect patterns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { orgPatternMatches, type OrgAuditResult } from '../../src/checks/audit-org.js';
import { ROOT, runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const dir = scratch('ba-orgdir-');
const EU = '111122223333';
const EU_DEV = '444455556666';
const FINANCE = '210987654321';
const UNREAD = '777788889999';
const EU_OU = 'ou-a1b2-eu7x3k9q';
let snapshots: string;

const example = (name: string): string => readFileSync(join(ROOT, 'examples', `${name}.json`), 'utf8');

beforeAll(() => {
  snapshots = dir('snapshots');
  writeFileSync(join(snapshots, `${EU}.json`), example('eu-only-org'));
  writeFileSync(join(snapshots, `${EU_DEV}.json`), example('eu-only-org').replaceAll(EU, EU_DEV).replace('workloads-eu-prod', 'workloads-eu-dev'));
  writeFileSync(join(snapshots, `${FINANCE}.json`), example('healthy'));
  // What --out-dir keeps for an account whose role could not be assumed.
  writeFileSync(
    join(snapshots, `${UNREAD}.json`),
    JSON.stringify({
      billingAccessSnapshot: 1,
      account: { id: UNREAD },
      iam: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
      organizations: {
        organization: { Id: 'o-a1b2c3d4e5', MasterAccountId: '999988887777' },
        account: { Id: UNREAD, Name: 'legacy' },
        parents: [{ Id: 'r-a1b2', Type: 'ROOT' }],
      },
      gaps: [{ part: 'caller', operation: 'sts:AssumeRole', error: 'AccessDenied', message: 'not authorized', hint: 'check the role' }],
    }),
  );
});

const audit = (...args: string[]) => runCli(['audit', '--snapshot-dir', snapshots, '--task', 'home', '--task', 'bills', ...args]);

describe('audit --snapshot-dir', () => {
  it('prints account × principal × page, names the unread account, exits 3 for it', async () => {
    const r = await audit();
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Billing console access audit of organization o-a1b2c3d4e5: 4 accounts \(1 not read\), \d+ principals × 2 pages/);
    expect(r.stdout).toMatch(new RegExp(`^${EU}\\s+user alice\\s+✖\\s+✖\\s+blocked by region`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${EU_DEV}\\s+user alice\\s+✖\\s+✖\\s+blocked by region`, 'm'));
    expect(r.stdout).toContain(`${UNREAD} (legacy): sts:AssumeRole AccessDenied — check the role`);
  });

  it('JSON matches schema/audit-org-result.schema.json; a broken account does not', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addSchema(JSON.parse(readFileSync(join(ROOT, 'schema/audit-result.schema.json'), 'utf8')));
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/audit-org-result.schema.json'), 'utf8')));
    const result = JSON.parse((await audit('--json')).stdout) as OrgAuditResult;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.accounts.map((a) => [a.id, a.status])).toEqual([
      [EU, 'read'],
      [FINANCE, 'read'],
      [EU_DEV, 'read'],
      [UNREAD, 'gap'],
    ]);
    expect(result.accounts[0]?.ous).toEqual(['r-a1b2', EU_OU]);
    const broken = structuredClone(result);
    (broken.accounts[0] as { status: string }).status = 'maybe';
    expect(validate(broken)).toBe(false);
  });

  it('--expect patterns scoped by account and OU: drift names each principal by ARN', async () => {
    const expectFile = join(dir('expect'), 'org.expect.json');
    writeFileSync(expectFile, JSON.stringify({ [`${EU_OU}:user/alice`]: ['bills'], [`${FINANCE}:user/finops`]: ['home', 'bills'] }));
    const r = await audit('--expect', expectFile, '--json');
    expect(r.code).toBe(1);
    const drift = (JSON.parse(r.stdout) as OrgAuditResult).drift;
    expect(drift?.lost).toEqual([
      { principal: `arn:aws:iam::${EU}:user/alice`, tasks: ['bills'] },
      { principal: `arn:aws:iam::${EU_DEV}:user/alice`, tasks: ['bills'] },
    ]);
    expect(drift?.missing).toEqual([]);
    expect(drift?.lost.some((e) => e.principal.includes(FINANCE))).toBe(false);
  });

  it('a principal named in an account that could not be read is unconfirmed, not missing', async () => {
    const expectFile = join(dir('expect-unread'), 'org.expect.json');
    writeFileSync(expectFile, JSON.stringify({ [`${UNREAD}:role/FinOps`]: ['bills'], [`${FINANCE}:role/Gone`]: ['bills'] }));
    const drift = (JSON.parse((await audit('--expect', expectFile, '--json')).stdout) as OrgAuditResult).drift;
    expect(drift?.unconfirmed).toEqual([{ principal: `${UNREAD}:role/FinOps`, tasks: ['bills'] }]);
    expect(drift?.missing).toEqual([{ principal: `${FINANCE}:role/Gone`, tasks: ['bills'] }]);
  });

  it('an empty or missing directory, or a bad snapshot in it, is one line and exit 2', async () => {
    const empty = await runCli(['audit', '--snapshot-dir', dir('empty')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--snapshot-dir .*: no snapshot files/);
    const missing = await runCli(['audit', '--snapshot-dir', join(snapshots, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    const bad = dir('bad');
    writeFileSync(join(bad, '1.json'), '{"billingAccessSnapshot": 1}');
    const invalid = await runCli(['audit', '--snapshot-dir', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.trim().split('\n')).toHaveLength(1);
    expect(invalid.stderr).toContain('1.json');
  });
});

describe('orgPatternMatches', () => {
  const p = { accountId: EU, ous: ['r-a1b2', EU_OU], arn: `arn:aws:iam::${EU}:role/FinOps`, type: 'role', name: 'FinOps' };
  it.each([
    ['*:role/FinOps', true],
    ['*:role/finops', true],
    ['*:user/FinOps', false],
    [`${EU}:role/*`, true],
    [`${FINANCE}:role/*`, false],
    [`${EU_OU}:role/Fin*`, true],
    ['ou-a1b2-other000:role/*', false],
    ['r-a1b2:*', true],
    ['FinOps', true],
    [`arn:aws:iam::${EU}:role/*`, true],
    [`arn:aws:iam::*:role/finops`, false],
    ['*a*a*a*a*a*a*a*a*b', false],
  ])('%s → %s', (pattern, expected) => {
    expect(orgPatternMatches(pattern, p)).toBe(expected);
  });
});

describe('audit --snapshot-dir exit status: the one rule of every audit', () => {
  it('every cell decided and every account read: 0; an undecided cell in an account read without gaps: 3', async () => {
    const decided = dir('decided');
    writeFileSync(join(decided, `${EU}.json`), example('eu-only-org'));
    writeFileSync(join(decided, `${FINANCE}.json`), example('healthy'));
    const ok = await runCli(['audit', '--snapshot-dir', decided, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    // The boundary example has cells no fact decides, and no gap: still not a pass.
    writeFileSync(join(decided, '123456789012.json'), example('boundary-no-billing'));
    const undecided = await runCli(['audit', '--snapshot-dir', decided, '--json']);
    const result = JSON.parse(undecided.stdout) as OrgAuditResult;
    expect(result.accounts.flatMap((a) => a.gaps)).toEqual([]);
    expect(result.accounts.flatMap((a) => a.principals.flatMap((p) => p.cells)).some((c) => c.verdict === 'inconclusive')).toBe(true);
    expect(undecided.code).toBe(3);
  });
});
