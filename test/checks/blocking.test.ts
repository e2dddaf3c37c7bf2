/**
 * audit's fast path (issue 15) gives exactly the answers of the full path. Each check's `blocking`
 * (its status decided without building summary, evidence or remediation) equals the status its
 * `run` gives, on every principal × page of generated accounts and of every snapshot fixture the
 * suite holds; and audit's rows, built from `blocking`, equal the cells of the full checklist run
 * on each page alone (test/e2e/equivalence.test.ts compares the CLI's JSON with recorded outputs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { auditable, auditAccount, missingFact, type AuditSettings } from '../../src/checks/audit.js';
import { buildContext, contextsByTask } from '../../src/checks/context.js';
import { runChecks } from '../../src/checks/diagnose.js';
import { CHECKS } from '../../src/checks/index.js';
import { blockingOf, type DiagnoseOptions } from '../../src/checks/types.js';
import { TASKS } from '../../src/model/catalogue.js';
import { principalOf, resolvePrincipal } from '../../src/model/principal.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { parseJsonText } from '../../src/sources/json-error.js';
import { parseSnapshot } from '../../src/sources/file.js';
import { model } from './builders.js';

/** Every JSON file under these folders that loads as a snapshot (the others are not snapshots, or are malformed on purpose). */
function fixtureSnapshots(dirs: readonly string[]): [string, SnapshotV1][] {
  const found: [string, SnapshotV1][] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) {
        try {
          found.push([path, parseSnapshot(parseJsonText(readFileSync(path, 'utf8'), path), path)]);
        } catch {
          // Not a snapshot: an expect file, a CloudTrail event, a corpus case that must not load.
        }
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return found;
}

const fixtures = fixtureSnapshots(['test/fixtures', 'test/corpus', 'examples']);
const generated = generateSnapshot(30, 5) as SnapshotV1;
const accounts: [string, SnapshotV1][] = [
  ['generated', generated],
  ['generated, activation not recorded', { ...generated, account: { id: generated.account!.id } }],
  ['generated, no organization read', { ...generated, organizations: undefined }],
  ['generated, without the users\' facts', { ...generated, users: {} }],
  // Attached policies and boundaries that are not in the snapshot: unresolved, so undecided.
  ['generated, some policies missing', { ...generated, iam: { ...generated.iam, Policies: generated.iam!.Policies!.filter((_, i) => i % 4 !== 1) } }],
  ['generated, SCPs not read', { ...generated, organizations: { ...generated.organizations!, policies: undefined } }],
  ...fixtures,
];

it('reads enough fixture snapshots to mean something', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(60);
});

const withBlocking = CHECKS.filter((c) => c.blocking !== undefined);

/** The flags audit and doctor pass that change statuses. */
const OPTIONS: Omit<DiagnoseOptions, 'tasks'>[] = [
  { actionSet: 'fine-grained' },
  { actionSet: 'legacy' },
  { actionSet: 'fine-grained', mfa: 'no' },
  { actionSet: 'fine-grained', mfa: 'yes', activation: 'disabled' },
];

describe.each(accounts)('%s', (name, snapshot) => {
  const m = model(snapshot);
  const principals = [...auditable(m), ...m.roles.values()].filter((e, i, all) => all.indexOf(e) === i).map((e) => principalOf(e, m));
  if (m.accountId !== undefined) principals.push(resolvePrincipal(m, 'root'));

  it('every check with a fast path gives the status its run gives, on every principal × page', () => {
    expect(withBlocking.map((c) => c.id).sort()).toEqual(['boundary', 'identity-policy', 'mfa', 'region', 'scp']);
    for (const options of OPTIONS) {
      for (const principal of principals) {
        const pages = contextsByTask({ ...buildContext(m, principal, { tasks: TASKS, ...options }), statusOnly: true });
        pages.forEach((ctx, i) => {
          for (const check of withBlocking) {
            expect(check.blocking!(ctx), `${check.id} ${principal.arn} ${TASKS[i]!.id} ${JSON.stringify(options)}`).toBe(blockingOf(check.run(ctx).status));
          }
        });
      }
    }
  });

  // The generated variants change facts, not flags: one setting each keeps the file quick.
  const flags: AuditSettings[] = [{ actionSet: 'fine-grained' }, { actionSet: 'legacy', activation: 'disabled' }];
  it.each(name.startsWith('generated,') ? flags.slice(0, 1) : flags)('audit rows equal the full checklist on each page alone (%o)', (settings) => {
    const rows = auditAccount(m, TASKS, settings).filter((r) => r.principal.type !== 'identity-center-user');
    const entities = auditable(m);
    expect(rows.map((r) => r.principal.arn)).toEqual(entities.map((e) => e.arn));
    rows.forEach((row, i) => {
      const principal = principalOf(entities[i]!, m);
      const full = TASKS.map((task) => {
        const run = runChecks(m, principal, { tasks: [task], ...settings });
        const unknown = run.outcomes.filter((o) => o.status === 'unknown');
        const blockedBy = run.outcomes.filter((o) => o.status === 'fail').map((o) => o.id);
        return { task: task.id, verdict: run.verdict, blockedBy, undecided: unknown.map((o) => o.id), missing: unknown.map((o) => missingFact(run, o)) };
      });
      expect(row.cells, row.principal.arn).toEqual(full);
    });
  });
});
