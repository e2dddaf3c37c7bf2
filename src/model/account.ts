/**
 * The account model: a snapshot indexed for diagnosis. Every policy is compiled at most once, when first used (managed
 * policies by ARN, inline policies by owner + name, SCPs by id AND content: two SCPs may share an
 * id in a damaged or hand-made snapshot, and one must never stand in for the other), so evaluating
 * N principals costs N lookups, not N compilations. Each document keeps its JSON path in the
 * snapshot, so a document that cannot be read is named where it is. Data-keyed lookups are Maps
 * (an OU id `constructor` is just an id). Pure: snapshot in, model out; patches give a new model.
 */
import { compilePolicy, duplicateKeysOf } from '../engine/index.js';
import { joinPath } from '../engine/json.js';
import type { CompiledPolicy } from '../engine/types.js';
import { buildIdentityCenter, SSO_INLINE_POLICY, withPermissionSet, type IdentityCenterModel } from './identity-center.js';
import { isAwsManagedArn, type ShippedManagedPolicy } from './managed-policy.js';
import type {
  ActivationState,
  CollectionGap,
  ManagedPolicyDetail,
  OrgPolicy,
  PermissionSetDetail,
  RawPolicyDocument,
  SnapshotV1,
  UserFacts,
} from './snapshot.js';
import { sh } from './shell.js';

/** Kinds of IAM entity that own policies. */
export type EntityKind = 'user' | 'group' | 'role';

/** An inline policy, compiled, with the label every report uses (`inline <name> on user alice`). */
export interface InlineEntry {
  name: string;
  label: string;
  compiled: CompiledPolicy;
}

/** A user, group or role with its policies as references into the model. */
export interface Entity {
  kind: EntityKind;
  name: string;
  arn: string;
  path: string;
  inline: readonly InlineEntry[];
  /** ARNs of attached managed policies. */
  attached: readonly string[];
  /** Permissions boundary ARN (users and roles). */
  boundaryArn?: string;
  /** Group names (users only). */
  groups?: readonly string[];
  /** IAM tags (users and roles): they become `aws:PrincipalTag/<key>` in requests. */
  tags?: ReadonlyMap<string, string>;
  /** The unique id (`AIDA…`, `AROA…`) from the snapshot, when it has one. */
  id?: string;
}

/** Where a managed policy's document came from. */
export type ManagedOrigin = 'snapshot' | 'shipped';

export interface ManagedEntry {
  arn: string;
  name: string;
  /** Default version id, e.g. `v27`. */
  versionId?: string;
  origin: ManagedOrigin;
  /** For shipped copies: where the copy comes from and its date. */
  originNote?: string;
  compiled: CompiledPolicy;
}

/** One SCP as attached at one level. */
export interface ScpEntry {
  id: string;
  name: string;
  compiled: CompiledPolicy;
}

/** One level of the organization path: root, each OU, the account. */
export interface ScpLevel {
  targetId: string;
  /** `root r-ab12`, `ou ou-ab12-cdef`, `account 111122223333`. */
  name: string;
  policies: readonly ScpEntry[];
}

/** Whether SCPs apply to the account, and if so its levels root first. */
export type ScpModel =
  | { status: 'applies'; levels: readonly ScpLevel[] }
  | { status: 'not-applicable'; reason: string }
  | { status: 'unknown'; reason: string; hint: string };

/** Role of the account in its organization. */
export type OrgRole = 'management' | 'member' | 'standalone' | 'unknown';

export interface AccountModel {
  accountId: string | undefined;
  /** The snapshot the model was built from (facts: caller, users, context, gaps). */
  snapshot: SnapshotV1;
  /** Keyed by lower-cased name: IAM names are unique case-insensitively. */
  users: ReadonlyMap<string, Entity>;
  groups: ReadonlyMap<string, Entity>;
  roles: ReadonlyMap<string, Entity>;
  /** Managed policies by ARN (snapshot copies first, shipped AWS managed copies for the rest). */
  managed: ReadonlyMap<string, ManagedEntry>;
  /** Attached or boundary ARNs with no document anywhere. */
  unresolved: ReadonlySet<string>;
  /** The shipped AWS managed policies, so a proposed attachment can be resolved too. */
  shipped: ReadonlyMap<string, ShippedManagedPolicy>;
  /** A shipped copy as an entry, made and compiled once per model on first use (a fix is re-simulated). */
  shippedEntry(arn: string): ManagedEntry | undefined;
  /** Console facts per user (lower-cased name). */
  userFacts: ReadonlyMap<string, UserFacts>;
  orgRole: OrgRole;
  scp: ScpModel;
  /** Activation as the snapshot records it; inference is the activation check's job. */
  activation: ActivationState;
  /** IAM Identity Center, when the snapshot has it. */
  identityCenter?: IdentityCenterModel;
  /** Compile managed policies again on every use instead of once (only the benchmark's baseline sets it). */
  recompile?: boolean;
}

