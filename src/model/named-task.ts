/**
 * The "page" a denial stands for: exactly the actions AWS named (design section 8). It behaves
 * like a catalogue page for the checks: whether "Activate IAM Access" governs it comes from the
 * pages that list the same actions, or from the console-named list, or from the service.
 */
import { consoleNamedAction } from './console-actions.js';
import { LEGACY_ACTION_MAPPING, TASKS, type TaskSpec } from './catalogue.js';

/** The id the named actions are reported under (`tasks`, `actions[].task`). */
export const NAMED_TASK_ID = 'named-actions';

export interface NamedActionsTask extends Omit<TaskSpec, 'id' | 'group'> {
  id: typeof NAMED_TASK_ID;
  /** The resource ARN the denial names, by lower-case action: evaluated instead of the console's default. */
  resources?: ReadonlyMap<string, string>;
}

/** A catalogue page or the actions a denial named: what the checks diagnose. */
export type ConsoleTask = TaskSpec | NamedActionsTask;

const serviceOf = (action: string): string => action.slice(0, action.indexOf(':')).toLowerCase();

/**
 * Whether the activation setting governs an action: as its catalogue pages say, else as the
 * console-named list says, else as the pages of its service say (the setting governs Billing and
 * Cost Management pages, not the Account page: seeds/billing-guide-managing-access.txt).
 */
function activationApplies(action: string): boolean {
  const lower = action.toLowerCase();
  const pages = TASKS.filter((t) => [...t.actions, ...t.legacyActions].some((a) => a.toLowerCase() === lower));
  if (pages.length > 0) return pages.some((t) => t.activationApplies);
  const named = consoleNamedAction(action);
  if (named) return named.activationApplies;
  const service = serviceOf(action);
  const sameService = TASKS.filter((t) => [...t.actions, ...t.legacyActions].some((a) => serviceOf(a) === service));
  return sameService.some((t) => t.activationApplies);
}

/** The retired actions that stood for an action before the 2023 migration (itself when none did). */
function legacyFor(action: string): string[] {
  const lower = action.toLowerCase();
  const old = Object.entries(LEGACY_ACTION_MAPPING)
    .filter(([, replacements]) => replacements.some((r) => r.toLowerCase() === lower))
    .map(([legacy]) => legacy);
  return old.length > 0 ? old : [action];
}

/** The task that diagnoses exactly these actions. */
export function namedActionsTask(actions: readonly string[], sources: readonly string[], resources?: ReadonlyMap<string, string>): NamedActionsTask {
  const unique = [...new Map(actions.map((a) => [a.toLowerCase(), a])).values()];
  return {
    ...(resources && resources.size > 0 ? { resources } : {}),
    id: NAMED_TASK_ID,
    title: `the actions the denial names (${unique.join(', ')})`,
    actions: unique,
    legacyActions: [...new Set(unique.flatMap(legacyFor))],
    activationApplies: unique.some(activationApplies),
    sources: [...sources],
  };
}
