/**
 * Property tests of issue 9 over the real snapshots of this repository (examples, check and
 * snapshot fixtures, the readable part of the corpus), with a fixed fast-check seed so a failure
 * replays: for every principal and page set,
 *  (a) making any one policy document unreadable never turns a check that was `unknown` or `fail`
 *      (or a verdict that was not ALLOWED) into a pass;
 *  (b) dropping a layer's documents (SCPs, the OU path, one target's SCPs, a managed policy such
 *      as a boundary, an inline document, the sign-in facts) never turns anything into a pass.
 * A mutated snapshot the loader refuses (exit 2) also keeps the promise; such runs are counted so
 * the test fails if the loader refused them all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/checks/diagnose.js';
import { buildAccountModel } from '../../src/model/account.js';
import { DEFAULT_TASKS, taskById, type TaskId } from '../../src/model/catalogue.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { MfaAnswer, SnapshotV1 } from '../../src/model/snapshot.js';
import { parseSnapshot } from '../../src/sources/file.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';
import { ROOT } from '../helpers/run.js';

const SEED = 20261201;
const DIRS = ['examples', 'test/fixtures/checks', 'test/fixtures/snapshots', 'test/corpus'];
const MANAGED = loadShippedManagedPolicies();

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A snapshot file as read (before the loader normalises it), and the principals it holds. */
interface Real {
  file: string;
  json: Json;
  principals: string[];
}

function realSnapshots(): Real[] {
  const out: Real[] = [];
  for (const dir of DIRS) {
    for (const name of readdirSync(`${ROOT}${dir}`).filter((n) => n.endsWith('.json')).sort()) {
      const file = `${dir}/${name}`;
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(`${ROOT}${file}`, 'utf8'));
        if (!isObject(json) || json.billingAccessSnapshot !== 1) continue;
        parseSnapshot(json, file);
      } catch {
        continue; // not a snapshot, or one the loader refuses: nothing to compare against
      }
      const iam = isObject(json.iam) ? json.iam : {};
      const arns = ['UserDetailList', 'RoleDetailList'].flatMap((list) =>
        (Array.isArray(iam[list]) ? iam[list] : []).flatMap((p: unknown) => (isObject(p) && typeof p.Arn === 'string' ? [p.Arn] : [])),
      );
      if (arns.length > 0) out.push({ file, json, principals: arns });
    }
  }
  return out;
}

/** A place in a snapshot holding one policy document, and how to damage or drop it. */
interface Site {
  what: string;
  holder: Json;
  key: string;
}

/** Every policy document of a snapshot: GAAD inline and managed versions, SCP contents. */
function documentSites(s: Json): Site[] {
  const sites: Site[] = [];
  const iam = isObject(s.iam) ? s.iam : {};
  const each = (list: unknown, f: (item: Json, i: number) => void) => (Array.isArray(list) ? list.forEach((x, i) => isObject(x) && f(x, i)) : undefined);
  for (const [list, inline] of [['UserDetailList', 'UserPolicyList'], ['GroupDetailList', 'GroupPolicyList'], ['RoleDetailList', 'RolePolicyList']] as const) {
    each(iam[list], (p, i) => each(p[inline], (pol, j) => sites.push({ what: `iam.${list}[${i}].${inline}[${j}]`, holder: pol, key: 'PolicyDocument' })));
  }
  each(iam.Policies, (p, i) => each(p.PolicyVersionList, (v, j) => sites.push({ what: `iam.Policies[${i}].PolicyVersionList[${j}]`, holder: v, key: 'Document' })));
  const org = isObject(s.organizations) ? s.organizations : undefined;
  if (org && isObject(org.policies)) {
    for (const [target, list] of Object.entries(org.policies)) each(list, (p, k) => sites.push({ what: `organizations.policies.${target}[${k}]`, holder: p, key: 'Content' }));
  }
  return sites;
}

/** Ways a document cannot be read (the kinds the issue found, each one a real snapshot could hold). */
const DAMAGE: readonly { name: string; value: unknown }[] = [
  { name: 'truncated JSON', value: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*"' },
  { name: 'bad URL-encoding', value: '%7B%22Version%22%3A%ZZ' },
  { name: 'null', value: null },
  { name: 'JSON null', value: 'null' },
  { name: 'Statement a string', value: '{"Version": "2012-10-17", "Statement": "Deny everything"}' },
  { name: 'Statement a number', value: { Version: '2012-10-17', Statement: 7 } },
  { name: 'Action empty', value: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '', Resource: '*' }] } },
  { name: 'duplicate Effect', value: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "*", "Resource": "*"}]}' },
];

