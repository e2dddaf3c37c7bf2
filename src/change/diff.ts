/**
 * Before → after: the audit of the snapshot as it is and as the planned changes leave it, and each
 * principal × page whose verdict changes, with the change that causes it and the statement at
 * fault. Pure: snapshot, changes and shipped policies in; the difference out.
 */
import { auditSlice, type AuditCell, type AuditRow, type AuditSlice, type Drift } from '../checks/audit.js';
import { runChecks } from '../checks/diagnose.js';
import type { DiagnoseOptions } from '../checks/types.js';
import { buildAccountModel, type AccountModel } from '../model/account.js';
import type { ActionSet, TaskId, TaskSpec } from '../model/catalogue.js';
import type { CellEffect, CheckId, CheckStatus, Diagnosis, Finding, Verdict } from '../model/diagnosis.js';
import type { ShippedManagedPolicy } from '../model/managed-policy.js';
import { resolvePrincipal } from '../model/principal.js';
import type { ActivationState, MfaAnswer, SnapshotV1 } from '../model/snapshot.js';
import { applyChanges } from './apply.js';
import { scpOnPath } from './snapshot-facts.js';
import { UNKNOWN_TARGET, type PlannedChange, type SnapshotEdit } from './types.js';

export type { CellEffect, Finding };

/** Every IAM principal, no Identity Center user rows. */
const IAM_ONLY: AuditSlice = { index: 0, of: 1, people: false };

export interface CellChange {
  principal: AuditRow['principal'];
  task: TaskId;
  /** `absent`: the principal is created by the change. */
  before: Verdict | 'absent';
  /** `absent`: the principal is deleted by the change. */
  after: Verdict | 'absent';
  effect: CellEffect;
  /** Ids of the changes that cause it (`--change` arguments or resource addresses). */
  causes: string[];
  /** For a loss: what denies after the change; for a gain: what denied before; else what is undecided. */
  findings: Finding[];
  /** Values unknown until apply that leave the cell undecided. */
  unresolved?: string[];
}

export interface ChangeDiff {
  before: AuditRow[];
  after: AuditRow[];
  cells: CellChange[];
}

export interface DiffSettings {
  tasks: readonly TaskSpec[];
  actionSet: ActionSet;
  /** `--activation`; absent = use the snapshot. */
  activation?: ActivationState;
  /** doctor's `--mfa`; absent = not said. */
  mfa?: MfaAnswer;
  shipped: ReadonlyMap<string, ShippedManagedPolicy>;
}

/** The check of the layer an edit changes, and every check a document of unknown content there could change. */
function layerChecks(edit: SnapshotEdit): { layer: CheckId; reach: CheckId[] } {
  if (edit.kind.startsWith('scp-')) return { layer: 'scp', reach: ['scp', 'mfa', 'region'] };
  if (edit.kind === 'boundary-set') return { layer: 'boundary', reach: ['boundary', 'mfa', 'region'] };
  // A managed policy may be someone's boundary too.
  return { layer: 'identity-policy', reach: ['identity-policy', 'boundary', 'mfa', 'region'] };
}

/** ARNs of the principals an edit can change, judged on the after-model (a group edit reaches its members). */
function affected(model: AccountModel, snapshot: SnapshotV1, edit: SnapshotEdit): Set<string> {
  const entities = [...model.users.values(), ...model.roles.values()];
  const uses = (arn: string): string[] =>
    entities
      .filter((e) => e.attached.includes(arn) || e.boundaryArn === arn || (e.groups ?? []).some((g) => model.groups.get(g.toLowerCase())?.attached.includes(arn)))
      .map((e) => e.arn);
  switch (edit.kind) {
    case 'scp-content':
    case 'scp-attach':
    case 'scp-detach': {
      const onPath = edit.kind === 'scp-attach' ? edit.targetId === UNKNOWN_TARGET || scpOnPath(snapshot).includes(edit.targetId) : true;
      return new Set(model.scp.status === 'not-applicable' || !onPath ? [] : entities.map((e) => e.arn));
    }
    case 'managed-version':
    case 'managed-attach':
    case 'managed-detach':
      return new Set([...uses(edit.arn), ...('owner' in edit ? ownerArns(model, edit.owner) : [])]);
    case 'inline-put':
    case 'inline-delete':
    case 'boundary-set':
      return new Set(ownerArns(model, edit.owner));
    case 'principal-create':
      return new Set(ownerArns(model, edit.owner));
    case 'principal-rename':
      return new Set(ownerArns(model, { kind: edit.owner.kind, name: edit.name }));
    case 'permission-set-update':
      // Its roles' own edits carry the reach.
      return new Set();
    case 'principal-delete':
      // The principal is gone from the after-model; diffChanges reports it as removed.
      return new Set();
  }
}

