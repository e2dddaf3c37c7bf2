/** What planned changes look up in a snapshot: SCPs, the OU path, Identity Center roles. Pure. */
import { permissionSetOf } from '../model/principal.js';
import type { OrgPolicy, SnapshotV1 } from '../model/snapshot.js';
import type { Owner } from './types.js';

export function accountIdOf(snapshot: SnapshotV1): string | undefined {
  return snapshot.account?.id ?? snapshot.caller?.Account ?? snapshot.organizations?.account?.Id;
}

/** Every SCP the snapshot holds, once each. */
export function allScps(snapshot: SnapshotV1): OrgPolicy[] {
  const byId = new Map<string, OrgPolicy>();
  for (const list of Object.values(snapshot.organizations?.policies ?? {})) for (const p of list) byId.set(p.PolicySummary.Id, p);
  return [...byId.values()];
}

/** An SCP by id, or by name (names are unique in an organization). */
export function findScp(snapshot: SnapshotV1, ref: string): OrgPolicy | undefined {
  const scps = allScps(snapshot);
  return scps.find((p) => p.PolicySummary.Id === ref) ?? scps.find((p) => p.PolicySummary.Name === ref);
}

/** The ids SCPs can be attached to that govern this account: root, its OUs, the account. */
export function scpOnPath(snapshot: SnapshotV1): string[] {
  const org = snapshot.organizations;
  if (!org) return [];
  const account = org.account?.Id ?? accountIdOf(snapshot);
  return [...(org.parents ?? []).map((p) => p.Id).reverse(), ...(account ? [account] : [])];
}

/** A permission set's name from its name or ARN (the ARN needs the snapshot's `identityCenter` part). */
export function permissionSetName(snapshot: SnapshotV1, ref: string): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  return snapshot.identityCenter?.permissionSets.find((p) => p.PermissionSetArn === ref)?.Name;
}

/** The roles Identity Center provisioned for a permission set in this account. */
export function ssoRoles(snapshot: SnapshotV1, permissionSet: string): string[] {
  return (snapshot.iam.RoleDetailList ?? []).map((r) => r.RoleName).filter((name) => permissionSetOf(name) === permissionSet);
}

/** The users, groups and roles of the snapshot a managed policy is attached to. */
export function attachedTo(snapshot: SnapshotV1, arn: string): Owner[] {
  const iam = snapshot.iam;
  return [
    ...(iam.UserDetailList ?? []).filter((u) => u.AttachedManagedPolicies?.some((a) => a.PolicyArn === arn)).map((u) => ({ kind: 'user' as const, name: u.UserName })),
    ...(iam.GroupDetailList ?? []).filter((g) => g.AttachedManagedPolicies?.some((a) => a.PolicyArn === arn)).map((g) => ({ kind: 'group' as const, name: g.GroupName })),
    ...(iam.RoleDetailList ?? []).filter((r) => r.AttachedManagedPolicies?.some((a) => a.PolicyArn === arn)).map((r) => ({ kind: 'role' as const, name: r.RoleName })),
  ];
}

/** The users and roles of the snapshot whose permissions boundary a managed policy is. */
export function boundedBy(snapshot: SnapshotV1, arn: string): Owner[] {
  const iam = snapshot.iam;
  return [
    ...(iam.UserDetailList ?? []).filter((u) => u.PermissionsBoundary?.PermissionsBoundaryArn === arn).map((u) => ({ kind: 'user' as const, name: u.UserName })),
    ...(iam.RoleDetailList ?? []).filter((r) => r.PermissionsBoundary?.PermissionsBoundaryArn === arn).map((r) => ({ kind: 'role' as const, name: r.RoleName })),
  ];
}
