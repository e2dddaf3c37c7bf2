/**
 * audit's Identity Center rows: each user of the snapshot's identityCenter part, one cell per page,
 * with the verdict `doctor --principal <her>` gives for that page alone, also when a failed read
 * may hide one of her permission sets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditAccount } from '../../src/checks/audit.js';
import { diagnoseIdentityCenterUser } from '../../src/checks/identity-center-user.js';
import { DEFAULT_TASKS, taskById } from '../../src/model/catalogue.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { model } from './builders.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/checks/identity-center-users.json', import.meta.url), 'utf8')) as SnapshotV1;
const TASKS = DEFAULT_TASKS.map(taskById);
const unreadAssignments: SnapshotV1 = {
  ...fixture,
  gaps: [{ part: 'identity-center', operation: 'sso-admin:ListAccountAssignments', error: 'AccessDeniedException', message: 'denied', profile: 'mgmt' }],
};

describe.each([
  ['every read answered', fixture],
  ['ListAccountAssignments refused', unreadAssignments],
])('audit rows of Identity Center users (%s)', (_, snapshot) => {
  const m = model(snapshot);
  const rows = auditAccount(m, TASKS, { actionSet: 'fine-grained' }).filter((r) => r.principal.type === 'identity-center-user');

  it('one row per user of the part, by user name', () => {
    const names = [...(snapshot.identityCenter?.users ?? [])].map((u) => u.UserName).sort((a, b) => a.localeCompare(b));
    expect(rows.map((r) => r.principal.name)).toEqual(names);
  });

  it.each(snapshot.identityCenter?.users.map((u) => [u.UserName, u] as const) ?? [])('%s: each cell is doctor’s verdict for that page', (_name, user) => {
    const row = rows.find((r) => r.principal.arn === user.UserId);
    for (const [i, task] of TASKS.entries()) {
      const d = diagnoseIdentityCenterUser(m, user, { tasks: [task], actionSet: 'fine-grained', source: { kind: 'snapshot', file: 'x.json' }, verify: false });
      const cell = row?.cells[i];
      expect(cell?.verdict, `${user.UserName} ${task.id}`).toBe(d.verdict);
      // A cell that is not allowed says why: a failing check, or an undecided one with the missing fact.
      if (cell?.verdict === 'denied') expect(cell.blockedBy.length).toBeGreaterThan(0);
      if (cell?.verdict === 'inconclusive') expect(cell.undecided.length).toBe(cell.missing.length);
      if (cell?.verdict === 'inconclusive') expect(cell.undecided.length).toBeGreaterThan(0);
    }
  });
});

it('a refused assignment read leaves no Identity Center user allowed unless one of her sets opens the page', () => {
  const rows = auditAccount(model(unreadAssignments), TASKS, { actionSet: 'fine-grained' }).filter((r) => r.principal.type === 'identity-center-user');
  const denied = rows.flatMap((r) => r.cells.filter((c) => c.verdict === 'denied'));
  // "None of her sets opens it" is not proven when her assignments could not all be read.
  expect(denied).toEqual([]);
  expect(rows.flatMap((r) => r.cells).some((c) => c.undecided.includes('identity-center'))).toBe(true);
});
