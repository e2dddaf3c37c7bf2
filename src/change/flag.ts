/**
 * `--change [+|-]TARGET[=FILE]`: parsing (syntax only) and resolution against a snapshot. Every
 * target that names nothing in the snapshot is a usage error naming it (exit 2). Pure: the handler
 * reads the files and passes their documents in.
 */
import { usageError } from '../errors.js';
import type { EntityKind } from '../model/account.js';
import type { SnapshotV1 } from '../model/snapshot.js';
import { detailName, findDetail } from './apply.js';
import { SSO_INLINE_POLICY } from '../model/identity-center.js';
import { accountIdOf, allScps, attachedTo, boundedBy, findScp, permissionSetName, scpOnPath, ssoRoles } from './snapshot-facts.js';
import type { Owner, PlannedChange, PolicyJson, SnapshotEdit } from './types.js';

/** What the flag asks: replace a document, attach one (`+`), or detach (`-`). */
export type ChangeOp = 'replace' | 'attach' | 'detach';

export interface ChangeArg {
  /** The flag's value as typed (reports name the change by it). */
  text: string;
  op: ChangeOp;
  target: string;
  /** After `=`: a file, or an existing policy (ARN or SCP id). */
  value?: string;
}

/** The value names an existing policy rather than a file. */
export function valueIsReference(value: string): boolean {
  return value.startsWith('arn:') || /^p-[0-9A-Za-z_]{2,128}$/.test(value);
}

export function parseChangeArg(text: string): ChangeArg {
  const op: ChangeOp = text.startsWith('+') ? 'attach' : text.startsWith('-') ? 'detach' : 'replace';
  const body = op === 'replace' ? text : text.slice(1);
  const eq = body.indexOf('=');
  const target = (eq < 0 ? body : body.slice(0, eq)).trim();
  const value = eq < 0 ? undefined : body.slice(eq + 1).trim();
  if (target === '') throw usageError(`--change ${text}: no TARGET (expected [+|-]TARGET[=FILE])`);
  if (op === 'detach' && value !== undefined) throw usageError(`--change ${text}: a detach (-TARGET) takes no =FILE`);
  if (op !== 'detach' && !value) throw usageError(`--change ${text}: expected ${op === 'attach' ? '+' : ''}TARGET=FILE`);
  return { text, op, target, ...(value !== undefined ? { value } : {}) };
}

/** A value as resolved by the handler: a file's document, or a reference to an existing policy. */
export type ChangeValue = { kind: 'file'; path: string; document: PolicyJson } | { kind: 'reference'; ref: string };

const ENTITY = /^(user|group|role)\/([^:]+)(?::(.*))?$/i;
/** `permission-set/NAME[:…]` or `permission-set/<its ARN>[:…]`. */
const PERMISSION_SET = /^permission-set\/((?:arn:[^:]+:sso:::[^:]+)|[^:]+)(?::(.*))?$/i;
const MANAGED_ARN = /^arn:[^:]+:iam::(\d{12}|aws):policy\//;
const ORG_TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})(?::(.+))?$/;

/** A name usable in a policy ARN, from a file name (`deny-eu.json` → `deny-eu`). */
function baseName(path: string): string {
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).replace(/\.json$/i, '');
  return file.replace(/[^\w+=,.@-]/g, '-') || 'planned';
}

function managedArnFor(snapshot: SnapshotV1, value: ChangeValue): string {
  return value.kind === 'reference' ? value.ref : `arn:aws:iam::${accountIdOf(snapshot) ?? 'unknown-account'}:policy/${baseName(value.path)}`;
}

/** Edits that create a policy from a file (none for a reference to an existing one). */
function createFrom(value: ChangeValue, arn: string): SnapshotEdit[] {
  return value.kind === 'file' ? [{ kind: 'managed-version', arn, document: value.document }] : [];
}

function requireValue(arg: ChangeArg, value: ChangeValue | undefined): ChangeValue {
  if (!value) throw usageError(`--change ${arg.text}: expected TARGET=FILE`);
  return value;
}

