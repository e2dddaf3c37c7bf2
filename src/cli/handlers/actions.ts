import type { Io } from '../io.js';
import type { Format } from '../spec.js';
import { EXIT, usageError } from '../../errors.js';
import { TASKS, TASK_IDS, isTaskId, taskById, type ActionSet, type TaskSpec } from '../../model/catalogue.js';
import { actionsJson, actionsMarkdown, actionsText } from '../../render/actions.js';

/** `billing-access actions`: prints the catalogue, all pages or the ones given with --task. */
export async function actions(options: Record<string, unknown>, io: Io): Promise<number> {
  const set = (options.actionSet ?? 'fine-grained') as ActionSet;
  const format = (options.format ?? 'text') as Format;
  const requested = (options.task as string[] | undefined) ?? [];
  const tasks = selectTasks(requested);

  if (format === 'json') io.out(JSON.stringify(actionsJson(tasks, set), null, 2) + '\n');
  else if (format === 'markdown') io.out(actionsMarkdown(tasks, set));
  else io.out(actionsText(tasks, set, requested.length > 0));
  return EXIT.ok;
}

function selectTasks(requested: readonly string[]): readonly TaskSpec[] {
  if (requested.length === 0) return TASKS;
  for (const id of requested) {
    if (!isTaskId(id)) throw usageError(`--task ${id}: unknown task; valid tasks: ${TASK_IDS.join(', ')}`);
  }
  return [...new Set(requested)].map((id) => taskById(id as TaskSpec['id']));
}
