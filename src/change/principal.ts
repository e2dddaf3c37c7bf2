/**
 * `doctor --change/--terraform-plan`: one principal's pages before → after the planned changes,
 * with the change that causes each difference and the statement at fault, and the diagnosis of
 * the planned state undecided wherever a value unknown until apply reaches it (never allowed on a
 * guess). Pure: the same plan state and cell rules as the audit's before → after.
 */
import { cellOf } from '../checks/audit.js';
import { runChecks, verdictOf } from '../checks/diagnose.js';
import type { DiagnoseOptions } from '../checks/types.js';
import type { AccountModel } from '../model/account.js';
import type { TaskSpec } from '../model/catalogue.js';
import type { ActionResult, CheckResult, Diagnosis, PermissionSetResult, PlannedChangeNote, PlannedPage, Remediation, Verdict } from '../model/diagnosis.js';
import { resolvePrincipal, type ResolvedPrincipal } from '../model/principal.js';
import { cellChange, hasPrincipal, plannedCell, removal, type IgnoredChange, type PlanState, type Unknowns } from './diff.js';
import { allScps } from './snapshot-facts.js';

/** doctor's settings, for the catalogue pages it diagnoses. */
export type PlanOptions = Omit<DiagnoseOptions, 'tasks'> & { tasks: readonly TaskSpec[] };

/** The principal is in the model (a role the plan creates is not in the before-model; one it deletes not in the after-model). */
function present(model: AccountModel, principal: Diagnosis['principal']): boolean {
  return principal.type === 'root' || hasPrincipal(model, principal.arn);
}

function verdictIn(model: AccountModel, principal: Diagnosis['principal'], task: TaskSpec, options: PlanOptions): Verdict | 'absent' {
  if (!present(model, principal)) return 'absent';
  return runChecks(model, resolvePrincipal(model, principal.arn), { ...options, tasks: [task] }).verdict;
}

function page(state: PlanState, principal: Diagnosis['principal'], task: TaskSpec, options: PlanOptions): PlannedPage {
  const before = verdictIn(state.beforeModel, principal, task, options);
  if (!present(state.afterModel, principal)) {
    if (before !== 'allowed') return { task: task.id, before, after: 'absent' };
    const { causes, finding } = removal(state.changes, principal);
    return { task: task.id, before, after: 'absent', effect: 'removed', causes, findings: [finding] };
  }
  const run = runChecks(state.afterModel, resolvePrincipal(state.afterModel, principal.arn), { ...options, tasks: [task] });
  const cell = plannedCell(state, principal.arn, cellOf(task.id, run));
  const change = cellChange(state, principal, task, before, cell, { ...options, tasks: [task], shipped: state.shipped });
  if (!change) return { task: task.id, before, after: cell.verdict };
  const { effect, causes, findings, unresolved } = change;
  return { task: task.id, before, after: cell.verdict, effect, causes, findings, ...(unresolved ? { unresolved } : {}) };
}

const unknownRemedy = {
  kind: 'info' as const,
  text: 'A value this check depends on is known only after apply: review it in the plan, or run again with a plan (or a --change file) that gives it',
};

/** A check a value unknown until apply could change: neither its pass nor its deny counts. */
function undecideCheck(check: CheckResult, unknown: Unknowns): CheckResult {
  const layer = unknown.layers.has(check.id) && check.status !== 'not-applicable';
  if (!layer && !(unknown.reach.has(check.id) && check.status === 'fail')) return check;
  // A pass was judged without the unknown value: its evidence is not what decides; a deny's still is, unless lifted.
  const evidence = [...(check.status === 'fail' ? check.evidence : []), ...unknown.reasons.map((reason) => ({ layer: 'plan', policy: reason }))];
  const was = check.status === 'fail' ? `; without it: ${check.summary}` : '';
  return { ...check, status: 'unknown', summary: `unknown until apply: ${unknown.reasons.join('; ')}${was}`, evidence, remediation: [unknownRemedy] };
}

/** An action's decision a value unknown until apply could change: an allow (any layer may deny) or a deny it reaches. */
function undecideAction(action: ActionResult, unknown: Unknowns): ActionResult {
  const grants = action.decision === 'implicit-deny' && unknown.layers.has('identity-policy');
  if (action.decision !== 'allowed' && !grants && !(action.deniedBy !== undefined && unknown.reach.has(action.deniedBy))) return action;
  const { deniedBy: _reached, ...rest } = action;
  return { ...rest, decision: 'unknown' };
}

function undecideDiagnosis(diagnosis: Diagnosis, unknown: Unknowns): Diagnosis {
  const checks = diagnosis.checks.map((c) => undecideCheck(c, unknown));
  return { ...diagnosis, checks, verdict: verdictOf(checks), actions: diagnosis.actions.map((a) => undecideAction(a, unknown)) };
}

/** The plan file and its resources that are not evaluated. */
export interface PlanFile {
  file: string;
  ignored: IgnoredChange[];
}

function noteFor(state: PlanState, principal: Diagnosis['principal'], options: PlanOptions, plan: PlanFile | undefined): PlannedChangeNote {
  return {
    changes: state.changes.map((c) => c.id),
    ...(plan ? { plan: plan.file, ignored: plan.ignored } : {}),
    pages: options.tasks.map((task) => page(state, principal, task, options)),
  };
}

