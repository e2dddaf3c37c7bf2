/**
 * The console request context (design section 5.1): the keys a Billing console call carries, per
 * sign-in type, each with the AWS page it rests on. A key AWS documents as absent for a sign-in
 * type is "known absent" (never reported as a missing fact); a key AWS documents nothing about
 * stays unknown. Built in one function, `consoleContext`, once per principal (pure).
 */
import { derivedContext } from '../engine/index.js';
import type { AccountModel } from '../model/account.js';
import type { ContextKeyFact, RequestContextFacts, SignInType } from '../model/diagnosis.js';
import type { ResolvedPrincipal } from '../model/principal.js';
import type { DiagnoseOptions, MfaScenario } from './types.js';

/** Billing console calls are served from us-east-1 (billing-facts.md section 4.1). */
export const BILLING_REGION = 'us-east-1';
export const MFA_PRESENT = 'aws:MultiFactorAuthPresent';
export const MFA_AGE = 'aws:MultiFactorAuthAge';
/** Seconds since MFA sign-in in the MFA scenario: a fresh session. */
const FRESH_MFA_AGE = '60';

const GLOBAL_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const MFA_API = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html';
const ROOT_ACCESS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html';
const REGION = 'billing-facts.md section 4.1 (Billing console and Cost Explorer calls are us-east-1)';

const MFA_PRESENT_LOWER = MFA_PRESENT.toLowerCase();
const MFA_AGE_LOWER = MFA_AGE.toLowerCase();

export function isMfaKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === MFA_PRESENT_LOWER || lower === MFA_AGE_LOWER;
}

/** One scenario's request: the keys set, and those AWS documents as absent. */
export interface ScenarioRequest {
  context: Record<string, string[]>;
  knownAbsent: string[];
}

export interface ConsoleContext {
  signIn: SignInType;
  /** Every key set, known absent or unknown, for the evidence (MFA keys: see contextFacts). */
  keys: ContextKeyFact[];
  requests: Record<MfaScenario, ScenarioRequest>;
}

/**
 * How the person reaches the console as this principal. A role that is no Identity Center role is
 * taken as reached by switch-role (a SAML or OIDC role looks the same in IAM).
 */
export function signInType(principal: ResolvedPrincipal): SignInType {
  if (principal.type === 'root') return 'root';
  if (principal.type === 'user') return 'iam-user';
  if (principal.type === 'identity-center-role' || principal.type === 'identity-center-user') return 'federated';
  return 'switch-role';
}

/** MFA keys per scenario and sign-in type (IAM global keys page; MFA-protected API access page). */
function mfaKeys(signIn: SignInType, scenario: MfaScenario): { set: Record<string, string[]>; absent: string[]; source: string } {
  const both = [MFA_PRESENT, MFA_AGE];
  // Long-term access keys carry no MFA key at all (IAM global keys, aws:MultiFactorAuthPresent).
  if (scenario === 'access-keys') return { set: {}, absent: both, source: `${GLOBAL_KEYS} (long-term access keys)` };
  // "AWS cannot determine whether that provider required MFA" for SAML and web identity sessions.
  if (signIn === 'federated') return { set: {}, absent: both, source: `${MFA_API} (federated sessions carry no MFA key)` };
  if (scenario === 'mfa') return { set: { [MFA_PRESENT]: ['true'], [MFA_AGE]: [FRESH_MFA_AGE] }, absent: [], source: `${GLOBAL_KEYS} (console sign-in with MFA)` };
  // Without MFA: a password sign-in's console session says false; AssumeRole without MFA says nothing.
  if (signIn === 'switch-role') return { set: {}, absent: both, source: `${MFA_API} (a role assumed without MFA carries no MFA key)` };
  return { set: { [MFA_PRESENT]: ['false'] }, absent: [MFA_AGE], source: `${GLOBAL_KEYS} (console session without MFA)` };
}

/**
 * aws:PrincipalOrgPaths: the organization id, root and OUs down to the account's own OU, each
 * followed by `/`, without the account id: the IAM global condition keys page
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths)
 * says `ForAnyValue:StringEquals` on `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/`
 * is true for accounts attached directly to ou-ab12-22222222, which only this shape satisfies. (The
 * Organizations entity path of access reports does end in the account id; this key is not that.)
 */
function orgPath(model: AccountModel): string | undefined {
  const org = model.snapshot.organizations;
  if (!org?.parents || org.parents.length === 0) return undefined;
  return `${org.organization.Id}/${[...org.parents].reverse().map((p) => `${p.Id}/`).join('')}`;
}

/**
 * The console request context of `principal` for every MFA scenario. Later sources win: the
 * derived keys, then the snapshot's `context`, then the denied request's own facts (`options.context`,
 * from a CloudTrail event); MFA keys come from the scenario only.
 */
