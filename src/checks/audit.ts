/**
 * audit: every user and role × console page, and drift against an allow-list. Pure: the model is
 * indexed and its policies compiled once, so the cost grows linearly with the principals.
 */
import { usageError } from '../errors.js';
import type { AccountModel, Entity } from '../model/account.js';
import { TASK_IDS, isTaskId, type ActionSet, type TaskId, type TaskSpec } from '../model/catalogue.js';
import type { CheckId, Diagnosis, PrincipalType, Verdict } from '../model/diagnosis.js';
import { principalOf } from '../model/principal.js';
import { buildContext, contextForTask } from './context.js';
import { runChecksIn } from './diagnose.js';

export interface AuditCell {
  task: TaskId;
  verdict: Verdict;
  /** Failing checks (verdict denied). */
  blockedBy: CheckId[];
  /** Undecided checks (verdict inconclusive). */
  undecided: CheckId[];
}

export interface AuditRow {
  principal: { arn: string; type: PrincipalType; name: string };
  cells: AuditCell[];
}

/** `{ "<principal ARN or name, * wildcards>": ["bills", ...] }`, validated. */
export type ExpectList = ReadonlyMap<string, readonly TaskId[]>;

export interface DriftEntry {
  principal: string;
  tasks: TaskId[];
}

export interface Drift {
  /** Allowed but not on the allow-list. */
  gained: DriftEntry[];
  /** On the allow-list but denied. */
  lost: DriftEntry[];
  /** On the allow-list but inconclusive (some fact is missing). */
  unconfirmed: DriftEntry[];
  /** Allow-list entries without wildcards that name no principal in the snapshot (deleted or renamed: access lost). */
  missing: DriftEntry[];
}

export interface AuditResult {
  schemaVersion: 1;
  source: Diagnosis['source'];
  tasks: TaskId[];
  principals: AuditRow[];
  drift?: Drift;
}

/** People-usable principals: users and roles, minus service-linked roles (only their service uses them). */
function auditable(model: AccountModel): Entity[] {
  return [...model.users.values(), ...model.roles.values()].filter((e) => !e.path.startsWith('/aws-service-role/'));
}

/**
 * One context per principal for all pages (each distinct action evaluated once per scenario), then
 * the checklist per page on that context narrowed to the page, asking for statuses only: the same
 * cells as a diagnosis of each page alone.
 */
export function auditAccount(model: AccountModel, tasks: readonly TaskSpec[], actionSet: ActionSet): AuditRow[] {
  return auditable(model).map((entity) => {
    const principal = principalOf(entity);
    const all = buildContext(model, principal, { tasks, actionSet });
    return {
      principal: { arn: principal.arn, type: principal.type, name: principal.name },
      cells: tasks.map((task) => {
        const { outcomes, verdict } = runChecksIn({ ...contextForTask(all, task), statusOnly: true });
        return {
          task: task.id,
          verdict,
          blockedBy: outcomes.filter((o) => o.status === 'fail').map((o) => o.id),
          undecided: outcomes.filter((o) => o.status === 'unknown').map((o) => o.id),
        };
      }),
    };
  });
}

/** Validates a parsed expect file; every problem names the file and the JSON path. */
export function parseExpect(json: unknown, fileName: string): ExpectList {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw usageError(`${fileName}: $: expected an object mapping principal patterns to lists of tasks`);
  }
  const list = new Map<string, TaskId[]>();
  for (const [pattern, tasks] of Object.entries(json)) {
    const path = `$[${JSON.stringify(pattern)}]`;
    if (pattern.trim() === '') throw usageError(`${fileName}: ${path}: empty principal pattern`);
    if (!Array.isArray(tasks)) throw usageError(`${fileName}: ${path}: expected an array of task ids`);
    tasks.forEach((t: unknown, i) => {
      if (typeof t !== 'string' || !isTaskId(t)) {
        throw usageError(`${fileName}: ${path}[${i}]: ${JSON.stringify(t)} is not a task id (valid: ${TASK_IDS.join(', ')})`);
      }
    });
    list.set(pattern, tasks as TaskId[]);
  }
  return list;
}

function globToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, flags);
}

/** A pattern matches a principal's ARN (case-sensitively, as ARNs are) or its name (case-insensitively, as IAM names are). */
export function patternMatches(pattern: string, principal: { arn: string; name: string }): boolean {
  return pattern.startsWith('arn:') ? globToRegExp(pattern, '').test(principal.arn) : globToRegExp(pattern, 'i').test(principal.name);
}

export function compareExpect(rows: readonly AuditRow[], expected: ExpectList): Drift {
  const drift: Drift = { gained: [], lost: [], unconfirmed: [], missing: [] };
  for (const row of rows) {
    const allowed = new Set([...expected].filter(([pattern]) => patternMatches(pattern, row.principal)).flatMap(([, tasks]) => tasks));
    const pick = (keep: (cell: AuditCell) => boolean): TaskId[] => row.cells.filter(keep).map((c) => c.task);
    const entries: [keyof Drift, TaskId[]][] = [
      ['gained', pick((c) => c.verdict === 'allowed' && !allowed.has(c.task))],
      ['lost', pick((c) => c.verdict === 'denied' && allowed.has(c.task))],
      ['unconfirmed', pick((c) => c.verdict === 'inconclusive' && allowed.has(c.task))],
    ];
    for (const [kind, tasks] of entries) if (tasks.length > 0) drift[kind].push({ principal: row.principal.arn, tasks });
  }
  for (const [pattern, tasks] of expected) {
    if (!pattern.includes('*') && tasks.length > 0 && !rows.some((row) => patternMatches(pattern, row.principal))) {
      drift.missing.push({ principal: pattern, tasks: [...tasks] });
    }
  }
  return drift;
}
