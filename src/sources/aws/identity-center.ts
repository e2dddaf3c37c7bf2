/**
 * Live collection of IAM Identity Center (design section 9), read-only, with the profile that can
 * read it (the management or delegated-administrator account: `--org-profile`). Loaded only when
 * Identity Center is read, so no other run loads its SDK clients. Every list is paginated, reads
 * per permission set and per group run a few at a time, and each read that fails is a named gap
 * (part `identity-center`) while the rest is still collected.
 */
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListInstances,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  paginateListPermissionSetsProvisionedToAccount,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { IdentitystoreClient, paginateListGroupMemberships, paginateListGroups, paginateListUsers } from '@aws-sdk/client-identitystore';
import type {
  AccountAssignment,
  CollectionGap,
  GroupMembership,
  IdentityCenterPart,
  IdentityStoreGroup,
  IdentityStoreUser,
  PermissionSetDetail,
} from '../../model/snapshot.js';
import { isUser } from '../../model/identity-center.js';
import type { Progress } from '../../ui/progress.js';
import { guardedConfig, profileIdentity, type ClientIdentity } from './client-config.js';
import { errorCode, fatalAwsError, gapFor, isCredentialOrNetworkError, isDenial } from './errors.js';
import { mapLimit, once } from './limit.js';
import { readOnly, ReadOnlyViolation } from './read-only.js';

/** Reads in flight at once; sso-admin's quotas are low (a few requests per second per account). */
const CONCURRENCY = 4;

export interface IdentityCenterSource {
  profile?: string;
  region: string;
  /** For gaps and messages: the profile name, or `default`. */
  profileLabel: string;
  /** Whether the profile was given as --org-profile (else the hint suggests it). */
  orgProfileGiven: boolean;
  /** The credentials of the run's clients for this profile, so a role is not assumed again. */
  identity?: ClientIdentity;
}

/** The sso-admin and identitystore clients, each with the guarded request handler and behind the read-only middleware. */
export function identityCenterClients(source: Pick<IdentityCenterSource, 'profile' | 'region' | 'identity'>): { sso: SSOAdminClient; store: IdentitystoreClient } {
  const identity = source.identity ?? profileIdentity(source.profile, source.region);
  const sso = new SSOAdminClient(guardedConfig('sso-admin', identity));
  const store = new IdentitystoreClient(guardedConfig('identitystore', identity));
  // These two clients may pin an older @smithy/types than the others; the middleware is the same.
  sso.middlewareStack.use(readOnly('sso-admin') as Parameters<typeof sso.middlewareStack.use>[0]);
  store.middlewareStack.use(readOnly('identitystore') as Parameters<typeof store.middlewareStack.use>[0]);
  return { sso, store };
}

type Read<T> = { ok: true; value: T } | { ok: false };

/** The only reads whose answer depends on the account; every other one is the same for the whole organization. */
const PER_ACCOUNT = new Set(['sso-admin:ListPermissionSetsProvisionedToAccount', 'sso-admin:ListAccountAssignments']);

/**
 * One run's Identity Center: its clients, and the account-independent reads (the instance,
 * permission sets and their policies, users, groups, memberships) each sent at most once, however
 * many accounts ask (`audit --org`); concurrent askers share the read in flight.
 */
export class IdentityCenterRun {
  readonly sso: SSOAdminClient;
  readonly store: IdentitystoreClient;
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(source: Pick<IdentityCenterSource, 'profile' | 'region' | 'identity'>) {
    ({ sso: this.sso, store: this.store } = identityCenterClients(source));
  }

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    // A failed read is tried again by the next account that needs it (and is that account's gap too).
    return once(this.reads, key, read) as Promise<T>;
  }

  destroy(): void {
    this.sso.destroy();
    this.store.destroy();
  }
}

/** Sends reads and records each refusal as a gap; credential and network failures stay fatal. */
class Reader {
  readonly gaps: CollectionGap[] = [];

  constructor(
    private readonly source: IdentityCenterSource,
    private readonly progress: Progress,
    private readonly run: IdentityCenterRun,
  ) {}

  async read<T>(operation: string, resource: string | undefined, call: () => Promise<T>): Promise<Read<T>>;
  /** `absent`: the error code that means "there is none" (not a failure), read as `undefined`. */
  async read<T>(operation: string, resource: string | undefined, call: () => Promise<T>, absent: string): Promise<Read<T | undefined>>;
  async read<T>(operation: string, resource: string | undefined, call: () => Promise<T>, absent?: string): Promise<Read<T | undefined>> {
    // "There is none" is an answer, shared like any other.
    const attempt = absent === undefined ? call : () => call().catch((error: unknown) => (errorCode(error) === absent ? undefined : Promise.reject(error)));
    try {
      return { ok: true, value: await (PER_ACCOUNT.has(operation) ? attempt() : this.run.once(`${operation} ${resource ?? ''}`, attempt)) };
    } catch (error) {
      // Identity Center is optional: anything but unusable credentials or an unreachable endpoint
      // (a refusal, throttling after every retry, an implementation without the operation) is a gap.
      if (error instanceof ReadOnlyViolation) throw error;
      if (isCredentialOrNetworkError(error)) throw fatalAwsError(error, operation, this.source.profileLabel);
      this.gap(operation, resource, error);
      return { ok: false };
    }
  }

