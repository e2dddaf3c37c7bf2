/**
 * Request resources through the built bin, one scenario per row of
 * test/fixtures/request-resources/cases.json: the inline policy of each row is given to user finops
 * of base.json. A statement scoped to resources whose console request AWS does not document is
 * `unknown` with the reason (action, resource type, statement); a documented resource is evaluated.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

interface ResourceCase {
  name: string;
  source: string;
  task: string;
  statements: unknown[];
  expect: { verdict: string; identity: string; says?: string[] };
}

const HERE = new URL('../fixtures/request-resources/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', HERE), 'utf8')) as ResourceCase[];
const base = JSON.parse(readFileSync(new URL('base.json', HERE), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'billing-access-request-resources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('request resources (built bin)', () => {
  it('has cases, each citing an AWS page', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
    for (const c of cases) expect(c.source, c.name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const snapshot = structuredClone(base);
    snapshot.iam.UserDetailList[0].UserPolicyList = [{ PolicyName: 'Case', PolicyDocument: { Version: '2012-10-17', Statement: c.statements } }];
    const file = join(dir, `case-${i}.json`);
    writeFileSync(file, JSON.stringify(snapshot));
    const r = await runCli(['doctor', '--snapshot', file, '--principal', 'finops', '--task', c.task, '--no-interactive', '--json']);
    const d = JSON.parse(r.stdout) as Diagnosis;
    expect(d.verdict).toBe(c.expect.verdict);
    expect(r.code).toBe({ allowed: 0, denied: 1, inconclusive: 3 }[d.verdict]);
    const identity = d.checks.find((x) => x.id === 'identity-policy')!;
    expect(identity.status).toBe(c.expect.identity);
    for (const text of c.expect.says ?? []) expect(identity.summary).toContain(text);
    if (c.expect.identity === 'unknown') expect(d.actions.some((a) => a.decision === 'unknown')).toBe(true);
  });

  it('text output of an undocumented scoped resource says why and what to do', async () => {
    const snapshot = structuredClone(base);
    snapshot.iam.UserDetailList[0].UserPolicyList = [{ PolicyName: 'Case', PolicyDocument: { Version: '2012-10-17', Statement: cases[0]!.statements } }];
    const file = join(dir, 'text.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const r = await runCli(['doctor', '--snapshot', file, '--principal', 'finops', '--task', 'budgets', '--no-interactive']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('? identity-policy  statement OneBudget of inline Case on user finops');
    expect(r.stdout).toContain('may not apply: its Resource names specific resources');
    expect(r.stdout).toContain('allow those actions on Resource "*"');
    expect(r.stdout).not.toContain('✔ identity-policy');
  });
});
