/**
 * Live collection: reads an account into the snapshot model (design sections 4 and 6), so live and
 * offline runs feed the same checks. Only read calls (see read-only.ts); a refused read becomes a
 * CollectionGap and leaves its part absent, so the dependent check is `unknown`, never `pass`.
 */
import {
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListMFADevices,
  paginateListPolicies,
  type EntityType,
  type Policy,
} from '@aws-sdk/client-iam';
import { DescribeAccountCommand, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type {
  AuthorizationDetails,
  CollectionGap,
  IdentityCenterPart,
  ManagedPolicyDetail,
  OrganizationsPart,
  RawPolicyDocument,
  SnapshotPart,
  SnapshotV1,
  UserFacts,
} from '../../model/snapshot.js';
import { isUser } from '../../model/identity-center.js';
import { permissionSetOf } from '../../model/principal.js';
import type { Progress } from '../../ui/progress.js';
import { hasEnvCredentials, requireProfile } from '../aws-profiles.js';
import { createClients, destroyClients, type AwsClients } from './clients.js';
import { errorCode, fatalAwsError, gapFor, isReadRefusal } from './errors.js';
import { mapLimit, once } from './limit.js';
import { readCredentialReport } from './credential-report.js';
import { loadShippedManagedPolicies } from '../managed-policies.js';
import { OrgReads, readScps } from './org-reads.js';

/** Options for live collection. */
export interface LiveOptions {
  profile?: string;
  region: string;
  orgProfile?: string;
  principal?: string;
  /** Without a principal, read the console facts of every IAM user (for `audit` of the snapshot), not just the caller's. */
  allUsers?: boolean;
  /** doctor: read what the diagnosis of `principal` needs, not a whole snapshot (see identityCenterRead). */
  onePrincipal?: boolean;
}

/** Calls in flight at once within one step; low enough to stay clear of IAM's request quotas. */
const CONCURRENCY = 4;

/** GAAD's entity types; AWSManagedPolicy only when asked (see collectIam). */
const GAAD_FILTER: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy'];

const AWS_MANAGED_POLICY = /^arn:[\w-]+:iam::aws:policy\//;
const USER_ARN = /^arn:[\w-]+:(?:iam|sts)::\d{12}:user\/(?:.*\/)?([^/]+)$/;

/** Outcome of one read: its value, or the service's refusal (fatal errors are thrown as ExitError). */
type Read<T> = { ok: true; value: T } | { ok: false; error: unknown };

export class Collection {
  readonly gaps: CollectionGap[] = [];

  constructor(
    readonly main: AwsClients,
    readonly org: AwsClients,
    readonly orgProfileGiven: boolean,
    readonly progress: Progress,
  ) {}

  async read<T>(operation: string, clients: AwsClients, call: () => Promise<T>): Promise<Read<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      if (isReadRefusal(error)) return { ok: false, error };
      throw fatalAwsError(error, operation, clients.profileLabel);
    }
  }

  gap(part: SnapshotPart, operation: string, clients: AwsClients, error: unknown): void {
    const memberHint = 'member accounts cannot read SCPs: pass --org-profile with a profile in the management or delegated-administrator account';
    const hints = operation.startsWith('organizations:') && !this.orgProfileGiven ? [memberHint] : [];
    this.gaps.push(gapFor(part, operation, clients.profileLabel, error, hints));
    this.progress.warn(`${operation} failed (${errorCode(error)}); the checks that need it will be unknown`);
  }

  /** Gaps in the order of the parts (reads that ran side by side finish in any order); stable within a part. */
  sortGaps(): void {
    this.gaps.sort((a, b) => PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part));
  }
}

/** The profiles a live run will use exist, before any call (the SDK's own error names none). */
async function requireProfiles(options: LiveOptions, env: NodeJS.ProcessEnv): Promise<void> {
  if (options.profile !== undefined) await requireProfile(options.profile, '--profile', env);
  else if (env.AWS_PROFILE && !hasEnvCredentials(env)) await requireProfile(env.AWS_PROFILE, 'AWS_PROFILE', env);
  if (options.orgProfile !== undefined) await requireProfile(options.orgProfile, '--org-profile', env);
}

const PART_ORDER: readonly SnapshotPart[] = ['caller', 'iam', 'managed-policies', 'users', 'identity-center', 'organizations', 'scp'];