  private gap(operation: string, resource: string | undefined, error: unknown): void {
    const elsewhere = 'Identity Center is read in the management or delegated-administrator account: pass --org-profile';
    const hints = isDenial(error) && !this.source.orgProfileGiven ? [elsewhere] : [];
    this.gaps.push(gapFor('identity-center', operation, this.source.profileLabel, error, hints, resource));
    this.progress.warn(`${operation}${resource !== undefined ? ` (${resource})` : ''} failed (${errorCode(error)}); what needs it will be unknown`);
  }
}

async function all<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/**
 * The Identity Center part for `accountId`: the instance, every permission set (name and ARN), the
 * policies of those assigned or provisioned here, this account's assignments, and the identity
 * store users and groups they name. `undefined` when the profile sees no instance (or cannot list).
 * `shared`: the run's clients and reads, when several accounts are read (else one for this call).
 */
export async function collectIdentityCenter(
  source: IdentityCenterSource,
  accountId: string,
  principal: string | undefined,
  progress: Progress,
  shared?: IdentityCenterRun,
): Promise<{ part?: IdentityCenterPart; gaps: CollectionGap[] }> {
  const run = shared ?? new IdentityCenterRun(source);
  const { sso, store } = run;
  const r = new Reader(source, progress, run);
  try {
    progress.step(`Reading IAM Identity Center (sso-admin:ListInstances, profile ${source.profileLabel})`);
    const instances = await r.read('sso-admin:ListInstances', undefined, () => all(paginateListInstances({ client: sso }, {}), (p) => p.Instances));
    if (!instances.ok) return { gaps: r.gaps };
    const instance = activeInstance(instances.value);
    if (instance?.InstanceArn === undefined || instance.IdentityStoreId === undefined) return { gaps: r.gaps };
    const InstanceArn = instance.InstanceArn;
    const IdentityStoreId = instance.IdentityStoreId;

    const listed = await r.read('sso-admin:ListPermissionSets', InstanceArn, () =>
      all(paginateListPermissionSets({ client: sso }, { InstanceArn }), (p) => p.PermissionSets),
    );
    const provisioned = await r.read('sso-admin:ListPermissionSetsProvisionedToAccount', accountId, () =>
      all(paginateListPermissionSetsProvisionedToAccount({ client: sso }, { InstanceArn, AccountId: accountId }), (p) => p.PermissionSets),
    );
    const arns = [...new Set([...(listed.ok ? listed.value : []), ...(provisioned.ok ? provisioned.value : [])])];
    // An assignment provisions its set to the account (sso-admin API Reference, CreateAccountAssignment):
    // only provisioned sets can be assigned here, unless that list could not be read.
    const assignable = new Set(provisioned.ok ? provisioned.value : arns);

    progress.step(`Reading ${arns.length} permission sets and their assignments in account ${accountId} (sso-admin)`);
    const perSet = await mapLimit(arns, CONCURRENCY, async (PermissionSetArn) => {
      const described = await r.read('sso-admin:DescribePermissionSet', PermissionSetArn, () =>
        sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn })),
      );
      const assigned = !assignable.has(PermissionSetArn)
        ? ({ ok: true, value: [] } as const)
        : await r.read('sso-admin:ListAccountAssignments', PermissionSetArn, () =>
            all(paginateListAccountAssignments({ client: sso }, { InstanceArn, AccountId: accountId, PermissionSetArn }), (p) => p.AccountAssignments),
          );
      return { PermissionSetArn, described, assigned };
    });
    const assignments: AccountAssignment[] = perSet.flatMap((s) =>
      (s.assigned.ok ? s.assigned.value : []).flatMap((a) =>
        a.PrincipalId && (a.PrincipalType === 'USER' || a.PrincipalType === 'GROUP')
          ? [{ AccountId: a.AccountId ?? accountId, PermissionSetArn: a.PermissionSetArn ?? s.PermissionSetArn, PrincipalType: a.PrincipalType, PrincipalId: a.PrincipalId }]
          : [],
      ),
    );
    // Policies only of the sets that matter here: assigned in, or provisioned to, this account.
    const relevant = new Set([...assignments.map((a) => a.PermissionSetArn), ...(provisioned.ok ? provisioned.value : [])]);
    const permissionSets = await mapLimit(perSet, CONCURRENCY, async (s): Promise<PermissionSetDetail | undefined> => {
      const d = s.described.ok ? s.described.value.PermissionSet : undefined;
      if (d?.Name === undefined) return undefined;
      const detail: PermissionSetDetail = {
        Name: d.Name,
        PermissionSetArn: s.PermissionSetArn,
        ...(d.Description !== undefined ? { Description: d.Description } : {}),
        // An ISO 8601 duration; moto 5.2.1 answers a number of seconds when none was set: left out.
        ...(typeof d.SessionDuration === 'string' ? { SessionDuration: d.SessionDuration } : {}),
      };
      return relevant.has(s.PermissionSetArn) ? { ...detail, ...(await policiesOf(r, sso, InstanceArn, s.PermissionSetArn)) } : detail;
    });

    const people = await identityStore(r, store, IdentityStoreId, assignments, principal, progress);
    const part: IdentityCenterPart = {
      instance: {
        InstanceArn,
        IdentityStoreId,
        ...(instance.OwnerAccountId ? { OwnerAccountId: instance.OwnerAccountId } : {}),
        ...(instance.Name ? { Name: instance.Name } : {}),
        ...(instance.Status ? { Status: instance.Status } : {}),
      },
      permissionSets: permissionSets.filter((p): p is PermissionSetDetail => p !== undefined).sort((a, b) => a.Name.localeCompare(b.Name)),
      assignments,
      ...people,
      ...(provisioned.ok ? { provisioned: [...provisioned.value].sort() } : {}),
    };
    return { part, gaps: r.gaps };
  } finally {
    if (shared === undefined) run.destroy();
  }
}