/** Policies the planned changes create (SCPs by plan address or `new:` name, managed policies by ARN): not in AWS yet. */
function createdByPlan(state: PlanState): string[] {
  const scps = new Set(allScps(state.snapshot).map((p) => p.PolicySummary.Id));
  const policies = new Set((state.snapshot.iam.Policies ?? []).map((p) => p.Arn));
  const ids = state.changes.flatMap((c) =>
    c.edits.flatMap((e) => (e.kind === 'scp-attach' && !scps.has(e.policyId) ? [e.policyId] : e.kind === 'managed-version' && !policies.has(e.arn) ? [e.arn] : [])),
  );
  return [...new Set(ids)];
}

/** A fix to a policy the plan creates is made in the plan: its AWS CLI command would name a policy that does not exist yet. */
function planFix(remedy: Remediation, created: readonly string[]): Remediation {
  const id = remedy.command === undefined ? undefined : created.find((c) => remedy.command!.includes(c));
  if (id === undefined) return remedy;
  const { command: _unrunnable, ...rest } = remedy;
  return { ...rest, text: `${remedy.text}. ${id} does not exist yet (the planned changes create it): put the corrected document in the planned change instead of running a command` };
}

/**
 * An Identity Center user's permission sets whose roles a value unknown until apply reaches: a set
 * that opened the pages (or was denied only by what the value could change) is undecided, and no
 * longer named as opening them. She opens them only with a set that still surely does.
 */
function undecideSets(state: PlanState, diagnosis: Diagnosis): Diagnosis {
  const ic = diagnosis.identityCenter;
  if (!ic) return diagnosis;
  const undecided: string[] = [];
  const reasons = new Set<string>();
  const permissionSets = ic.permissionSets.map((s): PermissionSetResult => {
    const arn = s.role === undefined ? undefined : state.afterModel.roles.get(s.role.toLowerCase())?.arn;
    const unknown = arn === undefined ? undefined : state.unknownFor.get(arn);
    if (!unknown || s.verdict === 'inconclusive') return s;
    const denies = s.verdict === 'denied' ? s.blockedBy.filter((c) => !unknown.reach.has(c)) : [];
    if (s.verdict === 'denied' && denies.length > 0) return { ...s, blockedBy: denies };
    undecided.push(s.name);
    for (const r of unknown.reasons) reasons.add(r);
    return { ...s, verdict: 'inconclusive', blockedBy: [...unknown.layers] };
  });
  if (undecided.length === 0) return diagnosis;
  const opens = permissionSets.filter((s) => s.verdict === 'allowed').map((s) => s.name);
  const why = `after the planned changes ${undecided.join(', ')} cannot be decided until apply (${[...reasons].join('; ')})`;
  const who = ic.user.userName;
  const conclusion = opens.length > 0 ? `${who} can open these pages with permission set ${opens.join(' or ')}; ${why}` : `no permission set of ${who} surely opens these pages: ${why}`;
  // Another set that surely opens the pages still does; else the shown set's undecided checks decide.
  const verdict = opens.length > 0 ? 'allowed' : diagnosis.verdict === 'allowed' ? 'inconclusive' : diagnosis.verdict;
  return { ...diagnosis, verdict, identityCenter: { ...ic, permissionSets, opens, conclusion } };
}

/** The diagnosis of the planned state with its before → after note. */
export function plannedDiagnosis(state: PlanState, diagnosis: Diagnosis, options: PlanOptions, plan?: PlanFile): Diagnosis {
  const unknown = state.unknownFor.get(diagnosis.principal.arn);
  const judged = undecideSets(state, unknown ? undecideDiagnosis(diagnosis, unknown) : diagnosis);
  const created = createdByPlan(state);
  const checks = created.length === 0 ? judged.checks : judged.checks.map((c) => ({ ...c, remediation: c.remediation.map((r) => planFix(r, created)) }));
  return { ...judged, checks, plannedChange: noteFor(state, diagnosis.principal, options, plan) };
}

/** Whether the changes delete (or rename) this principal of the snapshot. */
export function isRemoved(state: PlanState, principal: ResolvedPrincipal): boolean {
  return present(state.beforeModel, principal) && !present(state.afterModel, principal);
}

/**
 * The diagnosis of a principal the changes delete or rename: nobody signs in as it afterwards, so
 * every page is denied by the principal check, which names the change; the note says what it
 * could open before.
 */
export function removedDiagnosis(state: PlanState, principal: ResolvedPrincipal, options: PlanOptions, source: Diagnosis['source'], plan?: PlanFile): Diagnosis {
  const who = { arn: principal.arn, type: principal.type, name: principal.name };
  const { finding, renamedTo } = removal(state.changes, who);
  const text = renamedTo
    ? `Diagnose it under its new name (--principal ${renamedTo}); whatever names the old one (an allow-list, a trust policy, a condition) needs the new name too`
    : 'If it should keep its access, keep it out of the plan, or give the principal that replaces it the same policies';
  const check: CheckResult = { id: 'principal', status: 'fail', summary: finding.summary, evidence: [], remediation: [{ kind: 'info', text }] };
  return { schemaVersion: 1, source, principal: who, tasks: options.tasks.map((t) => t.id), verdict: 'denied', checks: [check], actions: [], plannedChange: noteFor(state, who, options, plan) };
}
