/**
 * Applies planned changes to a copy of a snapshot (pure: the input is never touched). Working on
 * the snapshot, not the model, keeps one source of truth: the after-model is built from it exactly
 * as the before-model is, so every check sees the planned state through the same loader rules.
 */
import type { AttachedPolicy, GroupDetail, InlinePolicy, RoleDetail, SnapshotV1, UserDetail } from '../model/snapshot.js';
import type { Owner, PlannedChange, PolicyJson, SnapshotEdit } from './types.js';

type Detail = UserDetail | GroupDetail | RoleDetail;

/** The GAAD entry of a user, group or role (names are unique case-insensitively). */
export function findDetail(snapshot: SnapshotV1, owner: Owner): Detail | undefined {
  const name = owner.name.toLowerCase();
  const iam = snapshot.iam;
  if (owner.kind === 'user') return (iam.UserDetailList ?? []).find((u) => u.UserName.toLowerCase() === name);
  if (owner.kind === 'group') return (iam.GroupDetailList ?? []).find((g) => g.GroupName.toLowerCase() === name);
  return (iam.RoleDetailList ?? []).find((r) => r.RoleName.toLowerCase() === name);
}

/** The IAM name of a GAAD entry. */
export function detailName(detail: Detail): string {
  return 'UserName' in detail ? detail.UserName : 'GroupName' in detail ? detail.GroupName : detail.RoleName;
}

function inlineList(detail: Detail, kind: Owner['kind']): InlinePolicy[] {
  const d = detail as UserDetail & GroupDetail & RoleDetail;
  const field = kind === 'user' ? 'UserPolicyList' : kind === 'group' ? 'GroupPolicyList' : 'RolePolicyList';
  return (d[field] ??= []);
}

const policyName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

function putScpContent(snapshot: SnapshotV1, policyId: string, document: PolicyJson): void {
  for (const list of Object.values(snapshot.organizations?.policies ?? {})) {
    for (const p of list) if (p.PolicySummary.Id === policyId) p.Content = JSON.stringify(document);
  }
}