export async function collectSnapshot(options: LiveOptions, progress: Progress): Promise<SnapshotV1> {
  await requireProfiles(options, process.env);
  const main = createClients(options.profile, options.region);
  const org = options.orgProfile !== undefined ? createClients(options.orgProfile, options.region) : main;
  try {
    const c = new Collection(main, org, options.orgProfile !== undefined, progress);

    progress.step('Reading the caller identity (sts:GetCallerIdentity)');
    const identity = await c.read('sts:GetCallerIdentity', main, () => main.sts.send(new GetCallerIdentityCommand({})));
    if (!identity.ok) throw fatalAwsError(identity.error, 'sts:GetCallerIdentity', main.profileLabel);
    const accountId = identity.value.Account ?? '';
    const caller = { UserId: identity.value.UserId, Account: accountId, Arn: identity.value.Arn ?? '' };

    // IAM and Organizations are independent: read side by side (each with its own bounded concurrency).
    // Identity Center (with the management-account profile, or when --principal may name one of its
    // users) depends on IAM only, so it follows IAM while Organizations is read.
    const readIam = async () => {
      const iam = await collectIam(c, options.onePrincipal === true);
      if (iam !== undefined) iam.Policies.push(...(await collectAttachedAwsManagedPolicies(c, iam)));
      const names = options.allUsers && options.principal === undefined && iam !== undefined ? iam.UserDetailList.map((u) => u.UserName) : targetUsers(options.principal, caller.Arn, iam);
      const notInIam = options.principal !== undefined && names.length === 0 && iam !== undefined && roleNamed(options.principal, iam) === undefined;
      // One user (doctor): two reads, with the exact MFA device count; more: the credential report.
      const users = names.length > 1 ? await consoleFacts(c, names) : await collectUsers(c, names);
      const icRead = identityCenterRead(options, iam, notInIam);
      const identityCenter = icRead === 'none' ? undefined : await readIdentityCenter(c, options, accountId, icRead === 'name-check');
      return { iam, users, notInIam, identityCenter };
    };
    const [{ iam, users, notInIam, identityCenter }, organizations] = await Promise.all([readIam(), collectOrganizations(c, accountId)]);
    if (notInIam && !knowsUser(identityCenter, options.principal)) {
      progress.warn(`--principal ${options.principal}: no IAM user or role of that name in account ${accountId}; no console facts recorded`);
    }
    // Sorted once every read, Identity Center's too, has added its gaps.
    c.sortGaps();

    const snapshot: SnapshotV1 = {
      billingAccessSnapshot: 1,
      capturedAt: new Date().toISOString(),
      account: { id: accountId },
      caller,
      iam: iam ?? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
      ...(Object.keys(users).length > 0 ? { users } : {}),
      ...(organizations !== undefined ? { organizations } : {}),
      ...(identityCenter !== undefined ? { identityCenter } : {}),
      ...(c.gaps.length > 0 ? { gaps: c.gaps } : {}),
    };
    // Through JSON once, so a live run hands the checks exactly what a snapshot file would (dates as strings, no SDK metadata).
    return JSON.parse(JSON.stringify(snapshot)) as SnapshotV1;
  } finally {
    progress.stop();
    destroyClients(main);
    if (org !== main) destroyClients(org);
  }
}

/**
 * The console facts of one more principal (the wizard's pick, after a run that read only the
 * caller's): its login profile and MFA devices, merged into the snapshot with any new gaps.
 */
export async function collectPrincipalFacts(options: LiveOptions, snapshot: SnapshotV1, principal: string, progress: Progress): Promise<SnapshotV1> {
  const names = targetUsers(principal, snapshot.caller?.Arn ?? '', snapshot.iam).filter((name) => snapshot.users?.[name] === undefined);
  if (names.length === 0) return snapshot;
  const main = createClients(options.profile, options.region);
  try {
    const c = new Collection(main, main, options.orgProfile !== undefined, progress);
    const users = await collectUsers(c, names);
    const gaps = [...(snapshot.gaps ?? []), ...c.gaps];
    return { ...snapshot, users: { ...snapshot.users, ...users }, ...(gaps.length > 0 ? { gaps } : {}) };
  } finally {
    progress.stop();
    destroyClients(main);
  }
}

/** How much of Identity Center a run reads: all of it, only whether one of its users bears the principal's name, or nothing. */
type IdentityCenterRead = 'all' | 'name-check' | 'none';