/**
 * Whether a user of the identity store goes by `principal` (user name, e-mail address or id): two
 * reads, for doctor of an IAM principal, through the caller's `run` so that the full read after it
 * sends neither again. Undefined when that cannot be told (no instance is not such a case); the
 * full read then runs and records what failed, so nothing is warned here.
 */
export async function identityCenterUserNamed(source: IdentityCenterSource, principal: string, progress: Progress, run: IdentityCenterRun): Promise<boolean | undefined> {
  const { sso, store } = run;
  const r = new Reader(source, { step: () => undefined, warn: () => undefined, stop: () => undefined }, run);
  progress.step(`Looking for an IAM Identity Center user named ${principal} (sso-admin:ListInstances, identitystore:ListUsers, profile ${source.profileLabel})`);
  const instances = await r.read('sso-admin:ListInstances', undefined, () => all(paginateListInstances({ client: sso }, {}), (p) => p.Instances));
  if (!instances.ok) return undefined;
  const IdentityStoreId = activeInstance(instances.value)?.IdentityStoreId;
  if (IdentityStoreId === undefined) return false;
  const users = await r.read('identitystore:ListUsers', IdentityStoreId, () => all(paginateListUsers({ client: store }, { IdentityStoreId }), (p) => p.Users));
  return users.ok ? users.value.some((u) => isUser(u, principal)) : undefined;
}

/** The instance a run reads: the active one, else the first listed. */
function activeInstance<T extends { Status?: string }>(instances: readonly T[]): T | undefined {
  return instances.find((i) => i.Status === undefined || i.Status === 'ACTIVE') ?? instances[0];
}

/** Inline policy, AWS managed policies, customer managed references and boundary of one set; an unread one is left out (and is a gap). */
async function policiesOf(r: Reader, sso: SSOAdminClient, InstanceArn: string, PermissionSetArn: string): Promise<Partial<PermissionSetDetail>> {
  const input = { InstanceArn, PermissionSetArn };
  const [inline, managed, customer, boundary] = await Promise.all([
    r.read('sso-admin:GetInlinePolicyForPermissionSet', PermissionSetArn, () => sso.send(new GetInlinePolicyForPermissionSetCommand(input))),
    r.read('sso-admin:ListManagedPoliciesInPermissionSet', PermissionSetArn, () =>
      all(paginateListManagedPoliciesInPermissionSet({ client: sso }, input), (p) => p.AttachedManagedPolicies),
    ),
    r.read('sso-admin:ListCustomerManagedPolicyReferencesInPermissionSet', PermissionSetArn, () =>
      all(paginateListCustomerManagedPolicyReferencesInPermissionSet({ client: sso }, input), (p) => p.CustomerManagedPolicyReferences),
    ),
    readBoundary(r, sso, input),
  ]);
  return {
    ...(inline.ok && inline.value.InlinePolicy ? { InlinePolicy: inline.value.InlinePolicy } : {}),
    ...(managed.ok ? { AttachedManagedPolicies: managed.value.flatMap((m) => (m.Arn ? [{ Arn: m.Arn, ...(m.Name ? { Name: m.Name } : {}) }] : [])) } : {}),
    ...(customer.ok ? { CustomerManagedPolicyReferences: customer.value.flatMap((c) => (c.Name ? [{ Name: c.Name, Path: c.Path ?? '/' }] : [])) } : {}),
    ...(boundary ? { PermissionsBoundary: boundary } : {}),
  };
}