function apply(snapshot: SnapshotV1, edit: SnapshotEdit): void {
  const policies = snapshot.organizations?.policies;
  switch (edit.kind) {
    case 'scp-content':
      if (edit.document) putScpContent(snapshot, edit.policyId, edit.document);
      return;
    case 'scp-attach': {
      // A level that was never read stays unread: an SCP list invented here would hide FullAWSAccess.
      const list = policies?.[edit.targetId];
      if (!list || list.some((p) => p.PolicySummary.Id === edit.policyId)) return;
      const existing = Object.values(policies ?? {}).flat().find((p) => p.PolicySummary.Id === edit.policyId);
      const content = edit.document ? JSON.stringify(edit.document) : existing?.Content;
      if (content === undefined) return;
      list.push({ PolicySummary: { Id: edit.policyId, Name: edit.name, Type: 'SERVICE_CONTROL_POLICY' }, Content: content });
      return;
    }
    case 'scp-detach':
      for (const [target, list] of Object.entries(policies ?? {})) {
        if (edit.targetId !== undefined && target !== edit.targetId) continue;
        policies![target] = list.filter((p) => p.PolicySummary.Id !== edit.policyId);
      }
      return;
    case 'managed-version': {
      if (!edit.document) return;
      const iam = snapshot.iam;
      let policy = (iam.Policies ??= []).find((p) => p.Arn === edit.arn);
      if (!policy) {
        policy = { PolicyName: policyName(edit.arn), Arn: edit.arn, PolicyVersionList: [] };
        iam.Policies.push(policy);
      }
      const versionId = `v${policy.PolicyVersionList.length + 1}-planned`;
      for (const v of policy.PolicyVersionList) v.IsDefaultVersion = false;
      policy.PolicyVersionList.push({ VersionId: versionId, IsDefaultVersion: true, Document: edit.document });
      policy.DefaultVersionId = versionId;
      return;
    }
    case 'managed-attach': {
      const detail = findDetail(snapshot, edit.owner);
      if (!detail) return;
      const attached: AttachedPolicy[] = (detail.AttachedManagedPolicies ??= []);
      if (!attached.some((a) => a.PolicyArn === edit.arn)) attached.push({ PolicyName: policyName(edit.arn), PolicyArn: edit.arn });
      return;
    }
    case 'managed-detach': {
      const detail = findDetail(snapshot, edit.owner);
      if (detail) detail.AttachedManagedPolicies = (detail.AttachedManagedPolicies ?? []).filter((a) => a.PolicyArn !== edit.arn);
      return;
    }
    case 'inline-put': {
      const detail = findDetail(snapshot, edit.owner);
      if (!detail || !edit.document) return;
      const list = inlineList(detail, edit.owner.kind);
      const existing = list.find((p) => p.PolicyName === edit.name);
      if (existing) existing.PolicyDocument = edit.document;
      else list.push({ PolicyName: edit.name, PolicyDocument: edit.document });
      return;
    }
    case 'inline-delete': {
      const detail = findDetail(snapshot, edit.owner);
      if (!detail) return;
      const list = inlineList(detail, edit.owner.kind);
      list.splice(0, list.length, ...list.filter((p) => p.PolicyName !== edit.name));
      return;
    }
    case 'boundary-set': {
      const detail = findDetail(snapshot, edit.owner) as UserDetail | RoleDetail | undefined;
      if (!detail) return;
      if (edit.arn === undefined) delete detail.PermissionsBoundary;
      else detail.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: edit.arn };
      return;
    }
    case 'permission-set-update': {
      const set = snapshot.identityCenter?.permissionSets.find((p) => p.Name === edit.name);
      if (!set) return;
      if (edit.inline === null) delete set.InlinePolicy;
      else if (edit.inline !== undefined) set.InlinePolicy = JSON.stringify(edit.inline);
      const attached = (set.AttachedManagedPolicies ??= []);
      if (edit.attach && !attached.some((a) => a.Arn === edit.attach)) attached.push({ Name: policyName(edit.attach), Arn: edit.attach });
      if (edit.detach) set.AttachedManagedPolicies = attached.filter((a) => a.Arn !== edit.detach);
      return;
    }
    case 'principal-delete': {
      const name = edit.owner.name.toLowerCase();
      if (edit.owner.kind === 'user') snapshot.iam.UserDetailList = (snapshot.iam.UserDetailList ?? []).filter((u) => u.UserName.toLowerCase() !== name);
      else snapshot.iam.RoleDetailList = (snapshot.iam.RoleDetailList ?? []).filter((r) => r.RoleName.toLowerCase() !== name);
      return;
    }
    case 'principal-create':
      if (findDetail(snapshot, edit.owner)) return;
      if (edit.owner.kind === 'user') (snapshot.iam.UserDetailList ??= []).push({ UserName: edit.owner.name, Arn: edit.arn, Path: edit.path });
      else (snapshot.iam.RoleDetailList ??= []).push({ RoleName: edit.owner.name, Arn: edit.arn, Path: edit.path });
      return;
    case 'principal-rename': {
      const detail = findDetail(snapshot, edit.owner);
      if (!detail) return;
      if ('UserName' in detail) {
        // The same user: its console password and MFA devices go with the new name.
        const facts = snapshot.users?.[detail.UserName];
        if (snapshot.users && facts) {
          delete snapshot.users[detail.UserName];
          snapshot.users[edit.name] = facts;
        }
        detail.UserName = edit.name;
      } else if ('RoleName' in detail) detail.RoleName = edit.name;
      detail.Arn = edit.arn;
      return;
    }
  }
}

/** Kinds applied first, so that a policy or role exists before anything attaches it. */
const FIRST: ReadonlySet<SnapshotEdit['kind']> = new Set(['principal-create', 'principal-rename', 'managed-version', 'scp-content']);

/**
 * Kinds applied next, before any attachment or document is added: a detach in one change and an
 * attach of the same policy in another end attached whatever order the changes come in (which of
 * the two Terraform runs last is not known: terraform.ts marks such pairs undecided).
 */
const REMOVALS: ReadonlySet<SnapshotEdit['kind']> = new Set(['scp-detach', 'managed-detach', 'inline-delete', 'principal-delete']);

const rank = (edit: SnapshotEdit): number => (FIRST.has(edit.kind) ? 0 : REMOVALS.has(edit.kind) ? 1 : 2);

/** The snapshot with every change applied: creations first, then removals, then additions, each in order. */
export function applyChanges(snapshot: SnapshotV1, changes: readonly PlannedChange[]): SnapshotV1 {
  const copy = structuredClone(snapshot);
  const edits = changes.flatMap((c) => c.edits);
  // sort is stable: each rank keeps the changes' order.
  for (const edit of edits.sort((a, b) => rank(a) - rank(b))) apply(copy, edit);
  return copy;
}
