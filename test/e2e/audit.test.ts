/** audit through the built bin: the matrix, --expect drift and its exit codes, malformed allow-lists. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/checks/audit.js';
import { CHECKS } from '../../src/checks/index.js';
import { TASK_IDS } from '../../src/model/catalogue.js';
import { runCli } from '../helpers/run.js';

const SNAPSHOT = 'test/fixtures/checks/audit-account.json';
const audit = (...args: string[]) => runCli(['audit', '--snapshot', SNAPSHOT, ...args]);

describe('audit --snapshot (built bin)', () => {
  it('prints every user and role (not service-linked roles) × page, with what blocks each', async () => {
    const r = await audit();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^user alice +✔ +✔ +✔$/m);
    expect(r.stdout).toMatch(/^user bob +✖ +✖ +✖ +blocked by identity-policy$/m);
    expect(r.stdout).toMatch(/^user ci-bot +✖ +✖ +✖ +blocked by principal$/m);
    expect(r.stdout).toMatch(/^role Developer +✖ +✖ +✖ +blocked by boundary$/m);
    expect(r.stdout).not.toContain('AWSServiceRoleForSupport');
  });

  it('--json: the matrix as data', async () => {
    const r = await audit('--task', 'bills', '--json');
    const a = JSON.parse(r.stdout) as AuditResult;
    expect(a.schemaVersion).toBe(1);
    expect(a.tasks).toEqual(['bills']);
    const cells = Object.fromEntries(a.principals.map((p) => [p.principal.name, p.cells[0]?.verdict]));
    expect(cells).toEqual({ alice: 'allowed', bob: 'denied', 'ci-bot': 'denied', FinOps: 'allowed', Developer: 'denied' });
  });

  it('--expect that matches: exit 0; with drift: exit 1 naming who gained and who lost which pages', async () => {
    const same = await audit('--expect', 'test/fixtures/checks/expect-matches.json');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('none: access matches the allow-list');
    const drift = await audit('--expect', 'test/fixtures/checks/expect-drift.json');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('gained access (not on the allow-list): arn:aws:iam::111122223333:user/alice: cost-explorer');
    expect(drift.stdout).toContain('lost access (on the allow-list, now denied): arn:aws:iam::111122223333:role/Developer: cost-explorer');
    const json = JSON.parse((await audit('--expect', 'test/fixtures/checks/expect-drift.json', '--json')).stdout) as AuditResult;
    expect(json.drift).toEqual({
      gained: [{ principal: 'arn:aws:iam::111122223333:user/alice', tasks: ['cost-explorer'] }],
      lost: [{ principal: 'arn:aws:iam::111122223333:role/Developer', tasks: ['cost-explorer'] }],
      unconfirmed: [],
      missing: [],
    });
  });

  it('an allow-listed page that cannot be confirmed (inconclusive) exits 3 and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-audit-'));
    const expectFile = join(dir, 'expect.json');
    writeFileSync(expectFile, JSON.stringify({ alice: ['bills'] }));
    const r = await runCli(['audit', '--snapshot', 'test/fixtures/checks/activation-unknown.json', '--task', 'bills', '--expect', expectFile]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^user alice +\? +undecided: activation \("Activate IAM Access" not recorded: --activation enabled\|disabled\)$/m);
    expect(r.stdout).toContain('cannot confirm (on the allow-list, inconclusive): arn:aws:iam::111122223333:user/alice: bills');
    const json = JSON.parse((await runCli(['audit', '--snapshot', 'test/fixtures/checks/activation-unknown.json', '--task', 'bills', '--json'])).stdout) as AuditResult;
    const alice = json.principals.find((p) => p.principal.name === 'alice')?.cells[0];
    expect(alice).toMatchObject({ verdict: 'inconclusive', undecided: ['activation'], missing: ['"Activate IAM Access" not recorded: --activation enabled|disabled'] });
  });

  // One exit rule for every audit: 1 drift; else 3 when any cell is undecided (with or without --expect: an
  // undecided cell may hide a page gained or lost); else 0, so 0 always means every cell was decided.
  it.each([
    ['every cell decided, no --expect', SNAPSHOT, [], 0],
    ['a cell undecided, no --expect', 'test/fixtures/checks/activation-unknown.json', [], 3],
    ['a cell undecided, --activation decides it', 'test/fixtures/checks/activation-unknown.json', ['--activation', 'enabled'], 0],
    ['a cell undecided off the allow-list', 'test/fixtures/checks/activation-unknown.json', ['--expect', 'EMPTY'], 3],
    ['a boundary example with undecided cells', 'examples/boundary-no-billing.json', [], 3],
  ] as const)('exit status: %s', async (_, snapshot, args, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-audit-'));
    writeFileSync(join(dir, 'empty.json'), '{}');
    const r = await runCli(['audit', '--snapshot', snapshot, '--json', ...args.map((a) => (a === 'EMPTY' ? join(dir, 'empty.json') : a))]);
    expect(r.code, r.stderr).toBe(code);
    const undecided = (JSON.parse(r.stdout) as AuditResult).principals.flatMap((p) => p.cells).filter((c) => c.verdict === 'inconclusive');
    expect(undecided.length > 0).toBe(code === 3);
  });

  it('--activation supplies the setting no API reads: enabled decides the cell, disabled denies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-audit-'));
    const expectFile = join(dir, 'expect.json');
    writeFileSync(expectFile, JSON.stringify({ alice: ['bills'] }));
    const args = ['audit', '--snapshot', 'test/fixtures/checks/activation-unknown.json', '--task', 'bills', '--expect', expectFile];
    const enabled = await runCli([...args, '--activation', 'enabled']);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toMatch(/^user alice +✔$/m);
    const disabled = await runCli([...args, '--activation', 'disabled']);
    expect(disabled.code).toBe(1);
    expect(disabled.stdout).toMatch(/^user alice +✖ +blocked by activation$/m);
    const bad = await runCli([...args, '--activation', 'on']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('enabled, disabled, unknown');
  });

  it('pages the allow-list names are evaluated too; with --task they are not, and stderr says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-audit-'));
    const expectFile = join(dir, 'expect.json');
    writeFileSync(expectFile, JSON.stringify({ alice: ['bills', 'payments'] }));
    const all = JSON.parse((await audit('--expect', expectFile, '--json')).stdout) as AuditResult;
    expect(all.tasks).toEqual(['home', 'bills', 'payments', 'cost-explorer']);
    expect(all.principals.find((p) => p.principal.name === 'alice')?.cells.map((c) => c.task)).toContain('payments');
    const some = await audit('--expect', expectFile, '--task', 'bills', '--json');
    expect((JSON.parse(some.stdout) as AuditResult).tasks).toEqual(['bills']);
    expect(some.stderr).toContain(`${expectFile}: payments on the allow-list not checked (not among --task)`);
    expect((await audit('--task', 'bills')).stdout).toContain('5 principals × 1 page ');
    const dir2 = mkdtempSync(join(tmpdir(), 'ba-audit-'));
    const empty = join(dir2, 'empty.json');
    writeFileSync(empty, JSON.stringify({ billingAccessSnapshot: 1, account: { id: '111122223333' }, iam: { UserDetailList: [], RoleDetailList: [] } }));
    const none = await runCli(['audit', '--snapshot', empty]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('0 principals × 3 pages');
    expect(none.stdout).toContain('(no IAM users or roles in the snapshot; for the root user run doctor --principal root)');
  });

  it('a malformed allow-list exits 2 naming the file and the JSON path', async () => {
    const bad = await audit('--expect', 'test/fixtures/checks/expect-malformed.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('test/fixtures/checks/expect-malformed.json: $["alice"][1]: "bilss" is not a task id');
    const dir = mkdtempSync(join(tmpdir(), 'ba-audit-'));
    const notObject = join(dir, 'list.json');
    writeFileSync(notObject, '["alice"]');
    const r = await audit('--expect', notObject);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${notObject}: $: expected an object`);
    const invalid = join(dir, 'broken.json');
    writeFileSync(invalid, '{"alice": [');
    expect((await audit('--expect', invalid)).stderr).toContain(`${invalid}: invalid JSON`);
    const missing = await audit('--expect', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`billing-access: --expect ${join(dir, 'nope.json')}: file not found\n`);
  });
});

describe('schema/audit-result.schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/audit-result.schema.json', import.meta.url), 'utf8')) as {
    definitions: { task: { enum: string[] }; checkId: { enum: string[] } };
  };
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

  it('names exactly the catalogue pages and the checks', () => {
    expect(schema.definitions.task.enum).toEqual([...TASK_IDS]);
    expect(schema.definitions.checkId.enum).toEqual(CHECKS.map((c) => c.id));
  });

  it('accepts what audit --json prints, with and without drift, and rejects a broken cell', async () => {
    const plain = JSON.parse((await audit('--json')).stdout) as AuditResult;
    const drift = JSON.parse((await audit('--expect', 'test/fixtures/checks/expect-drift.json', '--json')).stdout) as AuditResult;
    expect(drift.drift?.gained.length).toBeGreaterThan(0);
    // With an identityCenter part, its users are rows too.
    const sso = JSON.parse((await runCli(['audit', '--snapshot', 'test/fixtures/checks/identity-center-users.json', '--json'])).stdout) as AuditResult;
    expect(sso.principals.some((p) => p.principal.type === 'identity-center-user')).toBe(true);
    for (const result of [plain, drift, sso]) expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(plain);
    (broken.principals[0]!.cells[0] as { verdict: string }).verdict = 'maybe';
    expect(validate(broken)).toBe(false);
  });
});
