/**
 * `doctor --principal <Identity Center user>` (design section 9): her permission sets in this
 * account, directly and through groups, each judged by diagnosing its `AWSReservedSSO_*` role; the
 * diagnosis shown is the set that opens the pages, or the closest one. Pure.
 */
import type { AccountModel, Entity } from '../model/account.js';
import type { CheckId, CheckResult, CheckStatus, Diagnosis, IdentityCenterUserResult, PermissionSetResult, Verdict } from '../model/diagnosis.js';
import { primaryEmail, userPermissionSets, type IdentityCenterModel, type PermissionSetGrant } from '../model/identity-center.js';
import { principalOf, roleOfPermissionSet } from '../model/principal.js';
import type { IdentityStoreUser } from '../model/snapshot.js';
import { diagnose, runChecks, type DiagnoseRun, type DiagnoseSettings } from './diagnose.js';
import type { CheckContext } from './types.js';
import { placeholder, sh } from '../model/shell.js';

/** What judging her reads of a role's run (a diagnosis's run, or audit's status-only one). */
export interface RoleRun {
  ctx: Pick<CheckContext, 'evaluations' | 'scenario'>;
  verdict: Verdict;
  outcomes: readonly { id: CheckId; status: CheckStatus }[];
}

/** One of her permission sets here, with its `AWSReservedSSO_*` role (absent: not provisioned) and that role's run. */
export interface Candidate<R extends RoleRun = DiagnoseRun> {
  grant: PermissionSetGrant;
  role?: Entity;
  run?: R;
}

const blockedBy = (run: RoleRun): CheckId[] => {
  const failing = run.outcomes.filter((o) => o.status === 'fail').map((o) => o.id);
  return failing.length > 0 ? failing : run.outcomes.filter((o) => o.status === 'unknown').map((o) => o.id);
};

/** Nearest to opening the pages first: undecided before denied, then fewer blocking checks, then fewer denied actions. */
function distance(c: Candidate<RoleRun>): number[] {
  if (!c.run) return [3, 0, 0];
  const rank: Record<Verdict, number> = { allowed: 0, inconclusive: 1, denied: 2 };
  const denied = c.run.ctx.evaluations[c.run.ctx.scenario].filter((e) => e.evaluation.decision !== 'allowed').length;
  return [rank[c.run.verdict], blockedBy(c.run).length, denied];
}

function closest<R extends RoleRun>(candidates: readonly Candidate<R>[]): Candidate<R> | undefined {
  const compare = (a: Candidate<R>, b: Candidate<R>): number => {
    const [da, db] = [distance(a), distance(b)];
    for (let i = 0; i < da.length; i++) if (da[i] !== db[i]) return (da[i] as number) - (db[i] as number);
    return 0;
  };
  return [...candidates].sort(compare)[0];
}

function userSummary(user: IdentityStoreUser): IdentityCenterUserResult['user'] {
  const email = primaryEmail(user);
  return { userId: user.UserId, userName: user.UserName, ...(user.DisplayName ? { displayName: user.DisplayName } : {}), ...(email ? { email } : {}) };
}

function result(c: Candidate): PermissionSetResult {
  const set = c.grant.permissionSet;
  if (!c.role || !c.run) return { name: set.name, arn: set.arn, via: c.grant.via, verdict: 'denied', blockedBy: ['identity-center'] };
  return { name: set.name, arn: set.arn, via: c.grant.via, role: c.role.name, verdict: c.run.verdict, blockedBy: c.run.verdict === 'allowed' ? [] : blockedBy(c.run) };
}