function requireFile(arg: ChangeArg, value: ChangeValue | undefined): PolicyJson {
  const v = requireValue(arg, value);
  if (v.kind !== 'file') throw usageError(`--change ${arg.text}: expected a policy file after =, not ${v.ref}`);
  return v.document;
}

function managedPolicy(snapshot: SnapshotV1, arg: ChangeArg, arn: string, value: ChangeValue | undefined): SnapshotEdit[] {
  const known = (snapshot.iam.Policies ?? []).some((p) => p.Arn === arn) || attachedTo(snapshot, arn).length > 0 || boundedBy(snapshot, arn).length > 0;
  if (!known) throw usageError(`--change ${arg.text}: no managed policy ${arn} in the snapshot (neither in iam.Policies nor attached to anyone)`);
  if (arg.op === 'attach') throw usageError(`--change ${arg.text}: attach a managed policy to a principal instead: +role/NAME=${arn}`);
  if (arg.op === 'detach') {
    const owners = attachedTo(snapshot, arn);
    if (owners.length === 0) throw usageError(`--change ${arg.text}: ${arn} is attached to no user, group or role`);
    return owners.map((owner) => ({ kind: 'managed-detach', owner, arn }));
  }
  if (arn.split(':')[4] === 'aws') throw usageError(`--change ${arg.text}: AWS managed policies cannot be edited; attach a policy of your own instead`);
  return [{ kind: 'managed-version', arn, document: requireFile(arg, value) }];
}

