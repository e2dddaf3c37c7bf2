/** Reads what `--change` names (policy files) and resolves each flag against the snapshot. */
import { readText } from '../sources/read-text.js';
import { resolve } from 'node:path';
import { ExitError, usageError } from '../errors.js';
import { parseChangeArg, resolveChangeArg, valueIsReference, type ChangeValue } from '../change/flag.js';
import type { PlannedChange, PolicyJson } from '../change/types.js';
import type { SnapshotV1 } from '../model/snapshot.js';
import { planState } from '../change/diff.js';
import { isRemoved, plannedDiagnosis, removedDiagnosis, type PlanOptions } from '../change/principal.js';
import { planChanges, type PlanResult } from '../change/terraform.js';
import type { AccountModel } from '../model/account.js';
import type { Diagnosis } from '../model/diagnosis.js';
import { resolvePrincipal, type ResolvedPrincipal } from '../model/principal.js';
import { loadShippedManagedPolicies } from '../sources/managed-policies.js';
import { parseJsonText } from '../sources/json-error.js';

/** A policy document file: JSON, an object with a `Statement`. */
export async function readPolicyFile(file: string, cwd: string, flag: string): Promise<PolicyJson> {
  const text = await readText(resolve(cwd, file), `${flag}: ${file}`, 'an IAM policy document (JSON)');
  const json = parseJsonText(text, `${flag}: ${file}`, 'an IAM policy document (JSON)');
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('Statement' in json)) {
    throw usageError(`${flag}: ${file}: $: expected a policy document, an object with "Statement"`);
  }
  return json as PolicyJson;
}

/** Parses, reads and resolves every `--change`, in order; the first bad one is exit 2 naming it. */
export async function readFlagChanges(args: readonly string[], snapshot: SnapshotV1, cwd: string): Promise<PlannedChange[]> {
  const changes: PlannedChange[] = [];
  for (const text of args) {
    const arg = parseChangeArg(text);
    if (arg.value === undefined || valueIsReference(arg.value)) {
      changes.push(resolveChangeArg(snapshot, arg, arg.value === undefined ? undefined : { kind: 'reference', ref: arg.value }));
      continue;
    }
    // The target first (a typo there is the likelier mistake), then the file.
    resolveChangeArg(snapshot, arg, { kind: 'file', path: arg.value, document: { Statement: [] } });
    const value: ChangeValue = { kind: 'file', path: arg.value, document: await readPolicyFile(arg.value, cwd, `--change ${text}`) };
    changes.push(resolveChangeArg(snapshot, arg, value));
  }
  return changes;
}

/** The user or role `--principal` names in a model, or undefined when it names none there. */
function findsPrincipal(model: AccountModel, input: string): ResolvedPrincipal | undefined {
  try {
    return resolvePrincipal(model, input);
  } catch (error) {
    if (error instanceof ExitError) return undefined;
    throw error;
  }
}

/** What `--change` and `--terraform-plan` name. */
export interface ChangeInput {
  change: readonly string[];
  terraformPlan?: string;
}

/** Every planned change, the plan's first; and, with a plan, its resources left unevaluated. */
export async function readChanges(input: ChangeInput, snapshot: SnapshotV1, cwd: string): Promise<{ changes: PlannedChange[]; plan?: PlanResult }> {
  const plan = input.terraformPlan !== undefined ? await readTerraformPlan(input.terraformPlan, snapshot, cwd) : undefined;
  const changes = [...(plan?.changes ?? []), ...(await readFlagChanges(input.change, snapshot, cwd))];
  return { changes, ...(plan ? { plan } : {}) };
}

/** doctor with planned changes: the planned state's model, and its diagnosis with the before → after note. */
export interface PlannedDoctor {
  after: AccountModel;
  judge: (diagnosis: Diagnosis, options: PlanOptions) => Diagnosis;
  /** `--principal` when it names a user or role of the snapshot that the changes delete or rename. */
  removed: (input: string) => ResolvedPrincipal | undefined;
  judgeRemoved: (principal: ResolvedPrincipal, options: PlanOptions, source: Diagnosis['source']) => Diagnosis;
}

export async function plannedState(input: ChangeInput, snapshot: SnapshotV1, cwd: string): Promise<PlannedDoctor> {
  const { changes, plan } = await readChanges(input, snapshot, cwd);
  const state = planState(snapshot, changes, loadShippedManagedPolicies());
  const file = input.terraformPlan;
  const planFile = plan && file !== undefined ? { file, ignored: plan.ignored } : undefined;
  return {
    after: state.afterModel,
    judge: (d, options) => plannedDiagnosis(state, d, options, planFile),
    removed: (principal) => {
      // Only a name that is not in the planned state is looked for in the snapshot as it is.
      if (findsPrincipal(state.afterModel, principal)) return undefined;
      const was = findsPrincipal(state.beforeModel, principal);
      return was && isRemoved(state, was) ? was : undefined;
    },
    judgeRemoved: (principal, options, source) => removedDiagnosis(state, principal, options, source, planFile),
  };
}

/** `--terraform-plan FILE`: `terraform show -json` output, read and turned into planned changes. */
export async function readTerraformPlan(file: string, snapshot: SnapshotV1, cwd: string): Promise<PlanResult> {
  const text = await readText(resolve(cwd, file), `--terraform-plan ${file}`, 'the output of `terraform show -json plan.out`');
  return planChanges(parseJsonText(text, `--terraform-plan ${file}`, 'the output of `terraform show -json plan.out`'), file, snapshot);
}
