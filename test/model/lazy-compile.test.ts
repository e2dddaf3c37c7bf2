/**
 * Policies are compiled when first used: building the model of a large snapshot compiles nothing
 * per principal, and a one-principal diagnosis compiles a handful (its own, its groups', the SCPs).
 */
import { describe, expect, it, vi } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { diagnose } from '../../src/checks/diagnose.js';
import { compilePolicy } from '../../src/engine/index.js';
import { buildAccountModel } from '../../src/model/account.js';
import { DEFAULT_TASKS, taskById } from '../../src/model/catalogue.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';

vi.mock('../../src/engine/index.js', async (original) => {
  const engine = await original<typeof import('../../src/engine/index.js')>();
  return { ...engine, compilePolicy: vi.fn(engine.compilePolicy) };
});

describe('lazy compilation', () => {
  it('a 2,000-principal model compiles no policy until asked, and one diagnosis only a handful', () => {
    const snapshot = generateSnapshot(2000, 5) as SnapshotV1;
    const compiles = vi.mocked(compilePolicy);
    compiles.mockClear();
    const model = buildAccountModel(snapshot, loadShippedManagedPolicies());
    const atBuild = compiles.mock.calls.length;
    // The SCPs (one organization path for the account) may be compiled with the model; nothing per principal.
    expect(atBuild).toBeLessThanOrEqual(5);
    diagnose(model, 'user00042', { tasks: DEFAULT_TASKS.map(taskById), actionSet: 'fine-grained', source: { kind: 'snapshot' }, verify: false });
    expect(compiles.mock.calls.length - atBuild).toBeLessThan(15);
    expect(snapshot.iam.Policies.length + snapshot.iam.UserDetailList.length / 3).toBeGreaterThan(500);
  });
});