function entityChange(snapshot: SnapshotV1, arg: ChangeArg, kind: EntityKind, name: string, rest: string | undefined, value: ChangeValue | undefined): SnapshotEdit[] {
  const detail = findDetail(snapshot, { kind, name });
  if (!detail) throw usageError(`--change ${arg.text}: no ${kind} named ${name} in the snapshot`);
  const owner: Owner = { kind, name: detailName(detail) };
  const attached = (detail.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn);
  if (rest === undefined && arg.op === 'detach' && kind !== 'group') return [{ kind: 'principal-delete', owner: { kind, name: owner.name } }];
  if (rest === undefined) {
    // `+role/NAME=ARN|FILE`: attach a managed policy.
    if (arg.op !== 'attach') throw usageError(`--change ${arg.text}: name the policy: ${kind}/${name}:POLICY (inline), ${kind}/${name}:ARN (managed) or ${kind}/${name}:boundary`);
    const v = requireValue(arg, value);
    const arn = managedArnFor(snapshot, v);
    if (attached.includes(arn)) throw usageError(`--change ${arg.text}: ${arn} is already attached to ${kind} ${owner.name}`);
    return [...createFrom(v, arn), { kind: 'managed-attach', owner, arn }];
  }
  if (rest.toLowerCase() === 'boundary') return boundaryChange(arg, snapshot, owner, detail, value);
  if (MANAGED_ARN.test(rest)) {
    if (arg.op !== 'detach') throw usageError(`--change ${arg.text}: to attach, write +${kind}/${name}=${rest}; to edit the policy, --change ${rest}=FILE`);
    if (!attached.includes(rest)) throw usageError(`--change ${arg.text}: ${rest} is not attached to ${kind} ${owner.name}`);
    return [{ kind: 'managed-detach', owner, arn: rest }];
  }
  const policyName = rest.replace(/^inline\//i, '');
  const existing = inlineNames(detail).find((n) => n === policyName);
  if (arg.op === 'detach') {
    if (!existing) throw usageError(`--change ${arg.text}: ${kind} ${owner.name} has no inline policy ${policyName}${namesHint(detail)}`);
    return [{ kind: 'inline-delete', owner, name: policyName }];
  }
  if (arg.op === 'replace' && !existing) {
    throw usageError(`--change ${arg.text}: ${kind} ${owner.name} has no inline policy ${policyName}${namesHint(detail)}; to add one, write +${arg.target}=FILE`);
  }
  return [{ kind: 'inline-put', owner, name: policyName, document: requireFile(arg, value) }];
}

function inlineNames(detail: object): string[] {
  const d = detail as { UserPolicyList?: { PolicyName: string }[]; GroupPolicyList?: { PolicyName: string }[]; RolePolicyList?: { PolicyName: string }[] };
  return [...(d.UserPolicyList ?? []), ...(d.GroupPolicyList ?? []), ...(d.RolePolicyList ?? [])].map((p) => p.PolicyName);
}

function namesHint(detail: object): string {
  const names = inlineNames(detail);
  return names.length > 0 ? ` (it has: ${names.join(', ')})` : ' (it has none)';
}

function boundaryChange(arg: ChangeArg, snapshot: SnapshotV1, owner: Owner, detail: object, value: ChangeValue | undefined): SnapshotEdit[] {
  if (owner.kind === 'group') throw usageError(`--change ${arg.text}: groups have no permissions boundary`);
  const current = (detail as { PermissionsBoundary?: { PermissionsBoundaryArn: string } }).PermissionsBoundary?.PermissionsBoundaryArn;
  if (arg.op === 'detach') {
    if (!current) throw usageError(`--change ${arg.text}: ${owner.kind} ${owner.name} has no permissions boundary`);
    return [{ kind: 'boundary-set', owner, arn: undefined }];
  }
  const v = requireValue(arg, value);
  if (arg.op === 'replace') {
    if (!current) throw usageError(`--change ${arg.text}: ${owner.kind} ${owner.name} has no permissions boundary; to set one, write +${arg.target}=FILE|ARN`);
    // A file is the boundary policy's new document; an ARN points the boundary at another policy.
    if (v.kind === 'file') return managedPolicy(snapshot, { ...arg, op: 'replace' }, current, v);
  }
  const arn = managedArnFor(snapshot, v);
  return [...createFrom(v, arn), { kind: 'boundary-set', owner, arn }];
}

function permissionSetChange(snapshot: SnapshotV1, arg: ChangeArg, ref: string, rest: string | undefined, value: ChangeValue | undefined): SnapshotEdit[] {
  const name = permissionSetName(snapshot, ref);
  if (name === undefined) throw usageError(`--change ${arg.text}: no permission set ${ref} in the snapshot's identityCenter part`);
  const roles = ssoRoles(snapshot, name);
  if (roles.length === 0) throw usageError(`--change ${arg.text}: no Identity Center role AWSReservedSSO_${name}_… in the snapshot for permission set ${name}`);
  const owners: Owner[] = roles.map((r) => ({ kind: 'role', name: r }));
  const both = (roleEdit: (owner: Owner) => SnapshotEdit, set: Omit<Extract<SnapshotEdit, { kind: 'permission-set-update' }>, 'kind' | 'name'>): SnapshotEdit[] => [
    ...owners.map(roleEdit),
    { kind: 'permission-set-update', name, ...set },
  ];
  if (rest !== undefined && MANAGED_ARN.test(rest)) {
    if (arg.op !== 'detach') throw usageError(`--change ${arg.text}: to attach, write +permission-set/${ref}=${rest}`);
    return both((owner) => ({ kind: 'managed-detach', owner, arn: rest }), { detach: rest });
  }
  if (rest !== undefined && rest.replace(/^inline\//i, '') !== SSO_INLINE_POLICY && rest.toLowerCase() !== 'inline') {
    throw usageError(`--change ${arg.text}: a permission set has one inline policy: write permission-set/${ref}=FILE`);
  }
  if (arg.op === 'detach') return both((owner) => ({ kind: 'inline-delete', owner, name: SSO_INLINE_POLICY }), { inline: null });
  const v = requireValue(arg, value);
  if (arg.op === 'attach' && v.kind === 'reference') return both((owner) => ({ kind: 'managed-attach', owner, arn: v.ref }), { attach: v.ref });
  const document = requireFile(arg, v);
  return both((owner) => ({ kind: 'inline-put', owner, name: SSO_INLINE_POLICY, document }), { inline: document });
}

function orgTargetChange(snapshot: SnapshotV1, arg: ChangeArg, targetId: string, scpRef: string | undefined, value: ChangeValue | undefined): SnapshotEdit[] {
  const path = scpOnPath(snapshot);
  if (!path.includes(targetId)) {
    const where = path.length > 0 ? `: the account's path is ${path.join(', ')}` : ' (the snapshot has no OU path)';
    throw usageError(`--change ${arg.text}: ${targetId} is not the account or on its OU path${where}`);
  }
  const attachedHere = snapshot.organizations?.policies?.[targetId];
  if (arg.op === 'detach') {
    if (scpRef === undefined) throw usageError(`--change ${arg.text}: name the SCP to detach: -${targetId}:p-…`);
    const scp = (attachedHere ?? []).find((p) => p.PolicySummary.Id === scpRef || p.PolicySummary.Name === scpRef);
    if (!scp) throw usageError(`--change ${arg.text}: no SCP ${scpRef} attached to ${targetId}`);
    return [{ kind: 'scp-detach', targetId, policyId: scp.PolicySummary.Id }];
  }
  if (arg.op !== 'attach') throw usageError(`--change ${arg.text}: to attach an SCP to ${targetId}, write +${targetId}=FILE; to replace an SCP, name it: p-…=FILE`);
  const v = requireValue(arg, value);
  if (v.kind === 'reference') {
    const scp = findScp(snapshot, v.ref);
    if (!scp) throw usageError(`--change ${arg.text}: no SCP ${v.ref} in the snapshot`);
    return [{ kind: 'scp-attach', targetId, policyId: scp.PolicySummary.Id, name: scp.PolicySummary.Name, document: undefined }];
  }
  const name = baseName(v.path);
  return [{ kind: 'scp-attach', targetId, policyId: `new:${name}`, name, document: v.document }];
}

function scpChange(snapshot: SnapshotV1, arg: ChangeArg, value: ChangeValue | undefined): SnapshotEdit[] {
  const scp = findScp(snapshot, arg.target);
  if (!scp) {
    const known = allScps(snapshot).map((p) => `${p.PolicySummary.Id} (${p.PolicySummary.Name})`);
    const hint = known.length > 0 ? ` (known: ${known.slice(0, 6).join(', ')})` : ' (the snapshot has no SCPs)';
    throw usageError(`--change ${arg.text}: ${arg.target} matches no SCP id or name, managed policy ARN, user/, group/, role/ or permission-set/ target${hint}`);
  }
  const policyId = scp.PolicySummary.Id;
  if (arg.op === 'detach') return [{ kind: 'scp-detach', policyId }];
  if (arg.op === 'attach') throw usageError(`--change ${arg.text}: attach an SCP to a root, OU or account id: +ou-…=FILE or +ou-…=${policyId}`);
  return [{ kind: 'scp-content', policyId, document: requireFile(arg, value) }];
}

/** Resolves one `--change` against the snapshot; throws a usage error naming the target if it matches nothing. */
export function resolveChangeArg(snapshot: SnapshotV1, arg: ChangeArg, value: ChangeValue | undefined): PlannedChange {
  const origin = value?.kind === 'file' ? { kind: 'flag' as const, file: value.path } : { kind: 'flag' as const };
  const entity = ENTITY.exec(arg.target);
  const permissionSet = PERMISSION_SET.exec(arg.target);
  const org = ORG_TARGET.exec(arg.target);
  let edits: SnapshotEdit[];
  if (entity) edits = entityChange(snapshot, arg, entity[1]!.toLowerCase() as EntityKind, entity[2]!, entity[3], value);
  else if (permissionSet) edits = permissionSetChange(snapshot, arg, permissionSet[1]!, permissionSet[2], value);
  else if (MANAGED_ARN.test(arg.target)) edits = managedPolicy(snapshot, arg, arg.target, value);
  else if (org) edits = orgTargetChange(snapshot, arg, org[1]!, org[2], value);
  else edits = scpChange(snapshot, arg, value);
  return { id: arg.text, origin, edits };
}
