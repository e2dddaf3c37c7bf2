/** `doctor --change`: each page of one principal before and after the planned changes. Pure. */
import { runChecks } from '../checks/diagnose.js';
import type { DiagnoseOptions } from '../checks/types.js';
import type { AccountModel } from '../model/account.js';
import type { PlannedChangeNote } from '../model/diagnosis.js';
import { resolvePrincipal } from '../model/principal.js';

export function pageVerdicts(before: AccountModel, after: AccountModel, principalArn: string, changes: readonly string[], options: DiagnoseOptions): PlannedChangeNote {
  const was = resolvePrincipal(before, principalArn);
  const now = resolvePrincipal(after, principalArn);
  return {
    changes: [...changes],
    pages: options.tasks.map((task) => ({
      task: task.id,
      before: runChecks(before, was, { ...options, tasks: [task] }).verdict,
      after: runChecks(after, now, { ...options, tasks: [task] }).verdict,
    })),
  };
}
