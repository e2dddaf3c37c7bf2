/**
 * `--terraform-plan plan.json`: the planned changes of a `terraform show -json` plan, as edits of
 * the snapshot. The format is HashiCorp's "JSON Output Format" (format_version 1.x):
 * https://developer.hashicorp.com/terraform/internals/json-format (plan representation,
 * `resource_changes[].change` with `before`, `after`, `after_unknown`; `configuration` with each
 * resource's `expressions[attr].references`). Attribute names are the AWS provider's.
 *
 * A value unknown until apply that another planned resource provides (a new policy's `id` used by
 * its attachment) is resolved through the configuration's references, as a reviewer reads the
 * plan; only what cannot be resolved makes a change unknown, naming the resource address. Pure.
 */
import { usageError } from '../errors.js';
import type { EntityKind } from '../model/account.js';
import { SSO_INLINE_POLICY } from '../model/identity-center.js';
import type { RoleDetail, SnapshotV1, UserDetail } from '../model/snapshot.js';
import { findDetail } from './apply.js';
import type { IgnoredChange } from './diff.js';
import { accountIdOf, allScps, attachedTo, boundedBy, permissionSetName, scpOnPath, ssoRoles } from './snapshot-facts.js';
import { UNKNOWN_TARGET, type Owner, type Person, type PlannedChange, type PolicyJson, type SnapshotEdit } from './types.js';

type Json = Record<string, unknown>;

interface ResourceChange {
  address: string;
  /** The address before a `moved` block (the documented `previous_address`). */
  previous?: string;
  module?: string;
  type: string;
  index?: unknown;
  actions: string[];
  before: Json | undefined;
  after: Json | undefined;
  unknown: Json;
}

/** A value as a reviewer reads it: known, provided by another planned resource, or unknown. */
type Value = { kind: 'known'; value: unknown } | { kind: 'from'; address: string; attr: string } | { kind: 'unknown' };

export interface PlanResult {
  changes: PlannedChange[];
  ignored: IgnoredChange[];
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function field(file: string, path: string, message: string): never {
  throw usageError(`--terraform-plan ${file}: ${path}: ${message}`);
}

/** Validates the envelope; a file that is no plan (or another major version) is exit 2 naming the field. */
function readResourceChanges(plan: unknown, file: string): ResourceChange[] {
  if (!isObject(plan)) field(file, '$', 'expected the JSON object `terraform show -json plan.out` prints');
  const version = plan.format_version;
  if (typeof version !== 'string') field(file, '$.format_version', 'missing: is this `terraform show -json` output of a saved plan?');
  if (!/^1\.\d+$/.test(version)) field(file, '$.format_version', `${JSON.stringify(version)} is not supported (1.x is)`);
  const list = plan.resource_changes ?? [];
  if (!Array.isArray(list)) field(file, '$.resource_changes', 'expected an array');
  return list.flatMap((rc: unknown, i) => {
    const at = `$.resource_changes[${i}]`;
    if (!isObject(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string' || !isObject(rc.change)) {
      field(file, at, 'expected an object with address, type and change');
    }
    const change = rc.change;
    if (!Array.isArray(change.actions) || !change.actions.every((a) => typeof a === 'string')) field(file, `${at}.change.actions`, 'expected an array of actions');
    if (rc.mode === 'data') return [];
    return [
      {
        address: rc.address,
        ...(typeof rc.previous_address === 'string' ? { previous: rc.previous_address } : {}),
        ...(typeof rc.module_address === 'string' ? { module: rc.module_address } : {}),
        type: rc.type,
        ...(rc.index !== undefined ? { index: rc.index } : {}),
        actions: change.actions as string[],
        before: isObject(change.before) ? change.before : undefined,
        after: isObject(change.after) ? change.after : undefined,
        unknown: isObject(change.after_unknown) ? change.after_unknown : {},
      },
    ];
  });
}

/** Configuration resource address (module path included, no instance key) → its expressions. */
function configExpressions(plan: Json): Map<string, Json> {
  const map = new Map<string, Json>();
  const walk = (module: unknown, prefix: string): void => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.address !== 'string') continue;
      const address = r.address.startsWith(prefix) ? r.address : prefix + r.address;
      map.set(address, isObject(r.expressions) ? r.expressions : {});
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) if (isObject(call)) walk(call.module, `${prefix}module.${name}.`);
    }
  };
  walk(isObject(plan.configuration) ? plan.configuration.root_module : undefined, '');
  return map;
}

/** `aws_x.y[0]` → `aws_x.y`; `module.m["a"].aws_x.y` → `module.m.aws_x.y`. */
const withoutKeys = (address: string): string => address.replace(/\[[^\]]*\]/g, '');