/**
 * doctor of an IAM user, or of a role Identity Center does not provision, needs nothing from
 * Identity Center but whether one of its users goes by the same name (then a bare --principal is
 * ambiguous); an ARN or `user/…`, `role/…` cannot name such a user. Everything else reads it all.
 */
function identityCenterRead(options: LiveOptions, iam: AuthorizationDetails | undefined, notInIam: boolean): IdentityCenterRead {
  if (options.orgProfile === undefined && !notInIam) return 'none';
  const principal = options.principal?.trim();
  if (!options.onePrincipal || principal === undefined || iam === undefined || notInIam) return 'all';
  const role = roleNamed(principal, iam);
  if (role !== undefined && permissionSetOf(role) !== undefined) return 'all';
  return principal.startsWith('arn:') || /^(user|role)\//i.test(principal) ? 'none' : 'name-check';
}

/**
 * Identity Center through its own module (and SDK clients), loaded only here; its gaps join the
 * others. `nameCheck`: the whole part only when a user there bears the principal's name (or that
 * cannot be told), else none, as for a run without Identity Center.
 */
async function readIdentityCenter(c: Collection, options: LiveOptions, accountId: string, nameCheck = false): Promise<IdentityCenterPart | undefined> {
  const { IdentityCenterRun, collectIdentityCenter, identityCenterUserNamed } = await import('./identity-center.js');
  const source = { profile: options.orgProfile ?? options.profile, region: options.region, profileLabel: c.org.profileLabel, orgProfileGiven: c.orgProfileGiven, identity: c.org.identity };
  // One run for the name check and the full read: the two reads they share are sent once.
  const run = new IdentityCenterRun(source);
  try {
    if (nameCheck && options.principal !== undefined && (await identityCenterUserNamed(source, options.principal, c.progress, run)) === false) return undefined;
    const { part, gaps } = await collectIdentityCenter(source, accountId, options.principal, c.progress, run);
    c.gaps.push(...gaps);
    return part;
  } finally {
    run.destroy();
  }
}

function knowsUser(part: IdentityCenterPart | undefined, principal: string | undefined): boolean {
  return principal !== undefined && (part?.users.some((u) => isUser(u, principal)) ?? false);
}

/**
 * The account's IAM in one paginated read. `awsManaged` (doctor): GAAD carries the AWS managed
 * policies in use too, each with its versions, which spares iam:ListPolicies and an
 * iam:GetPolicyVersion per policy whose shipped copy is not the account's default version (the AWS
 * CLI's example output shows one: https://github.com/aws/aws-cli/blob/develop/awscli/examples/iam/get-account-authorization-details.rst).
 * Those not referenced by any entity are dropped, and each keeps only its default version, the one
 * in effect, in the form collectAttachedAwsManagedPolicies gives. `snapshot` and `audit --org` do
 * without: moto answers with all ~1,485 (megabytes, which runs side by side against one moto wait
 * on past the request timeout on a loaded machine), and in an organization one read of each
 * policy serves every account.
 */
export async function collectIam(c: Collection, awsManaged = false): Promise<AuthorizationDetails | undefined> {
  const merged: AuthorizationDetails = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  const operation = 'iam:GetAccountAuthorizationDetails';
  const Filter: EntityType[] = awsManaged ? [...GAAD_FILTER, 'AWSManagedPolicy'] : GAAD_FILTER;
  const result = await c.read(operation, c.main, async () => {
    let page = 0;
    for await (const out of paginateGetAccountAuthorizationDetails({ client: c.main.iam, pageSize: 1000 }, { Filter })) {
      c.progress.step(`Reading IAM authorization details (${operation}, page ${++page})`);
      merged.UserDetailList.push(...((out.UserDetailList ?? []) as AuthorizationDetails['UserDetailList']));
      merged.GroupDetailList.push(...((out.GroupDetailList ?? []) as AuthorizationDetails['GroupDetailList']));
      merged.RoleDetailList.push(...((out.RoleDetailList ?? []) as AuthorizationDetails['RoleDetailList']));
      // Some implementations (moto 5.2.1) omit PolicyName; a managed policy ARN ends with the name.
      for (const policy of out.Policies ?? []) merged.Policies.push({ ...policy, PolicyName: policy.PolicyName ?? policyNameOf(policy.Arn ?? '') } as ManagedPolicyDetail);
    }
  });
  if (!result.ok) return void c.gap('iam', operation, c.main, result.error);
  if (awsManaged) {
    const referenced = referencedPolicies(merged);
    merged.Policies = merged.Policies.flatMap((p) => (AWS_MANAGED_POLICY.test(p.Arn) ? inEffect(p, referenced) : [p]));
  }
  return merged;
}

