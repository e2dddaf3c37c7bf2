/** Reads what `--change` names (policy files) and resolves each flag against the snapshot. */
import { readText } from '../sources/read-text.js';
import { resolve } from 'node:path';
import { usageError } from '../errors.js';
import { parseChangeArg, resolveChangeArg, valueIsReference, type ChangeValue } from '../change/flag.js';
import type { PlannedChange, PolicyJson } from '../change/types.js';
import type { SnapshotV1 } from '../model/snapshot.js';
import { applyChanges } from '../change/apply.js';
import { pageVerdicts } from '../change/pages.js';
import { planChanges, type PlanResult } from '../change/terraform.js';
import type { DiagnoseOptions } from '../checks/types.js';
import { buildAccountModel, type AccountModel } from '../model/account.js';
import type { PlannedChangeNote } from '../model/diagnosis.js';
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

/** `doctor --change`: the planned state's model, and the per-page before → after once the principal is known. */
export async function plannedState(args: readonly string[], snapshot: SnapshotV1, cwd: string): Promise<{ after: AccountModel; note: (arn: string, options: DiagnoseOptions) => PlannedChangeNote }> {
  const changes = await readFlagChanges(args, snapshot, cwd);
  const shipped = loadShippedManagedPolicies();
  const after = buildAccountModel(applyChanges(snapshot, changes), shipped);
  return { after, note: (arn, options) => pageVerdicts(buildAccountModel(snapshot, shipped), after, arn, args, options) };
}

/** `--terraform-plan FILE`: `terraform show -json` output, read and turned into planned changes. */
export async function readTerraformPlan(file: string, snapshot: SnapshotV1, cwd: string): Promise<PlanResult> {
  const text = await readText(resolve(cwd, file), `--terraform-plan ${file}`, 'the output of `terraform show -json plan.out`');
  return planChanges(parseJsonText(text, `--terraform-plan ${file}`, 'the output of `terraform show -json plan.out`'), file, snapshot);
}
