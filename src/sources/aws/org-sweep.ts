/**
 * `audit --org` (design section 10): every ACTIVE account of the organization, read through a role
 * assumed in it, one snapshot per account handed to the caller as soon as it is read (so memory
 * does not grow with the number of accounts). Organizations reads go through the management
 * account and are shared (org-reads.ts): an OU's parent and SCPs, and an SCP's content, are read once per run.
 * An account that cannot be read is a gap in the result, never an abort.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { ExitError } from '../../errors.js';
import type { CollectionGap, OrganizationsPart, SnapshotV1 } from '../../model/snapshot.js';
import { silentProgress } from '../../ui/progress.js';
import { createClients, destroyClients, type AwsClients } from './clients.js';
import { Collection, collectAttachedAwsManagedPolicies, collectIam, consoleFacts, type ManagedPolicyCache } from './collect.js';
import { errorCode, errorMessage, fatalAwsError, isReadRefusal } from './errors.js';
import { IdentityCenterRun, collectIdentityCenter } from './identity-center.js';
import { mapLimit } from './limit.js';
import { OrgReads, readScps, type Parent } from './org-reads.js';

export interface OrgSweepOptions {
  /** The management or delegated-administrator profile. */
  profile?: string;
  region: string;
  /** Only these account ids (`--accounts`). */
  accounts?: readonly string[];
  /** Only accounts below this OU (or root) id (`--ou`). */
  ou?: string;
  roleName: string;
  externalId?: string;
  roleSessionName: string;
  concurrency: number;
}

/**
 * One account as the sweep saw it. An account that could not be read at all (AssumeRole refused,
 * throttled past retries) still has a snapshot: its Organizations facts and the gap, no IAM.
 */
export interface SweptAccount {
  id: string;
  name?: string;
  /** OU path from the root down to the account's own OU (ids). */
  ous: string[];
  snapshot: SnapshotV1;
}

/** Progress of the sweep, as the caller shows it. */
export interface SweepProgress {
  /** The accounts to read are known. */
  total(count: number): void;
  /** An account's reads start. */
  started(accountId: string): void;
  /** An account is read (or is a gap). */
  finished(accountId: string): void;
}

interface Listed {
  id: string;
  name?: string;
  joinedMethod?: string;
  arn?: string;
}

const sessionCredentials = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined) => ({
  accessKeyId: c?.AccessKeyId ?? '',
  secretAccessKey: c?.SecretAccessKey ?? '',
  sessionToken: c?.SessionToken,
  expiration: c?.Expiration,
});

const gapOf = (operation: string, error: unknown, profile: string, hint?: string): CollectionGap => ({
  part: operation.startsWith('sts:') ? 'caller' : operation.startsWith('organizations:') ? 'scp' : 'iam',
  operation,
  error: errorCode(error),
  message: errorMessage(error),
  profile,
  ...(hint !== undefined ? { hint } : {}),
});

/**
 * Sweeps the organization; `onAccount` receives each account as soon as it is read (in completion
 * order) and may persist or audit it; the sweep keeps nothing. Returns the organization.
 */
