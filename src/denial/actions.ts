/**
 * The IAM actions the tool knows by name: every catalogue page's, the fine-grained replacements of
 * the retired actions, and those the console is known to name. Used to turn an API operation
 * (from the aws CLI's "when calling the X operation") into the action it needs.
 */
import { CONSOLE_NAMED_ACTIONS } from '../model/console-actions.js';
import { LEGACY_ACTION_MAPPING, TASKS } from '../model/catalogue.js';

function knownActions(): string[] {
  const all = [
    ...TASKS.flatMap((t) => [...t.actions, ...t.legacyActions]),
    ...Object.entries(LEGACY_ACTION_MAPPING).flatMap(([old, replacements]) => [old, ...replacements]),
    ...CONSOLE_NAMED_ACTIONS.map((a) => a.action),
  ];
  return [...new Map(all.map((a) => [a.toLowerCase(), a])).values()];
}

/**
 * The billing action an operation name stands for, when exactly one known action has that name
 * (most billing APIs name their action after the operation: GetCostAndUsage → ce:GetCostAndUsage).
 */
export function actionForOperation(operation: string): string | undefined {
  const name = operation.toLowerCase();
  const matches = knownActions().filter((a) => a.slice(a.indexOf(':') + 1).toLowerCase() === name);
  return matches.length === 1 ? matches[0] : undefined;
}

/** `service:Action` as IAM spells actions (wildcards allowed). */
export const ACTION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*:[A-Za-z0-9*?]+$/;