/** A layer's documents dropped: the snapshot no longer holds them although they apply. */
function drops(s: Json): { name: string; apply: (copy: Json) => void }[] {
  const out: { name: string; apply: (copy: Json) => void }[] = [];
  const org = s.organizations;
  if (isObject(org)) {
    out.push({ name: 'organizations', apply: (c) => delete c.organizations });
    out.push({ name: 'organizations.parents', apply: (c) => delete (c.organizations as Json).parents });
    if (isObject(org.policies)) {
      out.push({ name: 'organizations.policies', apply: (c) => delete (c.organizations as Json).policies });
      for (const target of Object.keys(org.policies)) {
        out.push({ name: `organizations.policies.${target}`, apply: (c) => delete ((c.organizations as Json).policies as Json)[target] });
      }
    }
  }
  const iam = isObject(s.iam) ? s.iam : {};
  (Array.isArray(iam.Policies) ? iam.Policies : []).forEach((p: unknown, i) => {
    const arn = isObject(p) ? String(p.Arn) : `#${i}`;
    out.push({ name: `managed policy ${arn}`, apply: (c) => ((c.iam as Json).Policies as unknown[]).splice(i, 1) });
  });
  for (const site of documentSites(s).filter((x) => x.key !== 'Content')) {
    out.push({ name: `${site.what}.${site.key}`, apply: (c) => delete siteIn(c, site)[site.key] });
  }
  if (s.users !== undefined) out.push({ name: 'users', apply: (c) => delete c.users });
  return out;
}

/** The same site in a deep copy of the snapshot (sites are found by path, so re-find it). */
function siteIn(copy: Json, site: Site): Json {
  const found = documentSites(copy).find((x) => x.what === site.what);
  if (!found) throw new Error(`no ${site.what}`);
  return found.holder;
}

const copyOf = (s: Json): Json => structuredClone(s);

/** The doctor's answer on a snapshot as the loader gives it; undefined when the loader refuses it (exit 2). */
function doctor(json: Json, file: string, principal: string, tasks: readonly TaskId[], mfa: MfaAnswer | undefined): Diagnosis | undefined {
  let snapshot: SnapshotV1;
  try {
    snapshot = parseSnapshot(json, file);
  } catch (error) {
    if ((error as { code?: number }).code === 2) return undefined;
    throw error;
  }
  return diagnose(buildAccountModel(snapshot, MANAGED), principal, {
    actionSet: 'fine-grained',
    source: { kind: 'snapshot' },
    verify: false,
    tasks: tasks.map(taskById),
    ...(mfa === undefined ? {} : { mfa }),
  });
}

/** What became a pass (a check, or the verdict) although it was not one before. */
function newPasses(before: Diagnosis, after: Diagnosis): string[] {
  const was = new Map(before.checks.map((c) => [c.id, c.status]));
  const found = after.checks.filter((c) => c.status === 'pass' && was.get(c.id) !== 'pass').map((c) => `${c.id}: ${was.get(c.id) ?? 'absent'} → pass (${c.summary})`);
  if (after.verdict === 'allowed' && before.verdict !== 'allowed') found.push(`verdict: ${before.verdict} → allowed`);
  return found;
}

const REAL = realSnapshots();
const taskSets: readonly (readonly TaskId[])[] = [DEFAULT_TASKS, ['bills'], ['cost-explorer', 'budgets'], ['payments', 'tax-settings']];
const scenario = fc.record({
  which: fc.nat({ max: REAL.length - 1 }),
  pick: fc.nat(),
  tasks: fc.constantFrom(...taskSets),
  mfa: fc.constantFrom<MfaAnswer | undefined>(undefined, 'yes', 'no', 'unknown'),
});

describe('never a pass from what could not be read (issue 9 properties, real snapshots)', () => {
  it('finds real snapshots with documents to damage and layers to drop', () => {
    expect(REAL.length).toBeGreaterThanOrEqual(10);
    expect(REAL.filter((r) => documentSites(r.json).some((s) => s.key === 'Content')).length).toBeGreaterThanOrEqual(3);
  });

  /** Checks one property: `changes(real)` lists the mutations, one is picked; the mutated snapshot must add no pass. */
  function neverANewPass(changes: (real: Real) => { name: string; apply: (copy: Json) => void }[]): void {
    let compared = 0;
    fc.assert(
      fc.property(scenario, ({ which, pick, tasks, mfa }) => {
        const real = REAL[which]!;
        const options = changes(real);
        fc.pre(options.length > 0);
        const principal = real.principals[pick % real.principals.length]!;
        const change = options[Math.floor(pick / real.principals.length) % options.length]!;
        const before = doctor(real.json, real.file, principal, tasks, mfa);
        if (!before) throw new Error(`${real.file} no longer loads`);
        const copy = copyOf(real.json);
        change.apply(copy);
        const after = doctor(copy, real.file, principal, tasks, mfa);
        if (!after) return; // refused as bad input: exit 2, never a pass
        compared++;
        expect(newPasses(before, after), `${real.file} ${principal} ${tasks.join(',')} mfa=${mfa}: ${change.name}`).toEqual([]);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(100);
  }

  it('(a) making any document unreadable never turns unknown or fail into pass', () => {
    neverANewPass((real) =>
      documentSites(real.json).flatMap((site) =>
        DAMAGE.map((damage) => ({ name: `${site.what} ${damage.name}`, apply: (copy: Json) => void (siteIn(copy, site)[site.key] = damage.value) })),
      ),
    );
  });

  it('(b) dropping a layer\'s documents never turns anything into pass', () => {
    neverANewPass((real) => drops(real.json).map((d) => ({ name: `dropped ${d.name}`, apply: d.apply })));
  });
});