/** The managed policies any user, group or role of `iam` has attached or as its permissions boundary. */
function referencedPolicies(iam: AuthorizationDetails): Set<string> {
  const arns = new Set<string>();
  for (const entity of [...iam.UserDetailList, ...iam.GroupDetailList, ...iam.RoleDetailList]) {
    for (const attached of entity.AttachedManagedPolicies ?? []) arns.add(attached.PolicyArn);
    if ('PermissionsBoundary' in entity && entity.PermissionsBoundary) arns.add(entity.PermissionsBoundary.PermissionsBoundaryArn);
  }
  return arns;
}

/**
 * An AWS managed policy from GAAD with only its default version, if it is referenced and that
 * version's document came with it; else nothing (collectAttachedAwsManagedPolicies reads it).
 */
function inEffect(policy: ManagedPolicyDetail, referenced: ReadonlySet<string>): ManagedPolicyDetail[] {
  if (!referenced.has(policy.Arn)) return [];
  const version = policy.PolicyVersionList?.find((v) => v.IsDefaultVersion === true || (v.VersionId !== undefined && v.VersionId === policy.DefaultVersionId));
  if (version?.Document === undefined) return [];
  return [defaultVersionDetail(policy.Arn, policy, policy.DefaultVersionId ?? version.VersionId, version.Document)];
}

/** A managed policy's detail with only its default version, the one in effect. */
function defaultVersionDetail(arn: string, p: Pick<Policy, 'PolicyName' | 'PolicyId' | 'Path'> | undefined, versionId: string | undefined, document: RawPolicyDocument): ManagedPolicyDetail {
  return {
    PolicyName: p?.PolicyName ?? policyNameOf(arn),
    PolicyId: p?.PolicyId,
    Arn: arn,
    Path: p?.Path,
    DefaultVersionId: versionId,
    PolicyVersionList: [{ VersionId: versionId, IsDefaultVersion: true, Document: document }],
  };
}

const policyNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** AWS managed policies are the same in every account: the org sweep reads each one once and shares it. */
export type ManagedPolicyCache = Map<string, Promise<ManagedPolicyDetail | undefined>>;

/**
 * AWS managed policies attached anywhere (or used as a boundary) but not in GAAD's Policies, at
 * their default version. Which version that is: one iam:ListPolicies (AWS scope, attached only)
 * names it for all of them when there are several to read, iam:GetPolicy for any it leaves out (a
 * boundary-only policy, or all when ListPolicies is refused). The document: the shipped copy of
 * that version, else iam:GetPolicyVersion.
 */