/** The policy document in a plan attribute (a JSON string, as the AWS provider plans it). */
function document(value: unknown): PolicyJson | undefined {
  if (isObject(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

class Plan {
  readonly byAddress = new Map<string, ResourceChange[]>();
  readonly config: Map<string, Json>;

  constructor(
    readonly changes: readonly ResourceChange[],
    plan: Json,
    readonly snapshot: SnapshotV1,
  ) {
    for (const rc of changes) {
      const key = withoutKeys(rc.address);
      this.byAddress.set(key, [...(this.byAddress.get(key) ?? []), rc]);
    }
    this.config = configExpressions(plan);
  }

  /** `after[attr]`, or where the configuration says it comes from when it is unknown until apply. */
  value(rc: ResourceChange, attr: string): Value {
    if (rc.unknown[attr] !== true && rc.after !== undefined && rc.after[attr] !== undefined && rc.after[attr] !== null) return { kind: 'known', value: rc.after[attr] };
    if (rc.unknown[attr] !== true) return { kind: 'known', value: undefined };
    const expression = this.config.get(withoutKeys(rc.address))?.[attr];
    const refs = isObject(expression) && Array.isArray(expression.references) ? expression.references.filter((r): r is string => typeof r === 'string') : [];
    const prefix = rc.module ? `${withoutKeys(rc.module)}.` : '';
    for (const ref of refs) {
      const m = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([a-z_]+)$/.exec(ref);
      if (m && this.byAddress.has(prefix + m[1])) return { kind: 'from', address: prefix + m[1], attr: m[2]! };
    }
    return { kind: 'unknown' };
  }

  /** The planned instance a reference names: the only one, or the one with the same instance key. */
  instance(address: string, from: ResourceChange): ResourceChange | undefined {
    const all = this.byAddress.get(address) ?? [];
    if (all.length === 1) return all[0];
    return all.find((rc) => JSON.stringify(rc.index) === JSON.stringify(from.index));
  }

  /** A known string, following references through other planned resources' known values. */
  text(rc: ResourceChange, attr: string): string | Value {
    const v = this.value(rc, attr);
    if (v.kind === 'known') return typeof v.value === 'string' ? v.value : { kind: 'unknown' };
    if (v.kind === 'from') {
      const other = this.instance(v.address, rc);
      if (other) {
        const next = this.value(other, v.attr);
        if (next.kind === 'known' && typeof next.value === 'string') return next.value;
        return { kind: 'from', address: other.address, attr: v.attr };
      }
    }
    return v;
  }
}

const CREATE = (rc: ResourceChange): boolean => rc.actions.includes('create');
const DELETE = (rc: ResourceChange): boolean => rc.actions.includes('delete');
/** Deleted and not replaced. */
const REMOVE = (rc: ResourceChange): boolean => DELETE(rc) && !CREATE(rc);

/**
 * The resource that creates again what a deleted one held, under another address (a resource
 * renamed in the configuration without a `moved` block plans a delete and a create): the same user
 * or role name, or the same policy ARN. The pair is one object changed, not a removal.
 */
function recreated(plan: Plan, rc: ResourceChange): ResourceChange | undefined {
  const same = (other: ResourceChange): boolean =>
    rc.type === 'aws_iam_policy' ? typeof rc.before?.arn === 'string' && plannedPolicyArn(plan, other) === rc.before.arn : sameName(other.after?.name, rc.before?.name);
  return plan.changes.find((other) => other !== rc && other.type === rc.type && CREATE(other) && !DELETE(other) && same(other));
}

/**
 * Why a delete at one address and a create of the same object at another are undecided: nothing
 * orders them (no reference joins them), so the create may run first and the delete undo it, as
 * reported for attachments in hashicorp/terraform-provider-aws#32529, or fail as a duplicate.
 */
function unordered(deleted: { address: string }, created: { address: string }, what: string): string {
  return `${deleted.address} deletes and ${created.address} creates ${what}, and Terraform does not order them (a moved block from ${deleted.address} to ${created.address} makes them one resource)`;
}

/** An `after_unknown` entry with any unknown leaf. */
const anyUnknown = (v: unknown): boolean => v === true || (Array.isArray(v) ? v.some(anyUnknown) : isObject(v) && Object.values(v).some(anyUnknown));

/** What a supported resource type does to the snapshot, or (a string) why it does nothing here. */
type Handler = (rc: ResourceChange, plan: Plan) => { edits: SnapshotEdit[]; unknown?: string } | string;

function ownerOf(plan: Plan, rc: ResourceChange, kind: EntityKind, name: string | Value): Owner | string {
  if (typeof name !== 'string') return `the ${kind} is known only after apply`;
  if (findDetail(plan.snapshot, { kind, name }) || plannedPerson(plan, kind, name)) return { kind, name };
  return `no ${kind} ${name} in the snapshot`;
}

/** A user or role the plan creates, or names anew. */
function plannedPerson(plan: Plan, kind: EntityKind, name: string): boolean {
  return kind !== 'group' && plan.changes.some((rc) => rc.type === `aws_iam_${kind}` && !REMOVE(rc) && sameName(rc.after?.name, name));
}

/** A planned policy document: known, or unknown with the reason. */
function planned(plan: Plan, rc: ResourceChange, attr: string): { document?: PolicyJson; unknown?: string } {
  const v = plan.value(rc, attr);
  if (v.kind === 'known') {
    const doc = document(v.value);
    return doc ? { document: doc } : v.value === undefined ? {} : { unknown: `${rc.address}: ${attr} is not a JSON policy document` };
  }
  if (v.kind === 'from') {
    const other = plan.instance(v.address, rc);
    const next = other ? plan.value(other, v.attr) : undefined;
    const doc = next?.kind === 'known' ? document(next.value) : undefined;
    if (doc) return { document: doc };
  }
  return { unknown: `${rc.address}: ${attr} is known only after apply` };
}

/** A policy created in the same plan: its ARN is the account's, with the path and name as planned. */
function plannedPolicyArn(plan: Plan, policy: ResourceChange): string | undefined {
  if (typeof policy.after?.arn === 'string') return policy.after.arn;
  if (typeof policy.after?.name !== 'string') return undefined;
  const path = typeof policy.after.path === 'string' ? policy.after.path : '/';
  return `arn:aws:iam::${accountIdOf(plan.snapshot) ?? 'unknown-account'}:policy${path}${policy.after.name}`;
}

function managedArn(plan: Plan, rc: ResourceChange, attr: string): string | undefined {
  const v = plan.text(rc, attr);
  if (typeof v === 'string') return v;
  const policy = v.kind === 'from' ? plan.instance(v.address, rc) : undefined;
  return policy?.type === 'aws_iam_policy' ? plannedPolicyArn(plan, policy) : undefined;
}

/** Edits that bring a policy created in the same plan into the snapshot, so attaching it means something. */
function createdPolicy(plan: Plan, arn: string): SnapshotEdit[] {
  const rc = plan.changes.find((c) => c.type === 'aws_iam_policy' && CREATE(c) && plannedPolicyArn(plan, c) === arn);
  if (!rc) return [];
  const { document: doc } = planned(plan, rc, 'policy');
  return [{ kind: 'managed-version', arn, document: doc }];
}

function inlineHandler(kind: EntityKind): Handler {
  return (rc, plan) => {
    const state = REMOVE(rc) ? rc.before : rc.after;
    const owner = ownerOf(plan, rc, kind, REMOVE(rc) ? String(rc.before?.[kind] ?? '') : plan.text(rc, kind));
    if (typeof owner === 'string') return owner;
    const name = typeof state?.name === 'string' ? state.name : undefined;
    if (!name) return { edits: [], unknown: `${rc.address}: the policy name is known only after apply` };
    if (REMOVE(rc)) return { edits: [{ kind: 'inline-delete', owner, name }] };
    const doc = planned(plan, rc, 'policy');
    return { edits: [{ kind: 'inline-put', owner, name, document: doc.document }], ...(doc.unknown ? { unknown: doc.unknown } : {}) };
  };
}

function attachmentHandler(kind: EntityKind): Handler {
  return (rc, plan) => {
    const edits: SnapshotEdit[] = [];
    if (DELETE(rc) && rc.before) {
      const owner = ownerOf(plan, rc, kind, String(rc.before[kind] ?? ''));
      if (typeof owner !== 'string' && typeof rc.before.policy_arn === 'string') edits.push({ kind: 'managed-detach', owner, arn: rc.before.policy_arn });
    }
    if (CREATE(rc)) {
      const owner = ownerOf(plan, rc, kind, plan.text(rc, kind));
      if (typeof owner === 'string') return edits.length > 0 ? { edits } : owner;
      const arn = managedArn(plan, rc, 'policy_arn');
      if (!arn) return { edits: [...edits, { kind: 'managed-attach', owner, arn: `unknown:${rc.address}` }], unknown: `${rc.address}: policy_arn is known only after apply` };
      edits.push(...createdPolicy(plan, arn), { kind: 'managed-attach', owner, arn });
    }
    return { edits };
  };
}

const scpType = (state: Json | undefined): boolean => (state?.type ?? 'SERVICE_CONTROL_POLICY') === 'SERVICE_CONTROL_POLICY';

function scpPolicy(rc: ResourceChange, plan: Plan): ReturnType<Handler> {
  if (!scpType(rc.after ?? rc.before)) return `a ${String((rc.after ?? rc.before)?.type)} policy, not a service control policy`;
  if (CREATE(rc) && !DELETE(rc)) return 'a new SCP changes nothing until it is attached (its attachments are evaluated)';
  const id = typeof rc.before?.id === 'string' ? rc.before.id : undefined;
  if (!id || !allScps(plan.snapshot).some((p) => p.PolicySummary.Id === id)) return `SCP ${id ?? '(new)'} is attached nowhere on this account's path`;
  if (REMOVE(rc)) return { edits: [{ kind: 'scp-detach', policyId: id }] };
  const doc = planned(plan, rc, 'content');
  return { edits: [{ kind: 'scp-content', policyId: id, document: doc.document }], ...(doc.unknown ? { unknown: doc.unknown } : {}) };
}

function scpAttachment(rc: ResourceChange, plan: Plan): ReturnType<Handler> {
  const path = scpOnPath(plan.snapshot);
  const edits: SnapshotEdit[] = [];
  const reasons: string[] = [];
  if (DELETE(rc) && rc.before) {
    const target = String(rc.before.target_id ?? '');
    if (path.includes(target)) edits.push({ kind: 'scp-detach', targetId: target, policyId: String(rc.before.policy_id ?? '') });
    else reasons.push(`the detached target ${target} is not on this account's path`);
  }
  if (!CREATE(rc)) return edits.length > 0 ? { edits } : reasons.join('; ');
  const target = plan.text(rc, 'target_id');
  if (typeof target !== 'string') {
    // A target created in the same plan (a new OU) holds no account yet; anything else is unknown.
    const other = target.kind === 'from' ? plan.instance(target.address, rc) : undefined;
    if (!other || !CREATE(other) || other.type !== 'aws_organizations_organizational_unit') {
      const unknown: SnapshotEdit = { kind: 'scp-attach', targetId: UNKNOWN_TARGET, policyId: `unknown:${rc.address}`, name: rc.address, document: undefined };
      return { edits: [...edits, unknown], unknown: `${rc.address}: target_id is known only after apply` };
    }
    reasons.push(`the target is the new OU ${other.address}, which this account is not in`);
  } else if (!path.includes(target)) {
    reasons.push(`target ${target} is not on this account's path (${path.join(', ') || 'no OU path in the snapshot'})`);
  } else {
    const what = attachWhat(rc, plan, target);
    return { edits: [...edits, what.edit], ...(what.unknown ? { unknown: what.unknown } : {}) };
  }
  return edits.length > 0 ? { edits } : reasons.join('; ');
}

/** The SCP an attachment attaches: one in the snapshot, or one created in the plan (named by its address). */
function attachWhat(rc: ResourceChange, plan: Plan, targetId: string): { edit: SnapshotEdit; unknown?: string } {
  const id = plan.text(rc, 'policy_id');
  if (typeof id === 'string') {
    const existing = allScps(plan.snapshot).find((p) => p.PolicySummary.Id === id);
    if (existing) return { edit: { kind: 'scp-attach', targetId, policyId: id, name: existing.PolicySummary.Name, document: undefined } };
    const createdHere = plan.changes.find((c) => c.type === 'aws_organizations_policy' && c.after?.id === id);
    if (createdHere) return attachPlanned(rc, plan, createdHere, targetId);
    return { edit: { kind: 'scp-attach', targetId, policyId: id, name: id, document: undefined }, unknown: `${rc.address}: SCP ${id} is neither in the snapshot nor in the plan` };
  }
  const policy = id.kind === 'from' ? plan.instance(id.address, rc) : undefined;
  if (policy?.type === 'aws_organizations_policy') return attachPlanned(rc, plan, policy, targetId);
  return { edit: { kind: 'scp-attach', targetId, policyId: `unknown:${rc.address}`, name: rc.address, document: undefined }, unknown: `${rc.address}: policy_id is known only after apply` };
}

function attachPlanned(rc: ResourceChange, plan: Plan, policy: ResourceChange, targetId: string): { edit: SnapshotEdit; unknown?: string } {
  const name = typeof policy.after?.name === 'string' ? policy.after.name : policy.address;
  const content = planned(plan, policy, 'content');
  const edit: SnapshotEdit = { kind: 'scp-attach', targetId, policyId: policy.address, name, document: content.document };
  return content.unknown ? { edit, unknown: content.unknown } : { edit };
}

/** A user or role the plan deletes: removed, unless the plan creates it again under the same name (then it is evaluated there). */
function removedPerson(rc: ResourceChange, plan: Plan, owner: Person): ReturnType<Handler> {
  const again = recreated(plan, rc);
  if (again) return `deleted and created again by ${again.address} under the same name: evaluated there`;
  return findDetail(plan.snapshot, owner) ? { edits: [{ kind: 'principal-delete', owner }] } : `no ${owner.kind} ${owner.name} in the snapshot`;
}

/** The deleted resource a create-only one makes again (the pair of a resource renamed without `moved`). */
function recreatedFrom(plan: Plan, rc: ResourceChange): ResourceChange | undefined {
  return CREATE(rc) && !DELETE(rc) ? plan.changes.find((other) => REMOVE(other) && other.type === rc.type && recreated(plan, other) === rc) : undefined;
}

const sameName = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

function personArn(plan: Plan, owner: Person, path: string): string {
  return `arn:aws:iam::${accountIdOf(plan.snapshot) ?? 'unknown-account'}:${owner.kind}${path}${owner.name}`;
}

/** The boundary a user or role has after the plan, against the one it has (`before`). */
function boundaryEdits(rc: ResourceChange, plan: Plan, owner: Person, before: string | undefined): { edits: SnapshotEdit[]; unknown?: string } {
  // Known at plan time (an ARN, or none: null or ""), else followed through its reference.
  const known = plan.value(rc, 'permissions_boundary');
  const boundary = known.kind === 'known' ? known.value : plan.text(rc, 'permissions_boundary');
  if (known.kind !== 'known' && typeof boundary !== 'string') {
    const arn = managedArn(plan, rc, 'permissions_boundary');
    if (arn) return { edits: [...createdPolicy(plan, arn), { kind: 'boundary-set', owner, arn }] };
    return { edits: [], unknown: `${rc.address}: permissions_boundary is known only after apply` };
  }
  const after = typeof boundary === 'string' && boundary !== '' ? boundary : undefined;
  return { edits: after !== before ? [{ kind: 'boundary-set', owner, arn: after }] : [] };
}

/**
 * `aws_iam_user`: a deleted user is removed; a new one is created (its attachments are evaluated);
 * a new name is a rename in place (IAM UpdateUser: same policies and groups); and its boundary.
 */
function user(rc: ResourceChange, plan: Plan): ReturnType<Handler> {
  const name = (rc.after ?? rc.before)?.name;
  if (typeof name !== 'string') return { edits: [], unknown: `${rc.address}: the user name is known only after apply` };
  const owner: Person = { kind: 'user', name };
  if (REMOVE(rc)) return removedPerson(rc, plan, { kind: 'user', name: String(rc.before?.name ?? name) });
  const path = typeof rc.after?.path === 'string' ? rc.after.path : '/';
  const previous = rc.before?.name;
  const renamedFrom = typeof previous === 'string' && !sameName(previous, name) && findDetail(plan.snapshot, { kind: 'user', name: previous }) ? previous : undefined;
  const edits: SnapshotEdit[] = [];
  // Deleted at another address and created here: the same user, but which runs first is unknown.
  const pair = recreatedFrom(plan, rc);
  if (renamedFrom) edits.push({ kind: 'principal-rename', owner: { kind: 'user', name: renamedFrom }, name, arn: personArn(plan, owner, path) });
  else if (pair || !findDetail(plan.snapshot, owner)) edits.push({ kind: 'principal-create', owner, path, arn: personArn(plan, owner, path) });
  const existing = findDetail(plan.snapshot, { kind: 'user', name: renamedFrom ?? name }) as UserDetail | undefined;
  const boundary = boundaryEdits(rc, plan, owner, existing?.PermissionsBoundary?.PermissionsBoundaryArn);
  edits.push(...boundary.edits);
  const unknown = [boundary.unknown, pair ? unordered(pair, rc, `user ${name}`) : undefined].filter(Boolean).join('; ');
  if (edits.length === 0 && !unknown) return 'no change to its name or boundary';
  return { edits, ...(unknown ? { unknown } : {}) };
}

function role(rc: ResourceChange, plan: Plan): ReturnType<Handler> {
  const name = typeof (rc.after ?? rc.before)?.name === 'string' ? String((rc.after ?? rc.before)!.name) : undefined;
  if (!name) return { edits: [], unknown: `${rc.address}: the role name is known only after apply` };
  const owner: Person = { kind: 'role', name };
  if (REMOVE(rc)) return removedPerson(rc, plan, { kind: 'role', name: String(rc.before?.name ?? name) });
  const edits: SnapshotEdit[] = [];
  // A new name replaces the role (name forces a new one): the old role is deleted, the new one starts empty.
  const renamedFrom = DELETE(rc) && !sameName(rc.before?.name, name) && findDetail(plan.snapshot, { kind: 'role', name: String(rc.before?.name) }) ? String(rc.before!.name) : undefined;
  if (renamedFrom) edits.push({ kind: 'principal-delete', owner: { kind: 'role', name: renamedFrom } });
  const existing = findDetail(plan.snapshot, owner) as RoleDetail | undefined;
  // Deleted at another address and created here: the same role, but which runs first is unknown.
  const pair = recreatedFrom(plan, rc);
  if (!existing || pair) {
    const path = typeof rc.after?.path === 'string' ? rc.after.path : '/';
    edits.push({ kind: 'principal-create', owner, path, arn: personArn(plan, owner, path) });
  }
  // What the role had before, when it is the same role (not a new one under another name).
  const prior = renamedFrom ? undefined : rc.before;
  const unknown: string[] = pair ? [unordered(pair, rc, `role ${name}`)] : [];
  const boundary = boundaryEdits(rc, plan, owner, existing?.PermissionsBoundary?.PermissionsBoundaryArn);
  edits.push(...boundary.edits);
  if (boundary.unknown) unknown.push(boundary.unknown);
  const inline = (state: Json | undefined): Map<string, unknown> =>
    new Map((Array.isArray(state?.inline_policy) ? state.inline_policy : []).filter(isObject).filter((p) => typeof p.name === 'string' && p.name !== '').map((p) => [p.name as string, p.policy]));
  const was = inline(prior);
  const now = inline(rc.after);
  if (anyUnknown(rc.unknown.inline_policy)) unknown.push(`${rc.address}: inline_policy is known only after apply`);
  for (const [policyName, policy] of now) {
    if (JSON.stringify(document(was.get(policyName))) !== JSON.stringify(document(policy))) edits.push({ kind: 'inline-put', owner, name: policyName, document: document(policy) });
  }
  // An absent inline_policy in the configuration leaves the role's inline policies alone.
  if (Array.isArray(rc.after?.inline_policy)) for (const policyName of was.keys()) if (!now.has(policyName)) edits.push({ kind: 'inline-delete', owner, name: policyName });
  for (const arn of Array.isArray(rc.after?.managed_policy_arns) ? rc.after.managed_policy_arns : []) {
    if (typeof arn === 'string' && !(Array.isArray(prior?.managed_policy_arns) && prior.managed_policy_arns.includes(arn))) edits.push({ kind: 'managed-attach', owner, arn });
  }
  if (edits.length === 0 && unknown.length === 0) return 'no change to its boundary or policies';
  return { edits, ...(unknown.length > 0 ? { unknown: unknown.join('; ') } : {}) };
}

/** The permission set an `aws_ssoadmin_*` resource names: from the snapshot, or from the plan's own permission set. */
function permissionSetOf(rc: ResourceChange, plan: Plan, deleting: boolean): string | undefined {
  const arn: unknown = deleting ? rc.before?.permission_set_arn : plan.text(rc, 'permission_set_arn');
  if (typeof arn === 'string') {
    const fromPlan = plan.changes.find((c) => c.type === 'aws_ssoadmin_permission_set' && (c.after?.arn === arn || c.before?.arn === arn));
    const name = fromPlan ? (fromPlan.after ?? fromPlan.before)?.name : permissionSetName(plan.snapshot, arn);
    return typeof name === 'string' ? name : undefined;
  }
  const ref = arn as Value | undefined;
  if (ref?.kind === 'from') {
    const set = plan.instance(ref.address, rc);
    const name = (set?.after ?? set?.before)?.name;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

function ssoHandler(what: 'inline' | 'managed'): Handler {
  return (rc, plan) => {
    const deleting = REMOVE(rc);
    const state = deleting ? rc.before : rc.after;
    const name = permissionSetOf(rc, plan, deleting);
    const everyRole = (): Owner[] => (plan.snapshot.iam.RoleDetailList ?? []).filter((r) => r.RoleName.startsWith('AWSReservedSSO_')).map((r) => ({ kind: 'role', name: r.RoleName }));
    if (name === undefined) {
      const edits: SnapshotEdit[] = everyRole().map((owner) => ({ kind: 'inline-put', owner, name: SSO_INLINE_POLICY, document: undefined }));
      return { edits, unknown: `${rc.address}: which permission set it changes is not in the snapshot or the plan` };
    }
    const owners: Owner[] = ssoRoles(plan.snapshot, name).map((r) => ({ kind: 'role', name: r }));
    if (owners.length === 0) return `permission set ${name} is not provisioned in this account`;
    if (what === 'managed') {
      const arn = typeof state?.managed_policy_arn === 'string' ? state.managed_policy_arn : undefined;
      if (!arn) return { edits: [], unknown: `${rc.address}: managed_policy_arn is known only after apply` };
      return {
        edits: [
          ...owners.map((owner): SnapshotEdit => (deleting ? { kind: 'managed-detach', owner, arn } : { kind: 'managed-attach', owner, arn })),
          { kind: 'permission-set-update', name, ...(deleting ? { detach: arn } : { attach: arn }) },
        ],
      };
    }
    if (deleting) {
      return { edits: [...owners.map((owner): SnapshotEdit => ({ kind: 'inline-delete', owner, name: SSO_INLINE_POLICY })), { kind: 'permission-set-update', name, inline: null }] };
    }
    const doc = planned(plan, rc, 'inline_policy');
    return {
      edits: [
        ...owners.map((owner): SnapshotEdit => ({ kind: 'inline-put', owner, name: SSO_INLINE_POLICY, document: doc.document })),
        ...(doc.document ? [{ kind: 'permission-set-update' as const, name, inline: doc.document }] : []),
      ],
      ...(doc.unknown ? { unknown: doc.unknown } : {}),
    };
  };
}

/**
 * `aws_iam_policy`. A new name (or path) replaces the policy under a new ARN: its attachments and
 * the boundaries it is follow it, as Terraform's attachment resources that reference it are
 * replaced with it. A policy deleted at one address and created at another with the same ARN (a
 * resource renamed without `moved`) is one policy with, perhaps, a new document.
 */
function iamPolicy(rc: ResourceChange, plan: Plan): ReturnType<Handler> {
  if (CREATE(rc) && !DELETE(rc)) {
    const gone = recreatedFrom(plan, rc);
    const arn = gone ? plannedPolicyArn(plan, rc) : undefined;
    if (!gone || !arn) return 'a new policy changes nothing until it is attached (its attachments are evaluated)';
    const version = newVersion(plan, rc, arn);
    return { ...version, unknown: [version.unknown, unordered(gone, rc, `the same policy ${arn}`)].filter(Boolean).join('; ') };
  }
  const arn = typeof rc.before?.arn === 'string' ? rc.before.arn : undefined;
  if (!arn) return 'its ARN is not in the plan';
  if (REMOVE(rc)) {
    const again = recreated(plan, rc);
    if (again) return `deleted and created again by ${again.address} with the same ARN: evaluated there`;
    const owners = attachedTo(plan.snapshot, arn);
    return owners.length > 0 ? { edits: owners.map((owner) => ({ kind: 'managed-detach', owner, arn })) } : 'attached to nobody in the snapshot';
  }
  const renamed = DELETE(rc) ? plannedPolicyArn(plan, rc) : undefined;
  if (renamed === undefined || renamed === arn) return newVersion(plan, rc, arn);
  const version = newVersion(plan, rc, renamed);
  const follow: SnapshotEdit[] = [
    ...attachedTo(plan.snapshot, arn).flatMap((owner): SnapshotEdit[] => [{ kind: 'managed-detach', owner, arn }, { kind: 'managed-attach', owner, arn: renamed }]),
    ...boundedBy(plan.snapshot, arn).map((owner): SnapshotEdit => ({ kind: 'boundary-set', owner, arn: renamed })),
  ];
  return { ...version, edits: [...version.edits, ...follow] };
}

function newVersion(plan: Plan, rc: ResourceChange, arn: string): { edits: SnapshotEdit[]; unknown?: string } {
  const doc = planned(plan, rc, 'policy');
  return { edits: [{ kind: 'managed-version', arn, document: doc.document }], ...(doc.unknown ? { unknown: doc.unknown } : {}) };
}

function policyAttachment(rc: ResourceChange, plan: Plan): ReturnType<Handler> {
  // The exclusive `aws_iam_policy_attachment`: every user, role and group listed.
  const list = (state: Json | undefined, attr: string): string[] => (Array.isArray(state?.[attr]) ? (state[attr] as unknown[]).filter((v): v is string => typeof v === 'string') : []);
  const edits: SnapshotEdit[] = [];
  const arnBefore = typeof rc.before?.policy_arn === 'string' ? rc.before.policy_arn : undefined;
  const arnAfter = CREATE(rc) || rc.actions.includes('update') ? managedArn(plan, rc, 'policy_arn') : undefined;
  for (const [kind, attr] of [['user', 'users'], ['role', 'roles'], ['group', 'groups']] as const) {
    const was = new Set(arnBefore ? list(rc.before, attr) : []);
    const now = new Set(rc.after ? list(rc.after, attr) : []);
    for (const name of was) if (!now.has(name) || arnAfter !== arnBefore) if (findDetail(plan.snapshot, { kind, name })) edits.push({ kind: 'managed-detach', owner: { kind, name }, arn: arnBefore! });
    for (const name of now) if (arnAfter && (!was.has(name) || arnAfter !== arnBefore) && findDetail(plan.snapshot, { kind, name })) edits.push({ kind: 'managed-attach', owner: { kind, name }, arn: arnAfter });
  }
  if (rc.after && !arnAfter && (CREATE(rc) || rc.actions.includes('update'))) return { edits, unknown: `${rc.address}: policy_arn is known only after apply` };
  if (arnAfter) edits.unshift(...createdPolicy(plan, arnAfter));
  return edits.length > 0 ? { edits } : 'it names nobody in the snapshot';
}

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['aws_organizations_policy', scpPolicy],
  ['aws_organizations_policy_attachment', scpAttachment],
  ['aws_iam_policy', iamPolicy],
  ['aws_iam_role_policy', inlineHandler('role')],
  ['aws_iam_user_policy', inlineHandler('user')],
  ['aws_iam_group_policy', inlineHandler('group')],
  ['aws_iam_role_policy_attachment', attachmentHandler('role')],
  ['aws_iam_user_policy_attachment', attachmentHandler('user')],
  ['aws_iam_group_policy_attachment', attachmentHandler('group')],
  ['aws_iam_policy_attachment', policyAttachment],
  ['aws_iam_role', role],
  ['aws_iam_user', user],
  ['aws_ssoadmin_permission_set_inline_policy', ssoHandler('inline')],
  ['aws_ssoadmin_managed_policy_attachment', ssoHandler('managed')],
]);

/** The plan's changes that billing access depends on, and every other planned resource as ignored. */
export function planChanges(json: unknown, file: string, snapshot: SnapshotV1): PlanResult {
  const changes = readResourceChanges(json, file);
  const plan = new Plan(changes, json as Json, snapshot);
  const result: PlanResult = { changes: [], ignored: [] };
  for (const rc of changes) {
    if (rc.actions.every((a) => a === 'no-op' || a === 'read')) continue;
    const handler = HANDLERS.get(rc.type);
    const outcome = handler ? handler(rc, plan) : 'not a policy, attachment or boundary that billing access depends on';
    if (typeof outcome === 'string' || (outcome.edits.length === 0 && !outcome.unknown)) {
      result.ignored.push({ address: rc.address, type: rc.type, reason: typeof outcome === 'string' ? outcome : 'no change billing access depends on' });
      continue;
    }
    result.changes.push({
      id: rc.address,
      origin: { kind: 'terraform', file, address: rc.address, ...(rc.previous ? { previousAddress: rc.previous } : {}), type: rc.type, actions: rc.actions },
      edits: outcome.edits,
      ...(outcome.unknown ? { unknown: outcome.unknown } : {}),
    });
  }
  return { ...result, changes: undecideUnordered(result.changes) };
}

/** What an attach or inline put adds, and its detach or delete removes, as one key; and how reports name it. */
function placed(e: SnapshotEdit): { key: string; what: string } | undefined {
  const owner = 'owner' in e ? `${e.owner.kind}|${e.owner.name.toLowerCase()}` : '';
  if (e.kind === 'managed-attach' || e.kind === 'managed-detach') return { key: `managed|${owner}|${e.arn}`, what: `the attachment of ${e.arn} to ${e.owner.kind} ${e.owner.name}` };
  if (e.kind === 'inline-put' || e.kind === 'inline-delete') return { key: `inline|${owner}|${e.name}`, what: `the inline policy ${e.name} of ${e.owner.kind} ${e.owner.name}` };
  return undefined;
}

/** What one resource removes and another (at another address) adds: which of them runs last is unknown. */
function undecideUnordered(changes: readonly PlannedChange[]): PlannedChange[] {
  const removes = (c: PlannedChange): boolean => c.origin.kind === 'terraform' && c.origin.actions.includes('delete') && !c.origin.actions.includes('create');
  const adds = new Map<string, PlannedChange>();
  for (const c of changes.filter((c) => !removes(c))) {
    for (const e of c.edits.filter((e) => e.kind === 'managed-attach' || e.kind === 'inline-put')) adds.set(placed(e)!.key, c);
  }
  return changes.map((c) => {
    if (!removes(c)) return c;
    const reasons = c.edits.flatMap((e) => {
      const at = e.kind === 'managed-detach' || e.kind === 'inline-delete' ? placed(e) : undefined;
      const other = at ? adds.get(at.key) : undefined;
      return at && other ? [unordered({ address: c.id }, { address: other.id }, at.what)] : [];
    });
    return reasons.length === 0 ? c : { ...c, unknown: [c.unknown, ...reasons].filter(Boolean).join('; ') };
  });
}