export function consoleContext(model: AccountModel, principal: ResolvedPrincipal, options: Pick<DiagnoseOptions, 'context'>): ConsoleContext {
  const signIn = signInType(principal);
  // Keyed by lower-cased name (condition keys are case-insensitive), spelled as first given.
  const facts = new Map<string, ContextKeyFact>();
  const set = (key: string, values: readonly string[], source: string): void => void facts.set(key.toLowerCase(), { key, state: 'set', values: [...values], source });
  const absent = (key: string, source: string): void => void facts.set(key.toLowerCase(), { key, state: 'absent', source });
  const unknown = (key: string, source: string): void => void facts.set(key.toLowerCase(), { key, state: 'unknown', source });

  set('aws:RequestedRegion', [BILLING_REGION], REGION);
  for (const [key, values] of Object.entries(derivedContext(principal.arn))) set(key, values, `${GLOBAL_KEYS} (from the principal ARN)`);
  const entity = principal.entity;
  if (entity?.kind === 'user' && entity.id !== undefined) set('aws:userid', [entity.id], `${GLOBAL_KEYS} (the user's unique id)`);
  if (signIn === 'switch-role' || signIn === 'federated') {
    unknown('aws:userid', `${GLOBAL_KEYS} (role-id:session-name; the session name is not in the snapshot)`);
    absent('aws:username', `${GLOBAL_KEYS} (only IAM users carry aws:username)`);
  }
  if (signIn === 'root') absent('aws:username', `${GLOBAL_KEYS} (only IAM users carry aws:username)`);
  // Present only in a root session from sts:AssumeRoot, never in a password sign-in or any other.
  absent('aws:AssumedRoot', `${GLOBAL_KEYS} and ${ROOT_ACCESS} (only sts:AssumeRoot sessions carry it)`);
  for (const [k, v] of entity?.tags ?? []) set(`aws:PrincipalTag/${k}`, [v], "the principal's IAM tags in the snapshot (GAAD Tags)");
  const org = model.snapshot.organizations;
  if (org === null) {
    absent('aws:PrincipalOrgID', `${GLOBAL_KEYS} (the account is in no organization)`);
    absent('aws:PrincipalOrgPaths', `${GLOBAL_KEYS} (the account is in no organization)`);
  } else if (org !== undefined) {
    set('aws:PrincipalOrgID', [org.organization.Id], `${GLOBAL_KEYS} (the snapshot's organization)`);
    const path = orgPath(model);
    if (path !== undefined) set('aws:PrincipalOrgPaths', [path], `${GLOBAL_KEYS} (the snapshot's OU path)`);
  }
  // A person's console call: not made by or through another service, always over TLS.
  set('aws:ViaAWSService', ['false'], `${GLOBAL_KEYS} (a console call the person makes)`);
  set('aws:PrincipalIsAWSService', ['false'], `${GLOBAL_KEYS} (the caller is no service principal)`);
  set('aws:SecureTransport', ['true'], `${GLOBAL_KEYS} (the console uses HTTPS)`);
  absent('aws:CalledVia', `${GLOBAL_KEYS} (only requests a service makes on the person's behalf)`);
  absent('aws:PrincipalServiceName', `${GLOBAL_KEYS} (only service principals)`);
  if (model.snapshot.capturedAt !== undefined) set('aws:CurrentTime', [model.snapshot.capturedAt], "the snapshot's capturedAt (the request's time is not known)");
  for (const key of ['aws:SourceIp', 'aws:SourceVpc', 'aws:UserAgent']) unknown(key, 'not known unless given (snapshot "context", --context, or a CloudTrail event)');
  if (signIn !== 'iam-user' && signIn !== 'root') unknown('aws:PrincipalTag/*', 'session tags (they override role tags) are not in the snapshot');
  for (const [k, v] of Object.entries(model.snapshot.context ?? {})) if (!isMfaKey(k)) set(k, Array.isArray(v) ? v : [v], 'the snapshot\'s "context"');
  for (const [k, v] of Object.entries(options.context ?? {})) if (!isMfaKey(k)) set(k, v, 'the denied request (CloudTrail event)');

  const base = [...facts.values()];
  const context = Object.fromEntries(base.filter((f) => f.state === 'set').map((f) => [f.key, f.values ?? []]));
  const knownAbsent = base.filter((f) => f.state === 'absent').map((f) => f.key);
  const request = (scenario: MfaScenario): ScenarioRequest => {
    const mfa = mfaKeys(signIn, scenario);
    return { context: { ...context, ...mfa.set }, knownAbsent: [...knownAbsent, ...mfa.absent] };
  };
  return { signIn, keys: base, requests: { mfa: request('mfa'), 'no-mfa': request('no-mfa'), 'access-keys': request('access-keys') } };
}

/** The evidence for the scenario the verdict is judged in: the MFA keys of that scenario first, then the rest. */
export function contextFacts(context: ConsoleContext, scenario: MfaScenario): RequestContextFacts {
  const mfa = mfaKeys(context.signIn, scenario);
  const mfaFacts = [MFA_PRESENT, MFA_AGE].map((key): ContextKeyFact => {
    const values = mfa.set[key];
    return values ? { key, state: 'set', values, source: mfa.source } : { key, state: 'absent', source: mfa.source };
  });
  return { signIn: context.signIn, scenario, keys: [...mfaFacts, ...context.keys] };
}
