/**
 * audit in slices (issue 15: threads): slice i of n audits every n-th principal from i, one slice
 * also the Identity Center users; joined, the slices give exactly the whole audit. The reference
 * is the whole audit in one piece, computed here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { auditAccount, auditSlice, joinSlices } from '../../src/checks/audit.js';
import { TASKS } from '../../src/model/catalogue.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { model } from './builders.js';

const identityCenter = JSON.parse(readFileSync(new URL('../fixtures/checks/identity-center-users.json', import.meta.url), 'utf8')) as SnapshotV1;

describe.each([
  ['a generated account of 150 principals', generateSnapshot(150, 9) as SnapshotV1],
  ['an account with Identity Center users', identityCenter],
])('%s', (_, snapshot) => {
  const m = model(snapshot);
  const settings = { actionSet: 'fine-grained' as const };
  const whole = auditAccount(m, TASKS, settings);

  it.each([2, 3, 5])('%i slices joined are the whole audit, in its order', (of) => {
    const parts = Array.from({ length: of }, (_, index) => auditSlice(m, TASKS, settings, { index, of, people: index === of - 1 }));
    expect(parts.reduce((n, p) => n + p.principals.length, 0)).toBe(whole.filter((r) => r.principal.type !== 'identity-center-user').length);
    expect(joinSlices(parts)).toEqual(whole);
  });

  it('a slice without the people has no Identity Center rows', () => {
    const part = auditSlice(m, TASKS, settings, { index: 0, of: 2, people: false });
    expect(part.people).toEqual([]);
    expect(part.principals.some((r) => r.principal.type === 'identity-center-user')).toBe(false);
  });
});
