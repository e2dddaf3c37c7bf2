/** The pure change model: edits applied to a copy of the snapshot, and the difference they make. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/change/apply.js';
import { diffChanges } from '../../src/change/diff.js';
import type { PlannedChange } from '../../src/change/types.js';
import { TASKS } from '../../src/model/catalogue.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';

const snapshot = (): SnapshotV1 => JSON.parse(readFileSync('test/fixtures/change/org-account.json', 'utf8')) as SnapshotV1;
const deny = JSON.parse(readFileSync('test/fixtures/change/deny-outside-eu.json', 'utf8')) as Record<string, unknown>;
const change = (id: string, edits: PlannedChange['edits'], unknown?: string): PlannedChange => ({ id, origin: { kind: 'flag' }, edits, ...(unknown ? { unknown } : {}) });
const settings = { tasks: TASKS.filter((t) => t.id === 'bills'), actionSet: 'fine-grained' as const, shipped: loadShippedManagedPolicies() };

describe('applyChanges', () => {
  it('never touches its input', () => {
    const before = snapshot();
    const text = JSON.stringify(before);
    applyChanges(before, [change('x', [{ kind: 'scp-attach', targetId: 'r-a1b2', policyId: 'new:x', name: 'x', document: deny }, { kind: 'inline-delete', owner: { kind: 'user', name: 'bob' }, name: 'billing-read' }])]);
    expect(JSON.stringify(before)).toBe(text);
  });

  it('creates a policy before anything attaches it, whatever the order of the edits', () => {
    const arn = 'arn:aws:iam::111122223333:policy/New';
    const after = applyChanges(snapshot(), [
      change('attach', [{ kind: 'managed-attach', owner: { kind: 'role', name: 'Developer' }, arn }]),
      change('create', [{ kind: 'managed-version', arn, document: deny }]),
    ]);
    expect(after.iam.Policies.find((p) => p.Arn === arn)?.PolicyVersionList).toEqual([{ VersionId: 'v1-planned', IsDefaultVersion: true, Document: deny }]);
    expect(after.iam.RoleDetailList.find((r) => r.RoleName === 'Developer')?.AttachedManagedPolicies?.map((a) => a.PolicyArn)).toContain(arn);
  });

  it('an SCP attached to a level whose SCPs were never read leaves that level unread (no invented FullAWSAccess loss)', () => {
    const s = snapshot();
    delete s.organizations!.policies!['ou-a1b2-wl5r8p2n'];
    const after = applyChanges(s, [change('x', [{ kind: 'scp-attach', targetId: 'ou-a1b2-wl5r8p2n', policyId: 'new:x', name: 'x', document: deny }])]);
    expect(after.organizations!.policies!['ou-a1b2-wl5r8p2n']).toBeUndefined();
  });
});

describe('diffChanges', () => {
  it('a document unknown until apply never leaves a cell allowed: the SCP layer becomes undecided, a boundary deny still denies', () => {
    const diff = diffChanges(snapshot(), [change('tf.scp', [{ kind: 'scp-content', policyId: 'p-3k9d2m7x', document: undefined }], 'tf.scp: content is known only after apply')], settings);
    const after = new Map(diff.after.map((row) => [row.principal.name, row.cells[0]!]));
    for (const name of ['alice', 'bob', 'FinOps']) {
      expect(after.get(name)).toMatchObject({ verdict: 'inconclusive', undecided: ['scp'], missing: ['unknown until apply: tf.scp: content is known only after apply'] });
    }
    expect(after.get('Developer')).toMatchObject({ verdict: 'denied', blockedBy: ['boundary'] });
    expect(diff.cells.every((c) => c.after === 'inconclusive' && c.causes.join() === 'tf.scp')).toBe(true);
  });

  it('the same edit with its document known decides the cells', () => {
    const diff = diffChanges(snapshot(), [change('flag', [{ kind: 'scp-content', policyId: 'p-3k9d2m7x', document: deny }])], settings);
    expect(diff.cells.map((c) => `${c.principal.name}:${c.effect}`).sort()).toEqual(
      ['AWSReservedSSO_BillingViewer_0a1b2c3d4e5f6a7b', 'FinOps', 'alice', 'bob'].map((n) => `${n}:loses`).sort(),
    );
  });
});