function ownerArns(model: AccountModel, owner: { kind: string; name: string }): string[] {
  const name = owner.name.toLowerCase();
  if (owner.kind === 'group') return [...model.users.values()].filter((u) => (u.groups ?? []).some((g) => g.toLowerCase() === name)).map((u) => u.arn);
  const entity = (owner.kind === 'user' ? model.users : model.roles).get(name);
  return entity ? [entity.arn] : [];
}

/** Principal ARN → changes that can reach it. */
function reach(model: AccountModel, snapshot: SnapshotV1, changes: readonly PlannedChange[]): Map<string, PlannedChange[]> {
  const map = new Map<string, PlannedChange[]>();
  for (const change of changes) {
    const arns = new Set(change.edits.flatMap((e) => [...affected(model, snapshot, e)]));
    for (const arn of arns) map.set(arn, [...(map.get(arn) ?? []), change]);
  }
  return map;
}

export interface Unknowns {
  layers: Set<CheckId>;
  reach: Set<CheckId>;
  reasons: string[];
}

/** A cell a value unknown until apply could change: a deny it could lift no longer counts; only another layer's deny does. */
function undecide(cell: AuditCell, unknown: Unknowns): AuditCell {
  const blockedBy = cell.blockedBy.filter((c) => !unknown.reach.has(c));
  const added = [...new Set([...cell.blockedBy.filter((c) => unknown.reach.has(c)), ...unknown.layers])].filter((c) => !cell.undecided.includes(c));
  const why = `unknown until apply: ${unknown.reasons.join('; ')}`;
  return {
    ...cell,
    verdict: blockedBy.length > 0 ? 'denied' : 'inconclusive',
    blockedBy,
    undecided: [...cell.undecided, ...added],
    missing: [...cell.missing, ...added.map(() => why)],
  };
}

function effectOf(before: Verdict | 'absent', after: Verdict): CellEffect | undefined {
  if (before === after) return undefined;
  if (after === 'allowed') return 'gains';
  if (before === 'absent') return undefined;
  if (after === 'inconclusive') return 'becomes-inconclusive';
  return before === 'allowed' ? 'loses' : 'becomes-denied';
}

function checkOptions(task: TaskSpec, settings: DiffSettings): DiagnoseOptions {
  return { tasks: [task], actionSet: settings.actionSet, ...(settings.activation ? { activation: settings.activation } : {}), ...(settings.mfa ? { mfa: settings.mfa } : {}) };
}

function findings(model: AccountModel, arn: string, task: TaskSpec, settings: DiffSettings, wanted: readonly CheckStatus[]): Finding[] {
  const run = runChecks(model, resolvePrincipal(model, arn), checkOptions(task, settings));
  return run.outcomes.filter((o) => wanted.includes(o.status)).map((o) => ({ check: o.id, status: o.status, summary: o.summary, evidence: o.evidence }));
}

function verdictAlone(state: PlanState, change: PlannedChange, arn: string, task: TaskSpec, settings: DiffSettings): Verdict | 'absent' {
  let model = state.alone.get(change.id);
  if (!model) {
    model = buildAccountModel(applyChanges(state.snapshot, [change]), state.shipped);
    state.alone.set(change.id, model);
  }
  if (!hasPrincipal(model, arn)) return 'absent';
  return runChecks(model, resolvePrincipal(model, arn), checkOptions(task, settings)).verdict;
}

/** A user or role of the model has this ARN (a principal the changes create or delete is in one model only). */
export function hasPrincipal(model: AccountModel, arn: string): boolean {
  return [...model.users.values(), ...model.roles.values()].some((e) => e.arn === arn);
}

/** The snapshot before and after the planned changes, and whom each change (and each unknown) reaches. */
export interface PlanState {
  snapshot: SnapshotV1;
  changes: readonly PlannedChange[];
  shipped: ReadonlyMap<string, ShippedManagedPolicy>;
  beforeModel: AccountModel;
  afterModel: AccountModel;
  /** Principal ARN → changes that can reach it. */
  reached: Map<string, PlannedChange[]>;
  /** Principal ARN → the checks values unknown until apply leave undecided for it. */
  unknownFor: Map<string, Unknowns>;
  /** After-models of one change alone, built when several changes reach a cell. */
  alone: Map<string, AccountModel>;
}

