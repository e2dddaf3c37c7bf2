/**
 * Check.scope is true for every check that declares it: run status-only (as audit runs them) on a
 * context where everything the scope leaves out throws when read, each gives the outcome it gives
 * on the real context. So audit may reuse a `principal` outcome on every page of that principal,
 * and a `page` outcome for every principal of that type on that page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { buildContext, contextsByTask } from '../../src/checks/context.js';
import { CHECKS } from '../../src/checks/index.js';
import type { CheckContext } from '../../src/checks/types.js';
import { TASKS } from '../../src/model/catalogue.js';
import { principalOf, resolvePrincipal } from '../../src/model/principal.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { model } from './builders.js';

/** An object whose listed fields throw when read: the check must not need them. */
function without<T extends object>(value: T, fields: readonly string[], what: string): T {
  return new Proxy(value, {
    get(target, field, receiver) {
      if (typeof field === 'string' && fields.includes(field)) throw new Error(`${what}.${field} read outside the check's scope`);
      return Reflect.get(target, field, receiver) as unknown;
    },
  });
}

const CONTEXT_FIELDS: (keyof CheckContext)[] = ['options', 'layers', 'unresolved', 'mfa', 'scenario', 'request', 'evaluations', 'otherSet', 'conditionKeys'];

/** The context as the scope lets the check see it. */
function scoped(ctx: CheckContext, scope: 'principal' | 'page'): CheckContext {
  if (scope === 'principal') return without(ctx, CONTEXT_FIELDS, 'ctx');
  const principal = without(ctx.principal, ['arn', 'name', 'entity', 'permissionSet', 'permissionSetArn', 'serviceLinked'], 'principal');
  return without({ ...ctx, principal }, CONTEXT_FIELDS.filter((f) => f !== 'options'), 'ctx');
}

const identityCenter = JSON.parse(readFileSync(new URL('../fixtures/checks/identity-center-users.json', import.meta.url), 'utf8')) as SnapshotV1;
const generated = generateSnapshot(60, 13) as SnapshotV1;
/** Activation unknown or off in a member account: the checks' other branches (root password route, SCP on root). */
const activationUnknown: SnapshotV1 = { ...generated, account: { id: generated.account!.id } };
const activationOff: SnapshotV1 = { ...generated, account: { id: generated.account!.id, iamUserAccessToBilling: 'disabled' } };

const declared = CHECKS.filter((c) => c.scope !== undefined);

describe.each([
  ['a generated account', generated],
  ['activation not recorded', activationUnknown],
  ['activation off', activationOff],
  ['an account with Identity Center roles', identityCenter],
])('%s', (_, snapshot) => {
  const m = model(snapshot);
  const principals = [...[...m.users.values(), ...m.roles.values()].map((e) => principalOf(e, m)), ...(m.accountId ? [resolvePrincipal(m, 'root')] : [])];

  it('declares scopes on the principal- and page-only checks', () => {
    expect(declared.map((c) => `${c.id}:${c.scope}`).sort()).toEqual(['activation:page', 'identity-center:principal', 'management-only:page', 'principal:principal', 'root-user:principal']);
  });

  it('each declared check gives the same outcome when it can read only its scope', () => {
    for (const principal of principals) {
      const pages = contextsByTask(buildContext(m, principal, { tasks: TASKS, actionSet: 'fine-grained' }));
      for (const [i, task] of TASKS.entries()) {
        const ctx: CheckContext = { ...pages[i]!, statusOnly: true };
        for (const check of declared) expect(check.run(scoped(ctx, check.scope!)), `${check.id} ${principal.arn} ${task.id}`).toEqual(check.run(ctx));
      }
    }
  });
});