export async function collectAttachedAwsManagedPolicies(c: Collection, iam: AuthorizationDetails, cache?: ManagedPolicyCache): Promise<ManagedPolicyDetail[]> {
  const have = new Set(iam.Policies.map((p) => p.Arn));
  const arns = [...referencedPolicies(iam)].filter((arn) => AWS_MANAGED_POLICY.test(arn) && !have.has(arn)).sort();
  if (arns.length === 0) return [];
  c.progress.step(`Reading ${arns.length} attached AWS managed polic${arns.length === 1 ? 'y' : 'ies'} (iam:ListPolicies or iam:GetPolicy; iam:GetPolicyVersion unless shipped)`);
  const toRead = cache === undefined ? arns : arns.filter((arn) => !cache.has(arn));
  let listing: Promise<ReadonlyMap<string, Policy>> | undefined;
  const listed = (): Promise<ReadonlyMap<string, Policy>> => (listing ??= toRead.length > 1 ? listAttachedAwsManagedPolicies(c) : Promise.resolve(new Map()));
  const read = async (arn: string): Promise<ManagedPolicyDetail | undefined> => {
    let p = (await listed()).get(arn);
    if (p === undefined) {
      const policy = await c.read('iam:GetPolicy', c.main, () => c.main.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
      if (!policy.ok) return void c.gap('managed-policies', 'iam:GetPolicy', c.main, policy.error);
      p = policy.value.Policy;
    }
    const versionId = p?.DefaultVersionId;
    const document = await defaultVersionDocument(c, arn, versionId);
    return document === undefined ? undefined : defaultVersionDetail(arn, p, versionId, document);
  };
  const details = await mapLimit(arns, CONCURRENCY, (arn) => {
    // A failed read (no detail) is a gap of that account; the next account tries again and records its own.
    return cache === undefined ? read(arn) : once(cache, arn, () => read(arn), (detail) => detail === undefined);
  });
  return details.filter((d): d is ManagedPolicyDetail => d !== undefined);
}

/** The account's attached AWS managed policies by ARN; empty when the list is refused (GetPolicy then reads each). */
async function listAttachedAwsManagedPolicies(c: Collection): Promise<ReadonlyMap<string, Policy>> {
  const listed = await c.read('iam:ListPolicies', c.main, async () => {
    const policies = new Map<string, Policy>();
    for await (const page of paginateListPolicies({ client: c.main.iam, pageSize: 1000 }, { Scope: 'AWS', OnlyAttached: true })) {
      for (const policy of page.Policies ?? []) if (policy.Arn !== undefined) policies.set(policy.Arn, policy);
    }
    return policies;
  });
  return listed.ok ? listed.value : new Map();
}

/**
 * The document of `arn`'s default version: the shipped copy when it is that very version (a policy
 * version never changes once created: AWS publishes an update of a managed policy as a new version,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html), else
 * iam:GetPolicyVersion. Undefined (with a gap) when that read is refused.
 */
async function defaultVersionDocument(c: Collection, arn: string, versionId: string | undefined): Promise<RawPolicyDocument | undefined> {
  const shipped = loadShippedManagedPolicies().get(arn);
  if (shipped !== undefined && versionId !== undefined && shipped.versionId === versionId) return shipped.document;
  const version = await c.read('iam:GetPolicyVersion', c.main, () => c.main.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })));
  if (!version.ok) return void c.gap('managed-policies', 'iam:GetPolicyVersion', c.main, version.error);
  return version.value.PolicyVersion?.Document ?? '';
}

/** IAM user names whose console facts to read: the --principal if it is a user, else the caller if it is one. */
export function targetUsers(principal: string | undefined, callerArn: string, iam: AuthorizationDetails | undefined): string[] {
  const known = (name: string): boolean => iam === undefined || iam.UserDetailList.some((u) => u.UserName === name);
  const candidate = principal === undefined ? USER_ARN.exec(callerArn)?.[1] : (USER_ARN.exec(principal)?.[1] ?? (principal.startsWith('arn:') ? undefined : principal));
  return candidate !== undefined && known(candidate) ? [candidate] : [];
}

/** The name of the account's role that `principal` (a role name, role ARN or assumed-role session ARN) names. */
function roleNamed(principal: string, iam: AuthorizationDetails): string | undefined {
  const name = /:(?:role\/(?:.*\/)?|assumed-role\/)([^/]+)/.exec(principal)?.[1] ?? principal;
  return iam.RoleDetailList.find((r) => r.RoleName === name)?.RoleName;
}

/**
 * Console facts of these users from the credential report (two or three calls for the account
 * instead of two per user); per user for the rest, or for all when the report cannot be read.
 */
export async function consoleFacts(c: Collection, names: string[]): Promise<Record<string, UserFacts>> {
  if (names.length === 0) return {};
  c.progress.step(`Reading console facts of ${names.length} users (iam:GenerateCredentialReport, iam:GetCredentialReport)`);
  const report = await c.read('iam:GetCredentialReport', c.main, () => readCredentialReport(c.main));
  const known = report.ok ? report.value.users : new Map<string, UserFacts>();
  const rest = names.filter((n) => !known.has(n));
  const perUser = rest.length > 0 ? await collectUsers(c, rest) : {};
  const facts: Record<string, UserFacts> = Object.create(null) as Record<string, UserFacts>;
  for (const name of [...names].sort((a, b) => a.localeCompare(b))) {
    const f = known.get(name) ?? perUser[name];
    if (f !== undefined) facts[name] = f;
  }
  return facts;
}

