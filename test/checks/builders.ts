/** In-memory snapshot builders for check tests: small, explicit, one account. */
import { buildAccountModel, type AccountModel } from '../../src/model/account.js';
import { taskById, type TaskId } from '../../src/model/catalogue.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { ManagedPolicyDetail, OrganizationsPart, RoleDetail, SnapshotV1, UserDetail } from '../../src/model/snapshot.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';
import { diagnose, type DiagnoseSettings } from '../../src/checks/diagnose.js';

export const ACCOUNT = '111122223333';
export const MGMT = '999988887777';

export const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
export const allow = (Action: string | string[], extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource: '*', ...extra });
export const deny = (extra: Record<string, unknown>) => ({ Effect: 'Deny', Resource: '*', ...extra });

export function user(name: string, parts: Partial<UserDetail> = {}): UserDetail {
  return { UserName: name, Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, Path: '/', GroupList: [], UserPolicyList: [], AttachedManagedPolicies: [], ...parts };
}

export function role(name: string, parts: Partial<RoleDetail> = {}): RoleDetail {
  const path = parts.Path ?? '/';
  return { RoleName: name, Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`, Path: path, RolePolicyList: [], AttachedManagedPolicies: [], ...parts };
}

export function inline(name: string, document: unknown) {
  return { PolicyName: name, PolicyDocument: document as Record<string, unknown> };
}

export function managed(name: string, document: unknown, arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`): ManagedPolicyDetail {
  return { PolicyName: name, Arn: arn, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document as Record<string, unknown> }] };
}

export const FULL_ACCESS = { PolicySummary: { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' }, Content: JSON.stringify(doc(allow('*'))) };

/** A member account under root r-root → ou-prod, FullAWSAccess at every level plus `extra` SCPs per target. */
export function memberOrg(extra: Record<string, { id: string; name: string; document: unknown }[]> = {}, joined = 'CREATED'): OrganizationsPart {
  const targets = ['r-root', 'ou-prod', ACCOUNT];
  const policies = Object.fromEntries(
    targets.map((t) => [t, [FULL_ACCESS, ...(extra[t] ?? []).map((p) => ({ PolicySummary: { Id: p.id, Name: p.name }, Content: JSON.stringify(p.document) }))]]),
  );
  return {
    organization: { Id: 'o-example', MasterAccountId: MGMT, FeatureSet: 'ALL' },
    account: { Id: ACCOUNT, JoinedMethod: joined },
    parents: [
      { Id: 'ou-prod', Type: 'ORGANIZATIONAL_UNIT' },
      { Id: 'r-root', Type: 'ROOT' },
    ],
    policies,
  };
}

export function snapshot(parts: Partial<SnapshotV1> & { users?: SnapshotV1['users'] } = {}, iam: Partial<SnapshotV1['iam']> = {}): SnapshotV1 {
  return {
    billingAccessSnapshot: 1,
    account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
    organizations: null,
    ...parts,
    iam: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], ...iam },
  };
}

export function model(s: SnapshotV1): AccountModel {
  return buildAccountModel(s, loadShippedManagedPolicies());
}

export function run(s: SnapshotV1, principal: string, settings: Partial<Omit<DiagnoseSettings, 'tasks'>> & { tasks?: TaskId[] } = {}): Diagnosis {
  const { tasks = ['bills'], ...rest } = settings;
  return diagnose(model(s), principal, { actionSet: 'fine-grained', source: { kind: 'snapshot' }, ...rest, tasks: tasks.map(taskById) });
}

export function check(d: Diagnosis, id: string) {
  const found = d.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}
