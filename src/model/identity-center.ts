/**
 * IAM Identity Center indexed for diagnosis (design section 9): permission sets by ARN and name,
 * identity store users and groups by id, memberships both ways, and this account's assignments.
 * Every lookup keyed by data is a Map, so ids such as `__proto__` are ordinary keys. Pure.
 */
import { compilePolicy } from '../engine/index.js';
import type { CompiledPolicy } from '../engine/types.js';
import type { Entity, RolePolicies } from './account.js';
import type {
  AccountAssignment,
  CustomerManagedPolicyReference,
  IdentityCenterPart,
  IdentityStoreGroup,
  IdentityStoreUser,
  PermissionSetDetail,
} from './snapshot.js';

/**
 * The inline policy Identity Center puts on an `AWSReservedSSO_*` role for the permission set's
 * inline policy (as `aws iam list-role-policies` shows on such roles).
 */
export const SSO_INLINE_POLICY = 'AwsSSOInlinePolicy';

/** A permission set with its policies ready to compare with, and provision onto, its role. */
export interface PermissionSetEntry {
  name: string;
  arn: string;
  detail: PermissionSetDetail;
  /** The inline policy, compiled (labelled as the set's); absent = none. */
  inline?: CompiledPolicy;
  /** AWS managed policy ARNs. */
  managedArns: readonly string[];
  customerManaged: readonly CustomerManagedPolicyReference[];
  boundary?: PermissionSetDetail['PermissionsBoundary'];
}

export interface IdentityCenterModel {
  instanceArn: string;
  identityStoreId: string;
  /** By permission set ARN. */
  permissionSets: ReadonlyMap<string, PermissionSetEntry>;
  /** By permission set name (names are unique within an instance). */
  permissionSetsByName: ReadonlyMap<string, PermissionSetEntry>;
  users: ReadonlyMap<string, IdentityStoreUser>;
  groups: ReadonlyMap<string, IdentityStoreGroup>;
  /** Group id → member user ids. */
  members: ReadonlyMap<string, readonly string[]>;
  /** User id → group ids. */
  groupsOf: ReadonlyMap<string, readonly string[]>;
  /** Assignments whose target is this account. */
  assignments: readonly AccountAssignment[];
  /** Permission set ARNs provisioned to this account; absent = not read. */
  provisioned?: ReadonlySet<string>;
}