export async function collectUsers(c: Collection, names: string[]): Promise<Record<string, UserFacts>> {
  const users: Record<string, UserFacts> = {};
  let done = 0;
  // Two reads per user, side by side: half as many users at once keeps CONCURRENCY calls in flight.
  await mapLimit(names, CONCURRENCY / 2, async (name) => {
    c.progress.step(
      names.length === 1
        ? `Reading console facts for user ${name} (iam:ListMFADevices, iam:GetLoginProfile)`
        : `Reading console facts of ${names.length} users (iam:ListMFADevices, iam:GetLoginProfile): ${++done}/${names.length}`,
    );
    const facts: UserFacts = {};
    // Their gaps recorded in this order, whichever answers first.
    const [mfa, login] = await Promise.all([
      c.read('iam:ListMFADevices', c.main, async () => {
        let count = 0;
        for await (const page of paginateListMFADevices({ client: c.main.iam }, { UserName: name })) count += page.MFADevices?.length ?? 0;
        return count;
      }),
      c.read('iam:GetLoginProfile', c.main, () => c.main.iam.send(new GetLoginProfileCommand({ UserName: name }))),
    ]);
    if (mfa.ok) facts.mfaDevices = mfa.value;
    else c.gap('users', 'iam:ListMFADevices', c.main, mfa.error);
    // NoSuchEntity is the API's way of saying "this user has no console password".
    if (login.ok || errorCode(login.error) === 'NoSuchEntityException' || errorCode(login.error) === 'NoSuchEntity') facts.consolePassword = login.ok;
    else c.gap('users', 'iam:GetLoginProfile', c.main, login.error);
    users[name] = facts;
  });
  // Sorted, so the file is the same whatever order the concurrent reads finished in.
  return Object.fromEntries(Object.entries(users).sort(([a], [b]) => a.localeCompare(b)));
}

/** `null` when the account is in no organization; `undefined` when that could not be read. */
async function collectOrganizations(c: Collection, accountId: string): Promise<OrganizationsPart | null | undefined> {
  const { org } = c;
  c.progress.step(`Reading the organization (organizations:DescribeOrganization, profile ${org.profileLabel})`);
  const described = await c.read('organizations:DescribeOrganization', org, () => org.organizations.send(new DescribeOrganizationCommand({})));
  if (!described.ok) {
    if (errorCode(described.error) === 'AWSOrganizationsNotInUseException') return null;
    return void c.gap('organizations', 'organizations:DescribeOrganization', org, described.error);
  }
  const o = described.value.Organization;
  const part: OrganizationsPart = {
    organization: { Id: o?.Id ?? '', MasterAccountId: o?.MasterAccountId ?? '', FeatureSet: o?.FeatureSet, Arn: o?.Arn, MasterAccountArn: o?.MasterAccountArn },
  };

  // The account's own entry and its SCPs (none apply to the management account) side by side.
  const [account, scps] = await Promise.all([
    c.read('organizations:DescribeAccount', org, () => org.organizations.send(new DescribeAccountCommand({ AccountId: accountId }))),
    part.organization.MasterAccountId === accountId ? {} : collectScps(c, accountId),
  ]);
  if (account.ok) {
    const a = account.value.Account;
    part.account = { Id: a?.Id ?? accountId, JoinedMethod: a?.JoinedMethod, Name: a?.Name, Arn: a?.Arn, Status: a?.Status };
  } else {
    c.gap('organizations', 'organizations:DescribeAccount', org, account.error);
  }
  return { ...part, ...scps };
}

/** The account's OU path and the SCPs at each level; without either (and with a gap) when it cannot be read. */
async function collectScps(c: Collection, accountId: string): Promise<Pick<OrganizationsPart, 'parents' | 'policies'>> {
  const { org } = c;
  c.progress.step(`Reading the OU path (organizations:ListParents, profile ${org.profileLabel})`);
  const reads = new OrgReads(org.organizations);
  const parents = await c.read('organizations:ListParents', org, () => reads.path(accountId));
  if (!parents.ok) {
    c.gap('scp', 'organizations:ListParents', org, parents.error);
    return {};
  }

  const targets = [accountId, ...parents.value.map((p) => p.Id)];
  c.progress.step(`Reading SCPs at ${targets.length} levels (organizations:ListPoliciesForTarget, organizations:DescribePolicy)`);
  const policies = await readScps(c, reads, targets);
  return { parents: parents.value, ...(policies !== undefined ? { policies } : {}) };
}