async function readBoundary(r: Reader, sso: SSOAdminClient, input: { InstanceArn: string; PermissionSetArn: string }): Promise<PermissionSetDetail['PermissionsBoundary']> {
  // A set without a boundary answers ResourceNotFoundException: that is "none", not a gap.
  const read = await r.read('sso-admin:GetPermissionsBoundaryForPermissionSet', input.PermissionSetArn, () => sso.send(new GetPermissionsBoundaryForPermissionSetCommand(input)), 'ResourceNotFoundException');
  const b = read.ok ? read.value?.PermissionsBoundary : undefined;
  if (b?.ManagedPolicyArn) return { ManagedPolicyArn: b.ManagedPolicyArn };
  const ref = b?.CustomerManagedPolicyReference;
  return ref?.Name ? { CustomerManagedPolicyReference: { Name: ref.Name, Path: ref.Path ?? '/' } } : undefined;
}

/** Users and groups the assignments name (directly, or as members of an assigned group), with those groups' memberships. */
async function identityStore(
  r: Reader,
  store: IdentitystoreClient,
  IdentityStoreId: string,
  assignments: readonly AccountAssignment[],
  principal: string | undefined,
  progress: Progress,
): Promise<Pick<IdentityCenterPart, 'users' | 'groups' | 'memberships'>> {
  const groupIds = [...new Set(assignments.filter((a) => a.PrincipalType === 'GROUP').map((a) => a.PrincipalId))].sort();
  progress.step(`Reading the identity store ${IdentityStoreId} (identitystore:ListUsers, ListGroups, ListGroupMemberships)`);
  const members = await mapLimit(groupIds, CONCURRENCY, (GroupId) =>
    r.read('identitystore:ListGroupMemberships', GroupId, () => all(paginateListGroupMemberships({ client: store }, { IdentityStoreId, GroupId }), (p) => p.GroupMemberships)),
  );
  const memberships: GroupMembership[] = members.flatMap((m, i) =>
    (m.ok ? m.value : []).flatMap((g) => (g.MemberId && 'UserId' in g.MemberId && g.MemberId.UserId ? [{ GroupId: groupIds[i] as string, MemberId: { UserId: g.MemberId.UserId } }] : [])),
  );
  const named = new Set([...assignments.filter((a) => a.PrincipalType === 'USER').map((a) => a.PrincipalId), ...memberships.map((m) => m.MemberId.UserId)]);
  const users = await r.read('identitystore:ListUsers', IdentityStoreId, () => all(paginateListUsers({ client: store }, { IdentityStoreId }), (p) => p.Users));
  const groups = groupIds.length === 0 ? { ok: true as const, value: [] } : await r.read('identitystore:ListGroups', IdentityStoreId, () => all(paginateListGroups({ client: store }, { IdentityStoreId }), (p) => p.Groups));
  const wantedGroups = new Set(groupIds);
  // The --principal too, when she is assigned nothing here: then the diagnosis can say so.
  const isPrincipal = (u: Parameters<typeof isUser>[0]): boolean => principal !== undefined && isUser(u, principal);
  return {
    users: (users.ok ? users.value : []).flatMap((u): IdentityStoreUser[] =>
      u.UserId && u.UserName && (named.has(u.UserId) || isPrincipal(u))
        ? [{
            UserId: u.UserId,
            UserName: u.UserName,
            ...(u.DisplayName ? { DisplayName: u.DisplayName } : {}),
            ...(u.Emails ? { Emails: u.Emails.map((e) => ({ ...(e.Value ? { Value: e.Value } : {}), ...(e.Type ? { Type: e.Type } : {}), ...(e.Primary !== undefined ? { Primary: e.Primary } : {}) })) } : {}),
          }]
        : [],
    ).sort((a, b) => a.UserName.localeCompare(b.UserName)),
    groups: (groups.ok ? groups.value : []).flatMap((g): IdentityStoreGroup[] =>
      g.GroupId && wantedGroups.has(g.GroupId) ? [{ GroupId: g.GroupId, ...(g.DisplayName ? { DisplayName: g.DisplayName } : {}) }] : [],
    ),
    memberships,
  };
}
