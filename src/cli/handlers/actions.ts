import type { Io } from '../../io.js';
import type { Format } from '../spec.js';
import { EXIT } from '../../errors.js';
import { TASK_IDS, selectTasks, type ActionSet } from '../../model/catalogue.js';
import { actionsJson, actionsMarkdown, actionsText } from '../../render/actions.js';
import { inertJson } from '../../render/inert.js';

/** `billing-access actions`: prints the catalogue, all pages or the ones given with --task. */
export async function actions(options: Record<string, unknown>, io: Io): Promise<number> {
  const set = (options.actionSet ?? 'fine-grained') as ActionSet;
  const format = (options.format ?? 'text') as Format;
  const requested = (options.task as string[] | undefined) ?? [];
  const tasks = selectTasks(requested, TASK_IDS);

  if (format === 'json') io.out(inertJson(actionsJson(tasks, set), 2) + '\n');
  else if (format === 'markdown') io.out(actionsMarkdown(tasks, set));
  else io.out(actionsText(tasks, set, requested.length > 0));
  return EXIT.ok;
}