export async function sweepOrganization(
  options: OrgSweepOptions,
  progress: SweepProgress,
  onAccount: (account: SweptAccount) => Promise<void> | void,
): Promise<OrganizationsPart['organization']> {
  const management = createClients(options.profile, options.region, { orgSweep: true });
  const shared = new OrgReads(management.organizations);
  // Identity Center through the same profile: its account-independent reads once for the run.
  const identityCenter = new IdentityCenterRun({ profile: options.profile, region: options.region, identity: management.identity });
  try {
    const fatal = (operation: string) => (error: unknown) => {
      throw fatalAwsError(error, operation, management.profileLabel);
    };
    const described = await management.organizations.send(new DescribeOrganizationCommand({})).catch((error: unknown) => {
      if (errorCode(error) === 'AWSOrganizationsNotInUseException') {
        throw new ExitError(`audit --org: profile ${management.profileLabel} is in no organization; audit one account with --snapshot or doctor`);
      }
      if (isReadRefusal(error)) {
        throw new ExitError(
          `audit --org: profile ${management.profileLabel} cannot read the organization (${errorCode(error)}); use the management or a delegated-administrator account`,
        );
      }
      return fatal('organizations:DescribeOrganization')(error);
    });
    // The profile's own account is read with its own credentials: the management account has no
    // OrganizationAccountAccessRole of its own.
    const self = await management.sts.send(new GetCallerIdentityCommand({})).catch(fatal('sts:GetCallerIdentity'));
    const o = described.Organization;
    const organization = { Id: o?.Id ?? '', MasterAccountId: o?.MasterAccountId ?? '', FeatureSet: o?.FeatureSet, Arn: o?.Arn, MasterAccountArn: o?.MasterAccountArn };

    const listed: Listed[] = [];
    try {
      for await (const page of paginateListAccounts({ client: management.organizations }, {})) {
        for (const a of page.Accounts ?? []) {
          // ListAccounts' `State` replaces `Status` (deprecated 2025); either says ACTIVE for a usable account.
          const state = (a as { State?: string }).State ?? a.Status;
          if (a.Id !== undefined && state === 'ACTIVE') listed.push({ id: a.Id, name: a.Name, joinedMethod: a.JoinedMethod, arn: a.Arn });
        }
      }
    } catch (error) {
      if (isReadRefusal(error)) throw new ExitError(`audit --org: profile ${management.profileLabel} cannot list the accounts (organizations:ListAccounts: ${errorCode(error)})`);
      fatal('organizations:ListAccounts')(error);
    }

    let chosen = listed;
    if (options.accounts !== undefined) {
      const known = new Set(listed.map((a) => a.id));
      const unknown = options.accounts.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new ExitError(`--accounts: ${unknown.join(', ')}: no ACTIVE account with that id in organization ${organization.Id}`);
      const wanted = new Set(options.accounts);
      chosen = listed.filter((a) => wanted.has(a.id));
    }
    chosen.sort((a, b) => a.id.localeCompare(b.id));

    // The OU path of every chosen account first (shared reads), so --ou can filter and the total is known.
    const paths = new Map<string, Parent[] | CollectionGap>();
    await mapLimit(chosen, options.concurrency, async (a) => {
      try {
        paths.set(a.id, await shared.path(a.id));
      } catch (error) {
        if (!isReadRefusal(error)) fatal('organizations:ListParents')(error);
        paths.set(a.id, gapOf('organizations:ListParents', error, management.profileLabel));
      }
    });
    if (options.ou !== undefined) {
      const ou = options.ou;
      const below = chosen.filter((a) => {
        const path = paths.get(a.id);
        return Array.isArray(path) && path.some((p) => p.Id === ou);
      });
      if (below.length === 0) throw new ExitError(`--ou ${ou}: no ACTIVE account below that OU or root in organization ${organization.Id}`);
      chosen = below;
    }
    progress.total(chosen.length);

    const run: Run = { options, organization, management, shared, managedCache: new Map(), identityCenter };
    await mapLimit(chosen, options.concurrency, async (a) => {
      progress.started(a.id);
      const path = paths.get(a.id) ?? [];
      const ous = Array.isArray(path) ? path.map((p) => p.Id).reverse() : [];
      const snapshot = await readAccount(run, a, path, self.Account === a.id ? self : undefined);
      await onAccount({ id: a.id, ...(a.name !== undefined ? { name: a.name } : {}), ous, snapshot });
      progress.finished(a.id);
    });
    return organization;
  } finally {
    destroyClients(management);
    identityCenter.destroy();
  }
}

/** What every account's read shares. */
interface Run {
  options: OrgSweepOptions;
  organization: OrganizationsPart['organization'];
  management: AwsClients;
  shared: OrgReads;
  managedCache: ManagedPolicyCache;
  identityCenter: IdentityCenterRun;
}

const NO_IAM = (): SnapshotV1['iam'] => ({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] });

/**
 * One account: assume the role (or, for the profile's own account, use its credentials), read IAM
 * and console facts, attach the shared Organizations facts. Never throws for the account's own
 * reads: what fails is the account's gap.
 */
