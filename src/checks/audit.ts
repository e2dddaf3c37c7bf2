/**
 * audit: every user and role × console page, and drift against an allow-list. Pure: the model is
 * indexed and its policies compiled once, so the cost grows linearly with the principals.
 */
import { EXIT, usageError } from '../errors.js';
import { compilePattern } from '../engine/index.js';
import type { AccountModel, Entity } from '../model/account.js';
import { TASK_IDS, isTaskId, type ActionSet, type TaskId, type TaskSpec } from '../model/catalogue.js';
import type { CheckId, Diagnosis, PrincipalType, Verdict } from '../model/diagnosis.js';
import { permissionSetOf, principalOf } from '../model/principal.js';
import type { ActivationState } from '../model/snapshot.js';
import { undecidedKeys } from './attribution.js';
import { buildContext, contextsByTask } from './context.js';
import { runOne, verdictOf, type DiagnoseRun } from './diagnose.js';
import { CHECKS } from './index.js';
import { candidatesOf, judgeUser, type Candidate } from './identity-center-user.js';
import { blockingOf, type Blocking, type Check, type CheckContext, type CheckOutcome } from './types.js';

export interface AuditCell {
  task: TaskId;
  verdict: Verdict;
  /** Failing checks (verdict denied). */
  blockedBy: CheckId[];
  /** Undecided checks (verdict inconclusive). */
  undecided: CheckId[];
  /** For each undecided check, in the same order: the fact the snapshot lacks and how to supply it. */
  missing: string[];
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
export function auditable(model: AccountModel): Entity[] {
  return [...model.users.values(), ...model.roles.values()].filter((e) => !e.path.startsWith('/aws-service-role/'));
}

/**
 * Why a check could not decide, as the missing fact and the flag that supplies it, so a CI job that
 * ends inconclusive says what to add rather than only which check.
 */
export function missingFact(run: { ctx: CheckContext }, outcome: CheckOutcome): string {
  const { ctx } = run;
  if (outcome.id === 'activation') return '"Activate IAM Access" not recorded: --activation enabled|disabled';
  if (outcome.id === 'principal') return 'console password not read: snapshot without --principal';
  if (outcome.id === 'management-only' || (outcome.id === 'scp' && ctx.model.snapshot.organizations === undefined)) {
    return 'organization not read: billing-access snapshot';
  }
  if (outcome.id === 'scp' && ctx.model.scp.status === 'unknown') return 'SCPs not read: snapshot --org-profile <management profile>';
  const layer = outcome.id === 'scp' ? 'scp' : outcome.id === 'boundary' ? 'boundary' : 'identity';
  const keys = undecidedKeys(ctx, layer);
  if (keys.length > 0) return `depends on ${keys.join(', ')}: add it to the snapshot's "context"`;
  const unresolved = [...ctx.unresolved.identity, ...(ctx.unresolved.boundary ? [ctx.unresolved.boundary] : [])];
  if (unresolved.length > 0) return `${unresolved.join(', ')} not in the snapshot: billing-access snapshot`;
  return outcome.summary;
}

/** Flags that change every cell: the action set and the facts no API reads. */
export interface AuditSettings {
  actionSet: ActionSet;
  /** `--activation`; absent or `unknown` = use the snapshot. */
  activation?: ActivationState;
}

/**
 * A page's checklist as its cell needs it: the verdict, and in checklist order the checks that
 * block it, failing (by id) or undecided (with the outcome, which missingFact reads).
 */
export interface PageRun {
  ctx: CheckContext;
  verdict: Verdict;
  outcomes: BlockingOutcome[];
}

/** A failing check, or a check's whole outcome. */
export type BlockingOutcome = { id: CheckId; status: 'fail' } | CheckOutcome;

/** A principal's cell for one page, from its checklist run on that page. */
export function cellOf(task: TaskId, run: PageRun | DiagnoseRun): AuditCell {
  const blockedBy: CheckId[] = [];
  const undecided: CheckId[] = [];
  const missing: string[] = [];
  for (const o of run.outcomes) {
    if (o.status === 'fail') blockedBy.push(o.id);
    else if (o.status === 'unknown') {
      undecided.push(o.id);
      missing.push(missingFact(run, o));
    }
  }
  return { task, verdict: run.verdict, blockedBy, undecided, missing };
}

/**
 * An Identity Center user's cell for one page, judged as `doctor --principal <her>` judges her:
 * the set that opens the page, else the closest one; with no provisioned set, the
 * `identity-center` check fails (or is undecided when a failed read may hide one of her sets).
 */
function userCellOf(task: TaskId, model: AccountModel, candidates: readonly Candidate<PageRun>[]): AuditCell {
  const { verdict, shown, incomplete } = judgeUser(model, candidates);
  const cell = shown?.run !== undefined ? cellOf(task, shown.run) : { task, verdict, blockedBy: [], undecided: [], missing: [] };
  if (verdict === 'allowed') return cell;
  if (verdict === 'denied') return { ...cell, blockedBy: cell.blockedBy.length > 0 ? cell.blockedBy : ['identity-center'] };
  return incomplete === undefined ? cell : { ...cell, verdict, undecided: [...cell.undecided, 'identity-center'], missing: [...cell.missing, `${incomplete}: read Identity Center again`] };
}

/**
 * Equal cells as one object, shared by the rows that have it: an audit of 10,000 principals × 30
 * pages has some 1,500 distinct cells, and 300,000 kept apart fill the heap (and the collector's
 * time) for nothing. Cells are values: nothing changes one after it is made.
 */
function cellInterner(): (task: TaskId, run: PageRun) => AuditCell {
  const known = new Map<string, AuditCell>();
  return (task, run) => {
    // The key from the outcomes, so a cell seen before costs no arrays.
    let key = `${task} ${run.verdict}`;
    for (const o of run.outcomes) {
      if (o.status === 'fail') key += ` ${o.id}`;
      else if (o.status === 'unknown') key += ` ?${o.id}=${JSON.stringify(missingFact(run, o))}`;
    }
    let cell = known.get(key);
    if (cell === undefined) known.set(key, (cell = cellOf(task, run)));
    return cell;
  };
}

/** A check's blocking, or unknown when it throws (as runOne makes its outcome). */
function blockingIn(check: Check, ctx: CheckContext): Blocking {
  try {
    return check.blocking ? check.blocking(ctx) : blockingOf(check.run(ctx).status);
  } catch {
    return 'unknown';
  }
}

/**
 * One context per principal for all pages (each distinct action evaluated once per scenario), then
 * the checklist per page on that context narrowed to the page, asking for statuses only: the same
 * cells as a diagnosis of each page alone. With the snapshot's Identity Center part, each of its
 * users is a row too, from the runs of her permission sets' roles.
 */
export function auditAccount(model: AccountModel, tasks: readonly TaskSpec[], settings: AuditSettings): AuditRow[] {
  return joinSlices([auditSlice(model, tasks, settings, WHOLE)]);
}

/**
 * A part of an audit that can run on its own (another thread): every `of`-th principal from
 * `index`, and, when `people`, the Identity Center users' rows. Principals are independent, so
 * the parts together give the whole audit (joinSlices).
 */
export interface AuditSlice {
  index: number;
  of: number;
  people: boolean;
}

const WHOLE: AuditSlice = { index: 0, of: 1, people: true };

/** One slice's rows: its principals in order, then (if it has them) the Identity Center users. */
export interface SliceRows {
  principals: AuditRow[];
  people: AuditRow[];
}

/** auditAccount for one slice. */
export function auditSlice(model: AccountModel, tasks: readonly TaskSpec[], { actionSet, activation }: AuditSettings, slice: AuditSlice): SliceRows {
  // Outcomes of `page` checks by principal type, then page (Check.scope).
  const byType = new Map<PrincipalType, Map<CheckId, CheckOutcome>[]>();
  const runsOf = (entity: Entity): PageRun[] => {
    const principal = principalOf(entity, model);
    const all = buildContext(model, principal, { tasks, actionSet, ...(activation ? { activation } : {}) });
    let byPage = byType.get(principal.type);
    if (byPage === undefined) byType.set(principal.type, (byPage = tasks.map(() => new Map())));
    const byPrincipal = new Map<CheckId, CheckOutcome>();
    return contextsByTask({ ...all, statusOnly: true }).map((ctx, i): PageRun => {
      const outcomes: BlockingOutcome[] = [];
      for (const check of CHECKS) {
        if (check.scope !== undefined) {
          const memo = check.scope === 'principal' ? byPrincipal : byPage[i]!;
          let outcome = memo.get(check.id);
          if (outcome === undefined) memo.set(check.id, (outcome = runOne(check, ctx)));
          if (outcome.status === 'fail' || outcome.status === 'unknown') outcomes.push(outcome);
          continue;
        }
        // Only an undecided check's outcome is built: its missing fact may need the summary.
        const blocking = blockingIn(check, ctx);
        if (blocking === 'fail') outcomes.push({ id: check.id, status: 'fail' });
        else if (blocking === 'unknown') outcomes.push(runOne(check, ctx));
      }
      return { ctx, outcomes, verdict: verdictOf(outcomes) };
    });
  };
  // Only the permission sets' roles are asked for again (by her rows): keep just theirs.
  const roleRuns = new Map<Entity, PageRun[]>();
  const cachedRunsOf = (entity: Entity): PageRun[] => {
    const known = roleRuns.get(entity);
    if (known !== undefined) return known;
    const runs = runsOf(entity);
    if (slice.people && model.identityCenter !== undefined && entity.kind === 'role' && permissionSetOf(entity.name) !== undefined) roleRuns.set(entity, runs);
    return runs;
  };
  const shared = cellInterner();
  const principals = auditable(model)
    .filter((_, i) => i % slice.of === slice.index)
    .map((entity): AuditRow => {
      const principal = principalOf(entity, model);
      const runs = cachedRunsOf(entity);
      return { principal: { arn: principal.arn, type: principal.type, name: principal.name }, cells: tasks.map((task, i) => shared(task.id, runs[i]!)) };
    });
  const ic = model.identityCenter;
  if (ic === undefined || !slice.people) return { principals, people: [] };
  const people = [...ic.users.values()].sort((a, b) => a.UserName.localeCompare(b.UserName));
  return {
    principals,
    people: people.map((user): AuditRow => {
      const candidates = candidatesOf(model, ic, user, (role) => cachedRunsOf(role)[0]!);
      const cells = tasks.map((task, i) => userCellOf(task.id, model, candidates.map((c) => (c.role !== undefined ? { ...c, run: cachedRunsOf(c.role)[i] } : c))));
      return { principal: { arn: user.UserId, type: 'identity-center-user', name: user.UserName }, cells };
    }),
  };
}

/** The whole audit's rows from the rows of slices 0…n-1 of n: principals in the account's order, then the people. */
export function joinSlices(parts: readonly SliceRows[]): AuditRow[] {
  const rows: AuditRow[] = [];
  const total = parts.reduce((n, part) => n + part.principals.length, 0);
  for (let i = 0; i < total; i++) rows.push(parts[i % parts.length]!.principals[Math.floor(i / parts.length)]!);
  for (const part of parts) rows.push(...part.people);
  return rows;
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

const NO_CONTEXT = new Map<string, readonly string[]>();

/**
 * A pattern matches a principal's ARN (case-sensitively, as ARNs are) or its name (case-insensitively,
 * as IAM names are), with `*` and `?` wildcards. The engine's linear matcher decides, never a RegExp:
 * an allow-list must not be able to cause catastrophic backtracking.
 */
export function patternMatches(pattern: string, principal: { arn: string; name: string }): boolean {
  const arn = pattern.startsWith('arn:');
  return compilePattern(pattern, { wildcards: true, variables: false, ignoreCase: !arn }).test(arn ? principal.arn : principal.name, NO_CONTEXT) === true;
}

/** Adds one row's drift: pages allowed off the list (gained), denied or undecided on it (lost, unconfirmed). */
export function addRowDrift(drift: Drift, row: AuditRow, allowed: ReadonlySet<TaskId>): void {
  const pick = (keep: (cell: AuditCell) => boolean): TaskId[] => row.cells.filter(keep).map((c) => c.task);
  const entries: [keyof Drift, TaskId[]][] = [
    ['gained', pick((c) => c.verdict === 'allowed' && !allowed.has(c.task))],
    ['lost', pick((c) => c.verdict === 'denied' && allowed.has(c.task))],
    ['unconfirmed', pick((c) => c.verdict === 'inconclusive' && allowed.has(c.task))],
  ];
  for (const [kind, tasks] of entries) if (tasks.length > 0) drift[kind].push({ principal: row.principal.arn, tasks });
}

export function compareExpect(rows: readonly AuditRow[], expected: ExpectList): Drift {
  const drift: Drift = { gained: [], lost: [], unconfirmed: [], missing: [] };
  for (const row of rows) {
    addRowDrift(drift, row, new Set([...expected].filter(([pattern]) => patternMatches(pattern, row.principal)).flatMap(([, tasks]) => tasks)));
  }
  for (const [pattern, tasks] of expected) {
    if (!/[*?]/.test(pattern) && tasks.length > 0 && !rows.some((row) => patternMatches(pattern, row.principal))) {
      drift.missing.push({ principal: pattern, tasks: [...tasks] });
    }
  }
  return drift;
}

/** A principal gained or lost a page against the allow-list, or a principal it names is gone. */
export function driftFound(drift: Drift | undefined): boolean {
  return drift !== undefined && (drift.gained.length > 0 || drift.lost.length > 0 || drift.missing.length > 0);
}

/**
 * The exit status of every audit (one account, an organization, a planned change's after state):
 * 1 when the allow-list drifted; else 3 when anything could not be known (a cell undecided, or
 * `unread` accounts not read or read with gaps), with or without --expect, since an undecided cell
 * may hide access gained or lost; else 0. So 0 always means every cell was decided.
 */
export function auditExitCode(rows: Iterable<AuditRow>, drift: Drift | undefined, unread = 0): number {
  if (driftFound(drift)) return EXIT.denied;
  if (unread > 0 || (drift?.unconfirmed.length ?? 0) > 0) return EXIT.inconclusive;
  for (const row of rows) if (row.cells.some((c) => c.verdict === 'inconclusive')) return EXIT.inconclusive;
  return EXIT.ok;
}