function conclusion(who: string, account: string, sets: readonly PermissionSetResult[], shown: PermissionSetResult | undefined, picked: boolean): string {
  const opens = sets.filter((s) => s.verdict === 'allowed').map((s) => s.name);
  if (picked && shown) {
    return shown.verdict === 'allowed'
      ? `permission set ${shown.name} opens these pages for ${who} in account ${account}`
      : `permission set ${shown.name} does not open these pages for ${who} (${shown.verdict}: ${shown.blockedBy.join(', ')})`;
  }
  if (opens.length > 0) return `${who} can open these pages in account ${account} with permission set ${opens.join(' or ')}: choose it in the AWS access portal`;
  if (sets.length === 0) return `${who} has no permission set in account ${account}`;
  if (!shown) return `none of ${who}'s permission sets in account ${account} is provisioned there, so she cannot sign in to it`;
  const why = shown.role ? `${shown.verdict} by ${shown.blockedBy.join(', ')}` : 'not provisioned to the account';
  return `none of ${who}'s ${sets.length} permission set${sets.length === 1 ? '' : 's'} in account ${account} opens these pages; the closest is ${shown.name} (${why}), diagnosed below`;
}

/** Reads whose failure means her list of permission sets may be incomplete. */
const ASSIGNMENT_READS = new Set([
  'sso-admin:ListPermissionSets',
  'sso-admin:DescribePermissionSet',
  'sso-admin:ListAccountAssignments',
  'identitystore:ListGroupMemberships',
  'identitystore:ListUsers',
]);

/** The failed reads that could hide one of her permission sets, as one phrase; undefined when none failed. */
function incompleteNote(model: AccountModel): string | undefined {
  const failed = (model.snapshot.gaps ?? []).filter((g) => g.part === 'identity-center' && ASSIGNMENT_READS.has(g.operation));
  return failed.length > 0 ? `${[...new Set(failed.map((g) => `${g.operation} (${g.error})`))].join(', ')} failed, so she may have more` : undefined;
}

/** Fails the `identity-center` check: she has no usable permission set here (nothing else can be diagnosed). */
function noRoleDiagnosis(model: AccountModel, ic: IdentityCenterModel, user: IdentityStoreUser, candidates: readonly Candidate[], settings: DiagnoseSettings): Diagnosis {
  const account = model.accountId ?? '<account-id>';
  const { source, verify: _verify, ...options } = settings;
  const unprovisioned = candidates.map((c) => c.grant.permissionSet);
  // Sets provisioned here (their role exists) that would open the pages: what to assign her instead.
  const openers = [...ic.permissionSets.values()].flatMap((set) => {
    const role = roleOfPermissionSet(model, set.name);
    return role && runChecks(model, principalOf(role, model), options).verdict === 'allowed' ? [set] : [];
  });
  const incomplete = incompleteNote(model);
  const check: CheckResult = {
    id: 'identity-center',
    status: incomplete ? 'unknown' : 'fail',
    summary:
      (incomplete ? `as far as could be read (${incomplete}): ` : '') +
      (unprovisioned.length > 0
        ? `${user.UserName}'s permission set${unprovisioned.length === 1 ? '' : 's'} ${unprovisioned.map((s) => s.name).join(', ')} ${unprovisioned.length === 1 ? 'is' : 'are'} assigned in account ${account} but not provisioned there (no AWSReservedSSO_* role): she cannot sign in to it`
        : `${user.UserName} has no permission set assigned in account ${account}, directly or through a group`),
    evidence: [{ layer: 'identity-center', policy: `user ${user.UserName} (${user.UserId})`, statement: `assignments in account ${account}` }],
    remediation: [
      ...unprovisioned.map((set) => ({
        kind: 'cli' as const,
        text: `Provision permission set ${set.name} to account ${account}`,
        command: sh`aws sso-admin provision-permission-set --instance-arn ${ic.instanceArn} --permission-set-arn ${set.arn} --target-type AWS_ACCOUNT --target-id ${model.accountId ?? placeholder('account-id')}`,
        who: 'Identity Center administrator' as const,
      })),
      ...openers.map((set) => ({
        kind: 'cli' as const,
        text: `Assign ${user.UserName} permission set ${set.name} in account ${account}; its role there opens these pages`,
        command: sh`aws sso-admin create-account-assignment --instance-arn ${ic.instanceArn} --permission-set-arn ${set.arn} --target-type AWS_ACCOUNT --target-id ${model.accountId ?? placeholder('account-id')} --principal-type USER --principal-id ${user.UserId}`,
        who: 'Identity Center administrator' as const,
        verified: `verified: the role of ${set.name} in this account is allowed these pages`,
      })),
    ],
  };
  return {
    schemaVersion: 1,
    source,
    principal: { arn: user.UserId, type: 'identity-center-user', name: user.UserName },
    tasks: options.tasks.map((t) => t.id),
    verdict: incomplete ? 'inconclusive' : 'denied',
    checks: [check],
    actions: [],
  };
}