async function readAccount(run: Run, listed: Listed, path: Parent[] | CollectionGap, own?: { UserId?: string; Arn?: string }): Promise<SnapshotV1> {
  const { options, management } = run;
  const part: OrganizationsPart = {
    organization: run.organization,
    account: { Id: listed.id, ...(listed.joinedMethod !== undefined ? { JoinedMethod: listed.joinedMethod } : {}), ...(listed.name !== undefined ? { Name: listed.name } : {}), Status: 'ACTIVE' },
    ...(Array.isArray(path) ? { parents: path } : {}),
  };
  const unread = (gap: CollectionGap): SnapshotV1 => ({ billingAccessSnapshot: 1, account: { id: listed.id }, iam: NO_IAM(), organizations: part, gaps: [gap] });
  if (own !== undefined) return readWith(run, management, { UserId: own.UserId, Account: listed.id, Arn: own.Arn ?? '' }, listed, path, part).catch(asGap(unread));

  const roleArn = `arn:aws:iam::${listed.id}:role/${options.roleName}`;
  let assumed;
  try {
    const external = options.externalId !== undefined ? { ExternalId: options.externalId } : {};
    assumed = await management.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: options.roleSessionName, ...external }));
  } catch (error) {
    if (!isReadRefusal(error) && !/Throttl|TooManyRequests/i.test(errorCode(error))) return asGap(unread)(fatalAwsError(error, 'sts:AssumeRole', management.profileLabel));
    const withId = options.externalId !== undefined ? ' with this external id' : '';
    const hint = `the management profile cannot assume ${roleArn}: check the role exists and trusts the management account${withId}, or pass --role-name`;
    return unread(gapOf('sts:AssumeRole', error, management.profileLabel, hint));
  }
  const label = `role ${options.roleName} in ${listed.id}`;
  const member = createClients(undefined, options.region, { credentials: sessionCredentials(assumed.Credentials), label });
  const caller = { UserId: assumed.AssumedRoleUser?.AssumedRoleId, Account: listed.id, Arn: assumed.AssumedRoleUser?.Arn ?? roleArn };
  try {
    return await readWith(run, member, caller, listed, path, part).catch(asGap(unread));
  } finally {
    destroyClients(member);
  }
}

/** A read that failed past its retries (5xx, throttling, network) ends this account, not the sweep. */
const asGap =
  (unread: (gap: CollectionGap) => SnapshotV1) =>
  (error: unknown): SnapshotV1 => {
    if (!(error instanceof ExitError)) throw error;
    return unread({ part: 'iam', operation: 'account read', error: 'ReadFailed', message: error.message });
  };

async function readWith(run: Run, member: AwsClients, caller: SnapshotV1['caller'], listed: Listed, path: Parent[] | CollectionGap, part: OrganizationsPart): Promise<SnapshotV1> {
  const c = new Collection(member, run.management, true, silentProgress);
  const source = { profile: run.options.profile, region: run.options.region, profileLabel: run.management.profileLabel, orgProfileGiven: true };
  // Identity Center is read through the management profile, side by side with the account's IAM.
  const ic = collectIdentityCenter(source, listed.id, undefined, silentProgress, run.identityCenter);
  // Awaited below; if an IAM read ends the account first, its failure is not left unhandled.
  ic.catch(() => undefined);
  const iam = await collectIam(c);
  if (iam !== undefined) iam.Policies.push(...(await collectAttachedAwsManagedPolicies(c, iam, run.managedCache)));
  const users = iam !== undefined ? await consoleFacts(c, iam.UserDetailList.map((u) => u.UserName)) : {};
  const { part: identityCenter, gaps: icGaps } = await ic;
  c.gaps.push(...icGaps);
  // SCPs never apply to the management account: nothing to read there.
  if (listed.id !== run.organization.MasterAccountId) {
    if (!Array.isArray(path)) c.gaps.push(path);
    else {
      const scps = await readScps(c, run.shared, [listed.id, ...path.map((p) => p.Id)]);
      if (scps !== undefined) part.policies = scps;
    }
  }
  c.sortGaps();
  const snapshot: SnapshotV1 = {
    billingAccessSnapshot: 1,
    capturedAt: new Date().toISOString(),
    account: { id: listed.id },
    caller,
    iam: iam ?? NO_IAM(),
    ...(Object.keys(users).length > 0 ? { users } : {}),
    organizations: part,
    ...(identityCenter !== undefined ? { identityCenter } : {}),
    ...(c.gaps.length > 0 ? { gaps: c.gaps } : {}),
  };
  // Through JSON once, exactly as `snapshot` does: what the checks see is what a file would hold.
  return JSON.parse(JSON.stringify(snapshot)) as SnapshotV1;
}