export interface BuildOptions {
  /** See AccountModel.recompile. */
  recompile?: boolean;
  /** Shared by the models of one run (`audit --org`): see CompileCache. */
  compiled?: CompileCache;
}

/**
 * Compiled policies by source and content, for the policies that are the same in many accounts
 * (AWS managed policies, SCPs): models built with one cache compile each distinct one once for the
 * whole run. The others belong to one account and are compiled per model, so memory stays flat.
 */
export type CompileCache = Map<string, CompiledPolicy>;

/** A policy document in the form the engine accepts; URL-encoded strings are the engine's to decode. */
function compile(source: string, document: RawPolicyDocument | Record<string, unknown>, location?: string): CompiledPolicy {
  return compilePolicy({ source, document, ...(location === undefined ? {} : { location }) });
}

/**
 * The cache key: source and content. A parsed document's repeated keys (which make it unreadable)
 * are part of its content, though JSON.stringify does not see them.
 */
function contentKey(source: string, document: RawPolicyDocument | Record<string, unknown>): string {
  if (typeof document === 'string') return `${source}\0s${document}`;
  const withRepeats = (_: string, value: unknown): unknown => {
    const repeated = duplicateKeysOf(value);
    return repeated === undefined ? value : Object.assign({ '\0repeated': repeated }, value);
  };
  return `${source}\0o${JSON.stringify(document, withRepeats)}`;
}

/** compile, through `cache` when there is one; the copy carries this document's own location. */
function compileShared(cache: CompileCache | undefined, source: string, document: RawPolicyDocument | Record<string, unknown>, location?: string): CompiledPolicy {
  if (cache === undefined) return compile(source, document, location);
  const key = contentKey(source, document);
  let compiled = cache.get(key);
  if (compiled === undefined) cache.set(key, (compiled = compile(source, document, location)));
  if (compiled.location === location) return compiled;
  const { location: _, ...rest } = compiled;
  return location === undefined ? rest : { ...rest, location };
}

/**
 * `entry` with `compiled` computed on first use: a one-principal doctor on a snapshot of thousands
 * compiles only the policies it evaluates. The getter is enumerable, so copies carry the value.
 */
function compiledLazily<T extends object>(entry: T, make: () => CompiledPolicy): T & { readonly compiled: CompiledPolicy } {
  let compiled: CompiledPolicy | undefined;
  return Object.defineProperty(entry, 'compiled', { get: () => (compiled ??= make()), enumerable: true }) as T & { readonly compiled: CompiledPolicy };
}

/** `inline <name> on <kind> <owner>`: the label used in evidence and in the engine's statement sources. */
export function inlineLabel(kind: EntityKind, owner: string, name: string): string {
  return `inline ${name} on ${kind} ${owner}`;
}

/** SCP label used as the compiled policy's source. */
export function scpLabel(name: string, id: string): string {
  return `SCP ${name} (${id})`;
}

function defaultDocument(policy: ManagedPolicyDetail): { versionId?: string; document?: RawPolicyDocument; index?: number } {
  const versions = policy.PolicyVersionList ?? [];
  let index = versions.findIndex((v) => v.IsDefaultVersion);
  if (index < 0) index = versions.findIndex((v) => policy.DefaultVersionId !== undefined && v.VersionId === policy.DefaultVersionId);
  const chosen = versions[index];
  return chosen ? { versionId: chosen.VersionId ?? policy.DefaultVersionId, document: chosen.Document, index } : {};
}