/** Her permission sets in this account (all, or the one named `permissionSet`), each with its role's run from `runOf`. */
export function candidatesOf<R extends RoleRun>(model: AccountModel, ic: IdentityCenterModel, user: IdentityStoreUser, runOf: (role: Entity) => R, permissionSet?: string): Candidate<R>[] {
  const { grants } = userPermissionSets(ic, user.UserId);
  const chosen = permissionSet === undefined ? grants : grants.filter((g) => g.permissionSet.name.toLowerCase() === permissionSet.toLowerCase());
  return chosen.map((grant) => {
    const role = roleOfPermissionSet(model, grant.permissionSet.name);
    return role ? { grant, role, run: runOf(role) } : { grant };
  });
}

/** What a diagnosis of her concludes from her sets' runs (doctor and audit alike). */
export interface UserJudgement<R extends RoleRun> {
  verdict: Verdict;
  /** The set that opens the pages, else the closest one with a role; absent when none has one. */
  shown?: Candidate<R>;
  /** The failed reads that could hide another of her sets (then a denial is only inconclusive). */
  incomplete?: string;
}

export function judgeUser<R extends RoleRun>(model: AccountModel, candidates: readonly Candidate<R>[]): UserJudgement<R> {
  const opener = candidates.find((c) => c.run?.verdict === 'allowed');
  const shown = opener ?? closest(candidates.filter((c) => c.role));
  const incomplete = opener ? undefined : incompleteNote(model);
  const found = shown?.run?.verdict ?? 'denied';
  const verdict = incomplete !== undefined && found === 'denied' ? 'inconclusive' : found;
  return { verdict, ...(shown ? { shown } : {}), ...(incomplete !== undefined ? { incomplete } : {}) };
}

/**
 * Diagnoses the user's permission sets in the account; `permissionSet` (a name she is assigned,
 * checked by the caller) limits it to one.
 */
export function diagnoseIdentityCenterUser(model: AccountModel, user: IdentityStoreUser, settings: DiagnoseSettings, permissionSet?: string): Diagnosis {
  const ic = model.identityCenter;
  if (!ic) throw new Error('diagnoseIdentityCenterUser: the model has no Identity Center part');
  const { source: _source, verify: _verify, ...options } = settings;
  const candidates = candidatesOf(model, ic, user, (role) => runChecks(model, principalOf(role, model), options), permissionSet);
  const { shown, incomplete } = judgeUser(model, candidates);
  const sets = candidates.map(result);
  const shownResult = shown ? sets[candidates.indexOf(shown)] : undefined;
  const account = model.accountId ?? '<account-id>';
  const who = user.UserName;
  const base = shown?.role ? diagnose(model, principalOf(shown.role, model), settings) : noRoleDiagnosis(model, ic, user, candidates, settings);
  const identityCenter: IdentityCenterUserResult = {
    user: userSummary(user),
    instanceArn: ic.instanceArn,
    ...(model.accountId ? { account: model.accountId } : {}),
    permissionSets: sets,
    opens: sets.filter((s) => s.verdict === 'allowed').map((s) => s.name),
    ...(shownResult?.role ? { shown: shownResult.name } : {}),
    conclusion: conclusion(who, account, sets, shownResult?.role ? shownResult : undefined, permissionSet !== undefined),
  };
  // Her other sets could not all be read: "none opens" is then not proven.
  if (incomplete && base.verdict === 'denied' && shown?.role) {
    return { ...base, verdict: 'inconclusive', identityCenter: { ...identityCenter, conclusion: `${identityCenter.conclusion}; but ${incomplete}` } };
  }
  return { ...base, identityCenter };
}
