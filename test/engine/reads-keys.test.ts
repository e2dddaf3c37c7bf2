/**
 * readsKeys (issue 15): audit evaluates an action again without MFA only when a statement that can
 * reach it reads an MFA key. When readsKeys says none does, the evaluation must be the same in
 * every MFA scenario: checked here on every principal × action of a generated account.
 */
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { consoleResource, principalLayers } from '../../src/checks/context.js';
import { consoleContext } from '../../src/checks/request-context.js';
import { compilePolicy, evaluate, readsKeys } from '../../src/engine/index.js';
import { buildAccountModel } from '../../src/model/account.js';
import { TASKS, taskActions } from '../../src/model/catalogue.js';
import { principalOf } from '../../src/model/principal.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';

const MFA = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];
const policy = (Statement: unknown[]) => compilePolicy({ source: 'p', document: { Version: '2012-10-17', Statement } });

describe('readsKeys', () => {
  it('is true only for actions a statement reading the key can reach (a condition or a policy variable)', () => {
    const byCondition = policy([
      { Effect: 'Allow', Action: 'ce:Get*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    ]);
    expect(readsKeys({ identity: [byCondition] }, 'ce:GetCostAndUsage', MFA)).toBe(true);
    expect(readsKeys({ identity: [byCondition] }, 's3:GetObject', MFA)).toBe(false);
    const byVariable = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:MultiFactorAuthAge}/*' }]);
    expect(readsKeys({ identity: [byVariable] }, 'S3:GETOBJECT', MFA)).toBe(true);
    const notAction = policy([{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }]);
    expect(readsKeys({ identity: [], scpLevels: [[notAction]] }, 'billing:GetBillingData', MFA)).toBe(true);
    expect(readsKeys({ identity: [], boundary: notAction }, 'iam:ListUsers', MFA)).toBe(false);
    // An Action that cannot be read may match anything.
    const unreadAction = policy([{ Effect: 'Deny', Action: 42, Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }]);
    expect(readsKeys({ identity: [unreadAction] }, 'ce:GetCostAndUsage', MFA)).toBe(true);
  });

  it('where it is false, every MFA scenario gives the same evaluation (generated account, every principal × action)', () => {
    const model = buildAccountModel(generateSnapshot(60, 3) as SnapshotV1, loadShippedManagedPolicies());
    const actions = [...new Set(TASKS.flatMap((t) => [...taskActions(t, 'fine-grained'), ...taskActions(t, 'legacy')]))];
    let compared = 0;
    for (const entity of [...model.users.values(), ...model.roles.values()]) {
      const principal = principalOf(entity, model);
      const { layers } = principalLayers(model, principal);
      const { requests } = consoleContext(model, principal, {});
      for (const action of actions) {
        if (readsKeys(layers, action, MFA)) continue;
        const [mfa, ...others] = (['mfa', 'no-mfa', 'access-keys'] as const).map((s) =>
          evaluate({ action, resource: consoleResource(model, principal, action), principalArn: principal.arn, ...requests[s] }, layers),
        );
        for (const other of others) expect(other, `${principal.arn} ${action}`).toEqual(mfa);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