function inlineEntries(
  kind: EntityKind,
  owner: string,
  list: readonly { PolicyName: string; PolicyDocument: RawPolicyDocument }[] | undefined,
  location: string,
): InlineEntry[] {
  return (list ?? []).map((p, i) => {
    const label = inlineLabel(kind, owner, p.PolicyName);
    return compiledLazily({ name: p.PolicyName, label }, () => compile(label, p.PolicyDocument, `${location}[${i}].PolicyDocument`));
  });
}

const key = (name: string): string => name.toLowerCase();

const tagMap = (tags: readonly { Key: string; Value: string }[] | undefined): Map<string, string> => new Map((tags ?? []).map((t) => [t.Key, t.Value]));

function shippedEntry(copy: ShippedManagedPolicy, cache: CompileCache | undefined): ManagedEntry {
  const entry = {
    arn: copy.arn,
    name: copy.name,
    versionId: copy.versionId,
    origin: 'shipped' as const,
    originNote: `shipped copy ${copy.versionId} of ${copy.updated}, from ${copy.source}`,
  };
  return compiledLazily(entry, () => compileShared(cache, copy.arn, copy.document));
}

/** Builds the model; `shipped` resolves AWS managed policies the snapshot does not carry. */
export function buildAccountModel(snapshot: SnapshotV1, shipped: ReadonlyMap<string, ShippedManagedPolicy>, options: BuildOptions = {}): AccountModel {
  const iam = snapshot.iam;
  const users = new Map<string, Entity>();
  const groups = new Map<string, Entity>();
  const roles = new Map<string, Entity>();
  (iam.UserDetailList ?? []).forEach((u, i) => {
    users.set(key(u.UserName), {
      kind: 'user',
      name: u.UserName,
      arn: u.Arn,
      path: u.Path ?? '/',
      inline: inlineEntries('user', u.UserName, u.UserPolicyList, `iam.UserDetailList[${i}].UserPolicyList`),
      attached: (u.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
      boundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn,
      groups: u.GroupList ?? [],
      tags: tagMap(u.Tags),
      ...(u.UserId === undefined ? {} : { id: u.UserId }),
    });
  });
  (iam.GroupDetailList ?? []).forEach((g, i) => {
    groups.set(key(g.GroupName), {
      kind: 'group',
      name: g.GroupName,
      arn: g.Arn,
      path: g.Path ?? '/',
      inline: inlineEntries('group', g.GroupName, g.GroupPolicyList, `iam.GroupDetailList[${i}].GroupPolicyList`),
      attached: (g.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
    });
  });
  (iam.RoleDetailList ?? []).forEach((r, i) => {
    roles.set(key(r.RoleName), {
      kind: 'role',
      name: r.RoleName,
      arn: r.Arn,
      path: r.Path ?? '/',
      inline: inlineEntries('role', r.RoleName, r.RolePolicyList, `iam.RoleDetailList[${i}].RolePolicyList`),
      attached: (r.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
      boundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn,
      tags: tagMap(r.Tags),
      ...(r.RoleId === undefined ? {} : { id: r.RoleId }),
    });
  });

  const managed = new Map<string, ManagedEntry>();
  (iam.Policies ?? []).forEach((p, i) => {
    const { versionId, document, index } = defaultDocument(p);
    if (document === undefined) return;
    const location = `iam.Policies[${i}].PolicyVersionList[${index}].Document`;
    const entry = { arn: p.Arn, name: p.PolicyName, versionId, origin: 'snapshot' as const };
    // AWS managed policies are the same in every account: worth sharing across a run's models.
    const cache = isAwsManagedArn(p.Arn) ? options.compiled : undefined;
    managed.set(p.Arn, compiledLazily(entry, () => compileShared(cache, p.Arn, document, location)));
  });
  const unresolved = new Set<string>();
  const referenced = [...users.values(), ...groups.values(), ...roles.values()].flatMap((e) => [
    ...e.attached,
    ...(e.boundaryArn ? [e.boundaryArn] : []),
  ]);
  const entries = new Map<string, ManagedEntry>();
  const shippedEntryOf = (arn: string): ManagedEntry | undefined => {
    let entry = entries.get(arn);
    const copy = entry === undefined ? shipped.get(arn) : undefined;
    if (copy !== undefined) entries.set(arn, (entry = shippedEntry(copy, options.compiled)));
    return entry;
  };
  for (const arn of referenced) {
    if (managed.has(arn) || unresolved.has(arn)) continue;
    const entry = shippedEntryOf(arn);
    if (entry) managed.set(arn, entry);
    else unresolved.add(arn);
  }

  const accountId = snapshot.account?.id ?? snapshot.caller?.Account ?? snapshot.organizations?.account?.Id ?? accountOf(firstArn(snapshot));
  const userFacts = new Map<string, UserFacts>(Object.entries(snapshot.users ?? {}).map(([name, facts]) => [key(name), facts]));
  const orgRole = organizationRole(snapshot, accountId);
  return {
    accountId,
    snapshot,
    users,
    groups,
    roles,
    managed,
    unresolved,
    shipped,
    shippedEntry: shippedEntryOf,
    userFacts,
    orgRole,
    scp: scpModel(snapshot, accountId, orgRole, options.compiled),
    activation: snapshot.account?.iamUserAccessToBilling ?? 'unknown',
    ...(snapshot.identityCenter ? { identityCenter: buildIdentityCenter(snapshot.identityCenter, accountId) } : {}),
    ...(options.recompile ? { recompile: true } : {}),
  };
}

function firstArn(snapshot: SnapshotV1): string | undefined {
  const iam = snapshot.iam;
  return iam.UserDetailList?.[0]?.Arn ?? iam.RoleDetailList?.[0]?.Arn ?? iam.GroupDetailList?.[0]?.Arn;
}

/** The account id inside an IAM or STS ARN. */
export function accountOf(arn: string | undefined): string | undefined {
  const id = arn?.split(':')[4];
  return id !== undefined && /^\d{12}$/.test(id) ? id : undefined;
}

function organizationRole(snapshot: SnapshotV1, accountId: string | undefined): OrgRole {
  if (snapshot.organizations === null) return 'standalone';
  const org = snapshot.organizations;
  if (org === undefined || accountId === undefined) return 'unknown';
  return org.organization.MasterAccountId === accountId ? 'management' : 'member';
}

const ORG_HINT = 'add the `organizations` part to the snapshot, or run live with --org-profile <a management-account profile>';

function scpGap(gaps: readonly CollectionGap[] | undefined): CollectionGap | undefined {
  return gaps?.find((g) => g.part === 'organizations' || g.part === 'scp');
}

function scpModel(snapshot: SnapshotV1, accountId: string | undefined, orgRole: OrgRole, cache: CompileCache | undefined): ScpModel {
  const org = snapshot.organizations;
  if (org === null) return { status: 'not-applicable', reason: 'the account is in no organization' };
  const gap = scpGap(snapshot.gaps);
  const gapText = gap ? `: ${gap.operation} failed (${gap.error})` : '';
  const hint = gap?.hint ?? ORG_HINT;
  if (org === undefined) return { status: 'unknown', reason: `the snapshot has no Organizations facts${gapText}`, hint };
  if (orgRole === 'management') {
    return { status: 'not-applicable', reason: `this is the management account ${org.organization.MasterAccountId}, which SCPs never restrict` };
  }
  if (org.organization.FeatureSet === 'CONSOLIDATED_BILLING') {
    return { status: 'not-applicable', reason: 'the organization has only consolidated billing features enabled' };
  }
  if (org.parents === undefined || org.parents.length === 0) {
    const parentsHint = gap?.hint ?? 'add `organizations.parents`, nearest first up to the root (`aws organizations list-parents --child-id <id>`, repeated)';
    return { status: 'unknown', reason: `the OU path of the account is not in the snapshot${gapText}`, hint: parentsHint };
  }
  if (org.policies === undefined) {
    const policiesHint = gap?.hint ?? 'add `organizations.policies`: for the root, each OU and the account, the SCPs attached there';
    return { status: 'unknown', reason: `the SCPs of the organization could not be read${gapText}`, hint: policiesHint };
  }
  const account = org.account?.Id ?? accountId;
  if (account === undefined) return { status: 'unknown', reason: 'the account id is not in the snapshot', hint };
  const targets = [
    ...[...org.parents].reverse().map((p) => ({ id: p.Id, name: `${p.Type === 'ROOT' ? 'root' : 'ou'} ${p.Id}` })),
    { id: account, name: `account ${account}` },
  ];
  // Cached by id, name AND content (the content string, or the object itself): never by id alone.
  const compiled = new Map<string, Map<unknown, ScpEntry>>();
  const byTarget = new Map(Object.entries(org.policies));
  const levels: ScpLevel[] = [];
  for (const target of targets) {
    const attached: OrgPolicy[] | undefined = byTarget.get(target.id);
    if (attached === undefined) {
      // The organization part is there; only this level is missing, so say exactly what to add.
      const levelHint = gap?.hint ??
        `add \`organizations.policies["${target.id}"]\`: the \`.Policy\` of \`aws organizations describe-policy\` for each id that \`${sh`aws organizations list-policies-for-target --target-id ${target.id} --filter SERVICE_CONTROL_POLICY`}\` lists`;
      return { status: 'unknown', reason: `the SCPs attached to ${target.name} are not in the snapshot${gapText}`, hint: levelHint };
    }
    const policies = attached.map((p, k) => {
      const { Id: id, Name: name } = p.PolicySummary;
      const sameId = compiled.get(`${id}\0${name}`) ?? new Map<unknown, ScpEntry>();
      compiled.set(`${id}\0${name}`, sameId);
      let entry = sameId.get(p.Content);
      if (!entry) {
        const location = `${joinPath('organizations.policies', target.id)}[${k}].Content`;
        entry = { id, name, compiled: compileShared(cache, scpLabel(name, id), p.Content, location) };
        sameId.set(p.Content, entry);
      }
      return entry;
    });
    levels.push({ targetId: target.id, name: target.name, policies });
  }
  return { status: 'applies', levels };
}

/** The entity's own policies plus its groups' (users), in a stable order: inline, then attached. */
export function identityPolicies(model: AccountModel, entity: Entity): { policies: CompiledPolicy[]; unresolved: string[] } {
  const owners = [entity, ...(entity.groups ?? []).flatMap((g) => model.groups.get(key(g)) ?? [])];
  const policies: CompiledPolicy[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  for (const owner of owners) {
    for (const inline of owner.inline) policies.push(inline.compiled);
    for (const arn of owner.attached) {
      if (seen.has(arn)) continue;
      seen.add(arn);
      const entry = model.managed.get(arn);
      if (entry) policies.push(model.recompile ? compile(arn, entry.compiled.document as unknown as Record<string, unknown>) : entry.compiled);
      else unresolved.push(arn);
    }
  }
  return { policies, unresolved };
}

export function findEntity(model: AccountModel, kind: EntityKind, name: string): Entity | undefined {
  const map = kind === 'user' ? model.users : kind === 'group' ? model.groups : model.roles;
  return map.get(key(name));
}

// ---- Patches: proposed remediations applied to a copy of the model, to prove they work. ----

/** A change a remediation proposes, applied to a copy of the model (never to AWS). */
export type ModelPatch =
  | { kind: 'set-activation'; state: ActivationState }
  | { kind: 'attach-managed'; owner: { kind: EntityKind; name: string }; arn: string }
  | { kind: 'detach-managed'; owner: { kind: EntityKind; name: string }; arn: string }
  | { kind: 'put-inline'; owner: { kind: EntityKind; name: string }; name: string; document: unknown }
  | { kind: 'replace-managed-document'; arn: string; document: unknown }
  | { kind: 'replace-scp'; id: string; document: unknown }
  | { kind: 'add-scp'; targetId: string; id: string; name: string; document: unknown }
  | { kind: 'set-boundary'; owner: { kind: EntityKind; name: string }; arn: string | undefined }
  | { kind: 'set-user-facts'; user: string; facts: UserFacts }
  | { kind: 'provision-role'; role: string; policies: RolePolicies }
  | { kind: 'update-permission-set'; detail: PermissionSetDetail };

/** What provisioning a permission set leaves on its role: exactly these policies, nothing else. */
export interface RolePolicies {
  inline?: unknown;
  attached: readonly string[];
  boundaryArn?: string;
}

/** Adds shipped copies for ARNs the model has no document for (a proposed attachment must resolve too). */
function withShipped(model: AccountModel, arns: readonly (string | undefined)[]): AccountModel {
  const missing = arns.filter((arn): arn is string => arn !== undefined && !model.managed.has(arn) && model.shipped.has(arn));
  if (missing.length === 0) return model;
  const managed = new Map(model.managed);
  for (const arn of missing) managed.set(arn, model.shippedEntry(arn) as ManagedEntry);
  return { ...model, managed };
}

function withEntity(model: AccountModel, kind: EntityKind, name: string, change: (e: Entity) => Entity): AccountModel {
  const entity = findEntity(model, kind, name);
  if (!entity) throw new Error(`patch: no ${kind} named ${name}`);
  const map = new Map(kind === 'user' ? model.users : kind === 'group' ? model.groups : model.roles);
  map.set(key(name), change(entity));
  return kind === 'user' ? { ...model, users: map } : kind === 'group' ? { ...model, groups: map } : { ...model, roles: map };
}

function mapScps(model: AccountModel, change: (level: ScpLevel) => ScpLevel): AccountModel {
  if (model.scp.status !== 'applies') throw new Error('patch: SCPs do not apply to this account');
  return { ...model, scp: { status: 'applies', levels: model.scp.levels.map(change) } };
}

/** Applies a patch; only the changed policy is compiled again. */
export function applyPatch(model: AccountModel, patch: ModelPatch): AccountModel {
  switch (patch.kind) {
    case 'set-activation':
      return { ...model, activation: patch.state };
    case 'attach-managed':
      return withShipped(withEntity(model, patch.owner.kind, patch.owner.name, (e) => ({ ...e, attached: [...e.attached, patch.arn] })), [patch.arn]);
    case 'update-permission-set':
      if (!model.identityCenter) throw new Error('patch: the snapshot has no Identity Center part');
      return { ...model, identityCenter: withPermissionSet(model.identityCenter, patch.detail) };
    case 'provision-role': {
      const { inline, attached, boundaryArn } = patch.policies;
      const provisioned = withEntity(model, 'role', patch.role, (e) => {
        const label = inlineLabel('role', e.name, SSO_INLINE_POLICY);
        const entries = inline === undefined ? [] : [{ name: SSO_INLINE_POLICY, label, compiled: compile(label, inline as Record<string, unknown>) }];
        return { ...e, inline: entries, attached: [...attached], boundaryArn };
      });
      return withShipped(provisioned, [...attached, boundaryArn]);
    }
    case 'detach-managed':
      return withEntity(model, patch.owner.kind, patch.owner.name, (e) => ({ ...e, attached: e.attached.filter((a) => a !== patch.arn) }));
    case 'put-inline':
      return withEntity(model, patch.owner.kind, patch.owner.name, (e) => {
        const label = inlineLabel(e.kind, e.name, patch.name);
        const entry = { name: patch.name, label, compiled: compile(label, patch.document as Record<string, unknown>) };
        return { ...e, inline: [...e.inline.filter((i) => i.name !== patch.name), entry] };
      });
    case 'replace-managed-document': {
      const entry = model.managed.get(patch.arn);
      if (!entry) throw new Error(`patch: no managed policy ${patch.arn}`);
      const managed = new Map(model.managed);
      managed.set(patch.arn, { ...entry, compiled: compile(patch.arn, patch.document as Record<string, unknown>) });
      return { ...model, managed };
    }
    case 'replace-scp':
      return mapScps(model, (level) => ({
        ...level,
        policies: level.policies.map((p) =>
          p.id === patch.id ? { ...p, compiled: compile(scpLabel(p.name, p.id), patch.document as Record<string, unknown>) } : p,
        ),
      }));
    case 'add-scp':
      return mapScps(model, (level) =>
        level.targetId === patch.targetId
          ? { ...level, policies: [...level.policies, { id: patch.id, name: patch.name, compiled: compile(scpLabel(patch.name, patch.id), patch.document as Record<string, unknown>) }] }
          : level,
      );
    case 'set-boundary':
      return withEntity(model, patch.owner.kind, patch.owner.name, (e) => ({ ...e, boundaryArn: patch.arn }));
    case 'set-user-facts': {
      const userFacts = new Map(model.userFacts);
      userFacts.set(key(patch.user), { ...userFacts.get(key(patch.user)), ...patch.facts });
      return { ...model, userFacts };
    }
  }
}
