/**
 * Policies are compiled when first used: building the model of a large snapshot compiles nothing
 * per principal, and a one-principal diagnosis compiles a handful (its own, its groups', the SCPs).
 * Models built with one compile cache (the accounts of `audit --org`) compile an SCP or an AWS
 * managed policy once per distinct content, never two contents as one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { diagnose } from '../../src/checks/diagnose.js';
import { compilePolicy, parseJson } from '../../src/engine/index.js';
import { buildAccountModel, identityPolicies, type CompileCache } from '../../src/model/account.js';
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

describe('a compile cache shared by the models of a run', () => {
  const example = (): SnapshotV1 => structuredClone(parseJson(readFileSync(new URL('../../examples/eu-only-org.json', import.meta.url), 'utf8')).value) as SnapshotV1;
  const BILLING = 'arn:aws:iam::aws:policy/job-function/Billing';
  const compiledOf = (snapshot: SnapshotV1, compiled: CompileCache) => {
    const model = buildAccountModel(snapshot, loadShippedManagedPolicies(), { compiled });
    const alice = model.users.get('alice')!;
    const scps = model.scp.status === 'applies' ? model.scp.levels.flatMap((l) => l.policies.map((p) => p.compiled)) : [];
    return { billing: identityPolicies(model, alice).policies.find((p) => p.source === BILLING)!, scps, inline: model.groups.get('engineering')!.inline[0]!.compiled };
  };

  it('compiles an SCP and an AWS managed policy once for many accounts, and the account’s own policies per account', () => {
    const compiled: CompileCache = new Map();
    const compiles = vi.mocked(compilePolicy);
    compiles.mockClear();
    const first = compiledOf(example(), compiled);
    const afterFirst = compiles.mock.calls.length;
    const second = compiledOf(example(), compiled);
    expect(second.billing.statements).toBe(first.billing.statements);
    expect(second.scps.map((p) => p.statements)).toEqual(first.scps.map((p) => p.statements));
    second.scps.forEach((p, i) => expect(p.statements).toBe(first.scps[i]!.statements));
    // Only the group's inline policy was compiled again.
    expect(second.inline.statements).not.toBe(first.inline.statements);
    expect(compiles.mock.calls.length - afterFirst).toBe(1);
  });

  it('another content under the same name, or the same text with a repeated key, is compiled on its own', () => {
    const compiled: CompileCache = new Map();
    const base = example();
    const first = compiledOf(base, compiled);
    const changed = example();
    const policies = changed.organizations!.policies!;
    const level = Object.values(policies).find((list) => list.some((p) => p.PolicySummary.Id !== 'p-FullAWSAccess'))!;
    const scp = level.find((p) => p.PolicySummary.Id !== 'p-FullAWSAccess')!;
    scp.Content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ce:*', Resource: '*' }] });
    const other = compiledOf(changed, compiled);
    expect(other.scps.some((p) => p.document?.Statement?.[0]?.Action === 'ce:*')).toBe(true);
    expect(first.scps.some((p) => p.document?.Statement?.[0]?.Action === 'ce:*')).toBe(false);

    // The same document as an object, once read with a repeated key: unreadable, never the clean copy.
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}';
    const clean = example();
    const repeated = example();
    for (const [snapshot, doc] of [[clean, JSON.parse(text)], [repeated, parseJson(text).value]] as const) {
      snapshot.iam.Policies.push({ PolicyName: 'Billing', Arn: BILLING, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc as Record<string, unknown> }] });
    }
    expect(compiledOf(clean, compiled).billing.unreadable).toBeUndefined();
    expect(compiledOf(repeated, compiled).billing.unreadable).toBeDefined();
  });
});