/** `inline policy of permission set <name>`: the label evidence uses for a set's own inline policy. */
export const permissionSetInlineLabel = (name: string): string => `inline policy of permission set ${name}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

export function permissionSetEntry(detail: PermissionSetDetail): PermissionSetEntry {
  const raw = detail.InlinePolicy;
  const hasInline = raw !== undefined && !(typeof raw === 'string' && raw.trim() === '');
  return {
    name: detail.Name,
    arn: detail.PermissionSetArn,
    detail,
    ...(hasInline ? { inline: compilePolicy({ source: permissionSetInlineLabel(detail.Name), document: raw }) } : {}),
    managedArns: (detail.AttachedManagedPolicies ?? []).map((p) => p.Arn),
    customerManaged: detail.CustomerManagedPolicyReferences ?? [],
    ...(detail.PermissionsBoundary ? { boundary: detail.PermissionsBoundary } : {}),
  };
}

/** Indexes the part; assignments of other accounts (a file edited by hand) are dropped. */
export function buildIdentityCenter(part: IdentityCenterPart, accountId: string | undefined): IdentityCenterModel {
  const permissionSets = new Map<string, PermissionSetEntry>();
  const byName = new Map<string, PermissionSetEntry>();
  for (const detail of part.permissionSets) {
    const e = permissionSetEntry(detail);
    permissionSets.set(e.arn, e);
    byName.set(e.name, e);
  }
  const members = new Map<string, string[]>();
  const groupsOf = new Map<string, string[]>();
  for (const m of part.memberships) {
    push(members, m.GroupId, m.MemberId.UserId);
    push(groupsOf, m.MemberId.UserId, m.GroupId);
  }
  return {
    instanceArn: part.instance.InstanceArn,
    identityStoreId: part.instance.IdentityStoreId,
    permissionSets,
    permissionSetsByName: byName,
    users: new Map(part.users.map((u) => [u.UserId, u])),
    groups: new Map(part.groups.map((g) => [g.GroupId, g])),
    members,
    groupsOf,
    assignments: part.assignments.filter((a) => accountId === undefined || a.AccountId === accountId),
    ...(part.provisioned ? { provisioned: new Set(part.provisioned) } : {}),
  };
}

/** The ARN provisioning attaches for a customer managed policy reference in `account`. */
export function customerManagedArn(account: string, ref: CustomerManagedPolicyReference): string {
  const path = ref.Path ?? '/';
  return `arn:aws:iam::${account}:policy${path.endsWith('/') ? path : `${path}/`}${ref.Name}`;
}

/** `maria (Maria Garcia, maria@example.com)`. */
export function userLabel(user: IdentityStoreUser): string {
  const extra = [user.DisplayName, primaryEmail(user)].filter((x): x is string => x !== undefined && x !== '' && x !== user.UserName);
  return extra.length > 0 ? `${user.UserName} (${extra.join(', ')})` : user.UserName;
}

export function primaryEmail(user: IdentityStoreUser): string | undefined {
  const emails = user.Emails ?? [];
  return (emails.find((e) => e.Primary) ?? emails[0])?.Value;
}

export const groupLabel = (ic: IdentityCenterModel, groupId: string): string => ic.groups.get(groupId)?.DisplayName ?? groupId;

/** Whether `input` is the user's id, user name or one of her e-mail addresses (names and addresses case-insensitively). */
export function isUser(user: { UserId?: string; UserName?: string; Emails?: { Value?: string }[] }, input: string): boolean {
  const text = input.trim();
  const needle = text.toLowerCase();
  return user.UserId === text || user.UserName?.toLowerCase() === needle || (user.Emails ?? []).some((e) => e.Value?.toLowerCase() === needle);
}

/** Users `input` names: the one with that id, else those with that user name or e-mail address. */
export function findUsers(ic: IdentityCenterModel, input: string): IdentityStoreUser[] {
  const exact = ic.users.get(input.trim());
  return exact ? [exact] : [...ic.users.values()].filter((u) => isUser(u, input));
}

/** How a user gets a permission set in this account: `direct`, or a group's display name. */
export interface PermissionSetGrant {
  permissionSet: PermissionSetEntry;
  /** `direct` and/or `group <name>`, in assignment order. */
  via: string[];
}

/** The user's permission sets in this account, directly and through her groups, in assignment order. */
export function userPermissionSets(ic: IdentityCenterModel, userId: string): { grants: PermissionSetGrant[]; unknownSets: string[] } {
  const groups = new Set(ic.groupsOf.get(userId) ?? []);
  const grants = new Map<string, PermissionSetGrant>();
  const unknownSets: string[] = [];
  for (const a of ic.assignments) {
    const mine = a.PrincipalType === 'USER' ? a.PrincipalId === userId : groups.has(a.PrincipalId);
    if (!mine) continue;
    const set = ic.permissionSets.get(a.PermissionSetArn);
    if (!set) {
      if (!unknownSets.includes(a.PermissionSetArn)) unknownSets.push(a.PermissionSetArn);
      continue;
    }
    const via = a.PrincipalType === 'USER' ? 'direct' : `group ${groupLabel(ic, a.PrincipalId)}`;
    const grant = grants.get(set.arn) ?? { permissionSet: set, via: [] };
    if (!grant.via.includes(via)) grant.via.push(via);
    grants.set(set.arn, grant);
  }
  return { grants: [...grants.values()], unknownSets };
}

/** The policies provisioning `set` to `account` leaves on its role. */
export function provisionedPolicies(set: PermissionSetEntry, account: string): RolePolicies {
  const boundary = set.boundary;
  const boundaryArn = boundary?.ManagedPolicyArn ?? (boundary?.CustomerManagedPolicyReference ? customerManagedArn(account, boundary.CustomerManagedPolicyReference) : undefined);
  return {
    ...(set.inline?.document !== undefined ? { inline: set.inline.document } : {}),
    attached: [...set.managedArns, ...set.customerManaged.map((ref) => customerManagedArn(account, ref))],
    ...(boundaryArn !== undefined ? { boundaryArn } : {}),
  };
}

/** JSON with object keys sorted, so two documents that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** How a role differs from what its permission set would provision: one phrase per difference. */
export function roleDrift(role: Entity, expected: RolePolicies): string[] {
  const differences: string[] = [];
  const own = role.inline.find((i) => i.name === SSO_INLINE_POLICY);
  const others = role.inline.filter((i) => i.name !== SSO_INLINE_POLICY).map((i) => i.name);
  if (expected.inline === undefined && own) differences.push(`the role has inline policy ${SSO_INLINE_POLICY}, the permission set has none`);
  if (expected.inline !== undefined && !own) differences.push('the permission set has an inline policy the role lacks');
  if (expected.inline !== undefined && own && canonicalJson(own.compiled.document) !== canonicalJson(expected.inline)) {
    differences.push("the role's inline policy differs from the permission set's");
  }
  if (others.length > 0) differences.push(`the role has inline ${others.length === 1 ? 'policy' : 'policies'} ${others.join(', ')} that no permission set provisions`);
  const missing = expected.attached.filter((arn) => !role.attached.includes(arn));
  const extra = role.attached.filter((arn) => !expected.attached.includes(arn));
  if (missing.length > 0) differences.push(`the role lacks ${missing.join(', ')}`);
  if (extra.length > 0) differences.push(`the role has ${extra.join(', ')}, which the permission set no longer names`);
  if (role.boundaryArn !== expected.boundaryArn) {
    differences.push(`the role's permissions boundary is ${role.boundaryArn ?? 'none'}, the permission set's ${expected.boundaryArn ?? 'none'}`);
  }
  return differences;
}

/** The permission set an `AWSReservedSSO_<name>_<hex>` role was provisioned from, by name. */
export function permissionSetByName(ic: IdentityCenterModel, name: string): PermissionSetEntry | undefined {
  return ic.permissionSetsByName.get(name) ?? [...ic.permissionSetsByName.values()].find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** Splits a policy ARN of this account into the customer managed reference that names it. */
export function referenceOf(arn: string): CustomerManagedPolicyReference {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  const cut = resource.lastIndexOf('/') + 1;
  return { Name: resource.slice(cut), Path: resource.slice(0, cut) };
}

const AWS_MANAGED = /^arn:[\w-]+:iam::aws:policy\//;

/** The permission set with these policies (what a remediation changes it to). */
export function detailWith(detail: PermissionSetDetail, policies: RolePolicies): PermissionSetDetail {
  const { InlinePolicy: _inline, AttachedManagedPolicies: _managed, CustomerManagedPolicyReferences: _refs, PermissionsBoundary: _boundary, ...rest } = detail;
  const boundary = policies.boundaryArn;
  return {
    ...rest,
    ...(policies.inline !== undefined ? { InlinePolicy: policies.inline as Record<string, unknown> } : {}),
    AttachedManagedPolicies: policies.attached.filter((a) => AWS_MANAGED.test(a)).map((Arn) => ({ Arn, Name: Arn.slice(Arn.lastIndexOf('/') + 1) })),
    CustomerManagedPolicyReferences: policies.attached.filter((a) => !AWS_MANAGED.test(a)).map(referenceOf),
    ...(boundary === undefined ? {} : { PermissionsBoundary: AWS_MANAGED.test(boundary) ? { ManagedPolicyArn: boundary } : { CustomerManagedPolicyReference: referenceOf(boundary) } }),
  };
}

/** The model with one permission set replaced. */
export function withPermissionSet(ic: IdentityCenterModel, detail: PermissionSetDetail): IdentityCenterModel {
  const e = permissionSetEntry(detail);
  const permissionSets = new Map(ic.permissionSets).set(e.arn, e);
  const byName = new Map([...ic.permissionSetsByName].filter(([, v]) => v.arn !== e.arn)).set(e.name, e);
  return { ...ic, permissionSets, permissionSetsByName: byName };
}
