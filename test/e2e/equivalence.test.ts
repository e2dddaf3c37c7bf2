/**
 * Speed never changes an answer (issue 15). On generated snapshots (bench/generate.mjs: customer
 * policies with conditions, inline policies, groups, boundaries, ReadOnlyAccess, a 3-level SCP
 * tree with a region deny), the built CLI's full `audit --json` (both action sets) and `doctor
 * --json` for a spread of principals equal the outputs recorded with the code before the
 * optimisations (test/fixtures/equivalence, see record.mjs there). And in process, audit's shared
 * per-principal context gives the same cells as the straightforward path: the checklist run on a
 * context built for each page alone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { auditAccount, missingFact, type AuditRow } from '../../src/checks/audit.js';
import { runChecks } from '../../src/checks/diagnose.js';
import { buildAccountModel } from '../../src/model/account.js';
import { TASKS, type ActionSet } from '../../src/model/catalogue.js';
import { principalOf } from '../../src/model/principal.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';
import { CASES, DOCTOR_EVERY, TASK_IDS } from '../fixtures/equivalence/cases.mjs';
import { runCli } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'billing-access-equivalence-'));
const tasks = TASK_IDS.flatMap((t) => ['--task', t]);
const json = async (args: string[]): Promise<{ source: { kind: string } }> => {
  const r = await runCli(args, { timeoutMs: 110_000 });
  expect([0, 1, 3]).toContain(r.code);
  const out = JSON.parse(r.stdout) as { source: { kind: string } };
  // The file name differs from the recording's; everything else must not.
  return { ...out, source: { kind: out.source.kind } };
};

describe.each(CASES)('$name: the same answers as before the optimisations', ({ name, principals, seed }) => {
  const recorded = JSON.parse(readFileSync(`test/fixtures/equivalence/${name}.json`, 'utf8')) as {
    audit: Record<ActionSet, { principals: AuditRow[] }>;
    doctor: unknown[];
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(generateSnapshot(principals, seed)));

  it('audit --json, every page, fine-grained and legacy action sets', async () => {
    expect(recorded.audit['fine-grained'].principals).toHaveLength(principals);
    expect(await json(['audit', '--snapshot', file, ...tasks, '--json'])).toEqual(recorded.audit['fine-grained']);
    expect(await json(['audit', '--snapshot', file, ...tasks, '--action-set', 'legacy', '--json'])).toEqual(recorded.audit.legacy);
  });

  it(`doctor --json for every ${DOCTOR_EVERY}th principal (verified remediation included)`, async () => {
    const arns = recorded.audit['fine-grained'].principals.map((p) => p.principal.arn).filter((_, i) => i % DOCTOR_EVERY === 0);
    expect(arns.length).toBe(recorded.doctor.length);
    for (const [i, arn] of arns.entries()) {
      expect(await json(['doctor', '--snapshot', file, '--principal', arn, ...tasks, '--json', '--no-interactive'])).toEqual(recorded.doctor[i]);
    }
  });
});

describe('audit shares one context per principal across pages', () => {
  it('the same cells as the checklist run on a context built for each page alone', () => {
    const model = buildAccountModel(generateSnapshot(120, 11) as SnapshotV1, loadShippedManagedPolicies());
    for (const set of ['fine-grained', 'legacy'] as const) {
      const rows = auditAccount(model, TASKS, { actionSet: set });
      const entities = [...model.users.values(), ...model.roles.values()].filter((e) => !e.path.startsWith('/aws-service-role/'));
      expect(rows.map((r) => r.principal.arn)).toEqual(entities.map((e) => e.arn));
      rows.forEach((row, i) => {
        const principal = principalOf(entities[i]!, model);
        const reference = TASKS.map((task) => {
          const run = runChecks(model, principal, { tasks: [task], actionSet: set });
          const unknown = run.outcomes.filter((o) => o.status === 'unknown');
          const blockedBy = run.outcomes.filter((o) => o.status === 'fail').map((o) => o.id);
          return { task: task.id, verdict: run.verdict, blockedBy, undecided: unknown.map((o) => o.id), missing: unknown.map((o) => missingFact(run, o)) };
        });
        expect(row.cells).toEqual(reference);
      });
    }
  });
});