export function planState(snapshot: SnapshotV1, changes: readonly PlannedChange[], shipped: ReadonlyMap<string, ShippedManagedPolicy>): PlanState {
  const afterSnapshot = applyChanges(snapshot, changes);
  const afterModel = buildAccountModel(afterSnapshot, shipped);
  // Values unknown until apply: the checks they could change become unknown for whom they reach.
  const unknownFor = new Map<string, Unknowns>();
  for (const change of changes.filter((c) => c.unknown !== undefined)) {
    for (const edit of change.edits) {
      const { layer, reach: checks } = layerChecks(edit);
      for (const arn of affected(afterModel, afterSnapshot, edit)) {
        const entry = unknownFor.get(arn) ?? { layers: new Set<CheckId>(), reach: new Set<CheckId>(), reasons: [] };
        entry.layers.add(layer);
        for (const c of checks) entry.reach.add(c);
        if (!entry.reasons.includes(change.unknown!)) entry.reasons.push(change.unknown!);
        unknownFor.set(arn, entry);
      }
    }
  }
  return { snapshot, changes, shipped, beforeModel: buildAccountModel(snapshot, shipped), afterModel, reached: reach(afterModel, afterSnapshot, changes), unknownFor, alone: new Map() };
}

/** A principal's cell after the changes: as audited, undecided where a value unknown until apply reaches it. */
export function plannedCell(state: PlanState, arn: string, cell: AuditCell): AuditCell {
  const unknown = state.unknownFor.get(arn);
  return unknown ? undecide(cell, unknown) : cell;
}

/** How one principal × page moves, with the changes that cause it and the statement at fault; undefined when it does not. */
export function cellChange(state: PlanState, principal: AuditRow['principal'], task: TaskSpec, was: Verdict | 'absent', cell: AuditCell, settings: DiffSettings): CellChange | undefined {
  const effect = effectOf(was, cell.verdict);
  if (!effect) return undefined;
  const arn = principal.arn;
  const candidates = state.reached.get(arn) ?? [];
  const unknown = state.unknownFor.get(arn);
  let causes = candidates;
  // A principal the changes create exists in none of them alone: every change that reaches it is a cause.
  if (candidates.length > 1 && was !== 'absent') {
    const alone = candidates.filter((c) => c.unknown !== undefined || verdictAlone(state, c, arn, task, settings) !== was);
    if (alone.length > 0) causes = alone;
  }
  const found =
    effect === 'gains'
      ? was === 'absent'
        ? []
        : findings(state.beforeModel, arn, task, settings, ['fail', 'unknown'])
      : unknown
        ? findings(state.afterModel, arn, task, settings, ['fail', 'unknown']).filter((f) => !unknown.reach.has(f.check))
        : findings(state.afterModel, arn, task, settings, effect === 'becomes-inconclusive' ? ['unknown'] : ['fail']);
  return {
    principal,
    task: task.id,
    before: was,
    after: cell.verdict,
    effect,
    causes: causes.map((c) => c.id),
    findings: found,
    ...(unknown && cell.verdict !== 'allowed' ? { unresolved: unknown.reasons } : {}),
  };
}

export function diffChanges(snapshot: SnapshotV1, changes: readonly PlannedChange[], settings: DiffSettings): ChangeDiff {
  const state = planState(snapshot, changes, settings.shipped);
  // Identity Center users are left out (not even audited): a change reaches them through their
  // permission sets' roles, whose rows the diff shows with the statement at fault.
  const iamRows = (model: AccountModel): AuditRow[] => auditSlice(model, settings.tasks, settings, IAM_ONLY).principals;
  const before = iamRows(state.beforeModel);
  const after = iamRows(state.afterModel).map((row) => ({ ...row, cells: row.cells.map((cell) => plannedCell(state, row.principal.arn, cell)) }));
  const beforeByArn = new Map(before.map((row) => [row.principal.arn, row]));
  const cells: CellChange[] = [];
  for (const row of after) {
    for (const cell of row.cells) {
      const task = settings.tasks.find((t) => t.id === cell.task)!;
      const was = beforeByArn.get(row.principal.arn)?.cells.find((c) => c.task === cell.task)?.verdict ?? 'absent';
      const change = cellChange(state, row.principal, task, was, cell, settings);
      if (change) cells.push(change);
    }
  }
  cells.push(...deleted(before, after, changes));
  return { before, after, cells };
}

/**
 * A principal the changes delete or rename (a user or role, by name, case-insensitively as IAM
 * compares them): the changes that do it, and the principal check's finding that says so.
 */
export function removal(changes: readonly PlannedChange[], principal: AuditRow['principal']): { causes: string[]; finding: Finding; renamedTo?: string } {
  const kind = principal.type === 'user' ? 'user' : 'role';
  const name = principal.name.toLowerCase();
  const gone = (e: SnapshotEdit): e is Extract<SnapshotEdit, { kind: 'principal-delete' | 'principal-rename' }> =>
    (e.kind === 'principal-delete' || e.kind === 'principal-rename') && e.owner.kind === kind && e.owner.name.toLowerCase() === name;
  const causes = changes.filter((c) => c.edits.some(gone));
  const rename = causes.flatMap((c) => c.edits.filter(gone)).find((e) => e.kind === 'principal-rename');
  const who = `${principal.type} ${principal.name}`;
  const by = causes.length > 0 ? ` by ${causes.map((c) => c.id).join(', ')}` : '';
  const summary = rename?.kind === 'principal-rename' ? `${who} is renamed to ${rename.name}${by}: its access goes with the new name` : `${who} is deleted${by}: nobody signs in as it after the change`;
  return {
    causes: causes.map((c) => c.id),
    finding: { check: 'principal', status: 'fail', summary, evidence: [] },
    ...(rename?.kind === 'principal-rename' ? { renamedTo: rename.name } : {}),
  };
}

/** The principals a change deletes: each page they could open, reported as removed rather than as a lost access. */
function deleted(before: readonly AuditRow[], after: readonly AuditRow[], changes: readonly PlannedChange[]): CellChange[] {
  const remaining = new Set(after.map((row) => row.principal.arn));
  return before
    .filter((row) => !remaining.has(row.principal.arn))
    .flatMap((row) => {
      const { causes, finding } = removal(changes, row.principal);
      return row.cells
        .filter((cell) => cell.verdict === 'allowed')
        .map((cell): CellChange => ({ principal: row.principal, task: cell.task, before: 'allowed', after: 'absent', effect: 'removed', causes, findings: [finding] }));
    });
}

/** A planned change as reports list it. */
export interface ChangeSummary {
  id: string;
  origin: PlannedChange['origin'];
  /** What it does, one line per edit. */
  edits: string[];
  unknown?: string;
}

/** A planned-change resource the tool does not evaluate (Terraform), and why. */
export interface IgnoredChange {
  address: string;
  type: string;
  reason: string;
}

/** `audit --change/--terraform-plan` as JSON (schema/audit-diff-result.schema.json). */
export interface AuditDiffResult {
  schemaVersion: 1;
  source: Diagnosis['source'];
  /** The Terraform plan file, when the changes come from one. */
  plan?: string;
  tasks: TaskId[];
  changes: ChangeSummary[];
  ignored: IgnoredChange[];
  /** Principals audited after the change. */
  principals: number;
  differences: CellChange[];
  /** The planned state against the allow-list (`--expect`). */
  drift?: Drift;
}

/** One line per edit, for reports. */
export function describeEdit(edit: SnapshotEdit): string {
  const doc = (d: unknown): string => (d === undefined ? ' (content unknown until apply)' : '');
  const who = (o: { kind: string; name: string }): string => `${o.kind} ${o.name}`;
  switch (edit.kind) {
    case 'scp-content':
      return `new content for SCP ${edit.policyId}${doc(edit.document)}`;
    case 'scp-attach':
      return `attach SCP ${edit.name} (${edit.policyId}) to ${edit.targetId}`;
    case 'scp-detach':
      return `detach SCP ${edit.policyId} from ${edit.targetId ?? 'every target on the path'}`;
    case 'managed-version':
      return `new document (default version) for ${edit.arn}${doc(edit.document)}`;
    case 'managed-attach':
      return `attach ${edit.arn} to ${who(edit.owner)}`;
    case 'managed-detach':
      return `detach ${edit.arn} from ${who(edit.owner)}`;
    case 'inline-put':
      return `put inline policy ${edit.name} on ${who(edit.owner)}${doc(edit.document)}`;
    case 'inline-delete':
      return `delete inline policy ${edit.name} of ${who(edit.owner)}`;
    case 'boundary-set':
      return edit.arn ? `set the permissions boundary of ${who(edit.owner)} to ${edit.arn}` : `remove the permissions boundary of ${who(edit.owner)}`;
    case 'principal-create':
      return `create ${who(edit.owner)}`;
    case 'principal-rename':
      return `rename ${who(edit.owner)} to ${edit.name}`;
    case 'permission-set-update':
      return `update permission set ${edit.name} in the Identity Center part`;
    case 'principal-delete':
      return `delete ${who(edit.owner)}`;
  }
}

export function summarize(change: PlannedChange): ChangeSummary {
  return { id: change.id, origin: change.origin, edits: change.edits.map(describeEdit), ...(change.unknown ? { unknown: change.unknown } : {}) };
}
