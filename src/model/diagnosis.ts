/** The result of `doctor` (its JSON output, schemaVersion 1) and the contract every check follows. */
import type { Decision } from '../engine/types.js';
import type { DenialForm, SkippedEvent, StatedReason } from '../denial/types.js';

/** Check ids, in the fixed order they run and print (design section 3). */
export type CheckId =
  | 'activation'
  | 'identity-policy'
  | 'scp'
  | 'mfa'
  | 'region'
  | 'boundary'
  | 'principal'
  | 'root-user'
  | 'identity-center'
  | 'management-only';

/** Outcome of one check. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'unknown' | 'not-applicable';

/** Overall verdict: any fail → denied; else any unknown → inconclusive; else allowed. */
export type Verdict = 'allowed' | 'denied' | 'inconclusive';

/**
 * Kind of principal being diagnosed. `identity-center-user` only when the person has no permission
 * set with a role in the account (then `principal.arn` holds her identity store user id).
 */
export type PrincipalType = 'user' | 'role' | 'root' | 'identity-center-role' | 'identity-center-user';

/** What a remediation step is. */
export type RemediationKind = 'console' | 'cli' | 'policy' | 'info';

/** Who can carry out a remediation step. */
export type Actor = 'root user' | 'IAM administrator' | 'organization management account' | 'Identity Center administrator';

/** One piece of evidence: the exact policy, statement and condition. */
export interface Evidence {
  /** `identity` | `scp` | `boundary`, or a fact source such as `snapshot` / `flag`. */
  layer: string;
  /** Policy ARN, or `inline <name> on <user|group|role> <name>`, or SCP name and id. */
  policy: string;
  /** Sid or `#index`. */
  statement?: string;
  /** The condition that matched, rendered (`BoolIfExists aws:MultiFactorAuthPresent = false`). */
  condition?: string;
  /** What the statement's action names mean: a wildcard spelt out, or an entry that grants nothing. */
  note?: string;
}

export interface Remediation {
  kind: RemediationKind;
  text: string;
  /** A copy-pasteable `aws` CLI command. */
  command?: string;
  /** A corrected or additional policy document (with `files`: file name → document). */
  document?: unknown;
  /** The file name the text and command use for `document` ("saved as …"); `--write-fixes` writes it. */
  file?: string;
  /** For a combined change: `document` maps each of these file names to its document. */
  files?: string[];
  /** Who can do it. */
  who?: Actor;
  /** Result of re-running the checklist with this change applied to a copy of the model. */
  verified?: string;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One line. */
  summary: string;
  evidence: Evidence[];
  remediation: Remediation[];
  /** Set when the check threw; the status is then `unknown`. */
  error?: string;
}

export interface ActionResult {
  task: string;
  action: string;
  decision: Decision;
  /** Check id the deny is attributed to (design section 3, attribution). */
  deniedBy?: CheckId;
}

export interface Diagnosis {
  schemaVersion: 1;
  /** Where the facts came from. */
  source: { kind: 'live' | 'snapshot' | 'example'; file?: string; account?: string; profile?: string };
  principal: { arn: string; type: PrincipalType; name: string };
  tasks: string[];
  verdict: Verdict;
  checks: CheckResult[];
  actions: ActionResult[];
  /** Present with `--cross-check` (live runs only). */
  crossCheck?: CrossCheck;
  /** Present when the diagnosis started from a denial (`--error`, `--cloudtrail-event`; design section 8). */
  denial?: DenialReport;
  /** Present with `--change`: the diagnosis is of the planned state. */
  plannedChange?: PlannedChangeNote;
  /** Present when `--principal` named an IAM Identity Center user: her permission sets in the account. */
  identityCenter?: IdentityCenterUserResult;
  /** The console request context the verdict was judged with. */
  requestContext?: RequestContextFacts;
}

/** How the person reaches the console: IAM user password, switch-role, Identity Center/SAML/OIDC, root password. */
export type SignInType = 'iam-user' | 'switch-role' | 'federated' | 'root';

/** How the tool knows a request context key: it set it, AWS documents it absent, or nobody knows. */
export type ContextKeyState = 'set' | 'absent' | 'unknown';

/** One key of the console request context and the AWS page (or snapshot part) it rests on. */
export interface ContextKeyFact {
  key: string;
  state: ContextKeyState;
  values?: string[];
  source: string;
}

/** The request context the verdict used (design section 5.1). */
export interface RequestContextFacts {
  signIn: SignInType;
  /** MFA scenario of the verdict: `mfa` (MFA console session), `no-mfa`, `access-keys`. */
  scenario: 'mfa' | 'no-mfa' | 'access-keys';
  keys: ContextKeyFact[];
}

/** Whether the layer the engine finds deciding is the one AWS stated. */
export type DenialAgreement = 'agrees' | 'disagrees' | 'unknown';

/** One message or event as read, and how the engine's finding compares with it. */
export interface DenialItem {
  form: DenialForm;
  principalArn: string | null;
  actions: string[];
  resource: string | null;
  stated: StatedReason;
  agreement: DenialAgreement;
  explanation: string;
  /** The message (shortened) or the event id, source, name and time. */
  origin: string;
}

/** The denial the person had in front of them, compared with the diagnosis (JSON field `denial`). */
export interface DenialReport {
  source: 'message' | 'cloudtrail';
  /** The principal diagnosed (a session is mapped to its role); null when none was named. */
  principalArn: string | null;
  actions: string[];
  resource: string | null;
  stated: StatedReason;
  /** Request-context facts the denial gave (CloudTrail), as used for the diagnosis. */
  context: Record<string, string>;
  agreement: DenialAgreement;
  /** The comparison said plainly, with what the snapshot lacks when they disagree. */
  explanation: string;
  /** Each message or event, when more than one was read. */
  items?: DenialItem[];
  /** CloudTrail records that were not denials, or denials of another principal. */
  skipped?: SkippedEvent[];
  /** What could not be read exactly, and which pages were diagnosed when no action was named. */
  notes?: string[];
}

/** How a principal × page's verdict moves with planned changes. */
export type CellEffect =
  /** allowed → denied */
  | 'loses'
  /** not allowed (or no such principal yet) → allowed */
  | 'gains'
  /** allowed or denied → inconclusive */
  | 'becomes-inconclusive'
  /** inconclusive → denied */
  | 'becomes-denied'
  /** allowed → the principal is deleted by the change */
  | 'removed';

/** A check that decides a planned difference, with its evidence (policy, statement, condition). */
export interface Finding {
  check: CheckId;
  status: CheckStatus;
  summary: string;
  evidence: Evidence[];
}

/** One page of the principal before → after the planned changes; `absent`: the principal does not exist then. */
export interface PlannedPage {
  task: string;
  before: Verdict | 'absent';
  after: Verdict | 'absent';
  /** Present when the verdict moves. */
  effect?: CellEffect;
  /** The `--change` arguments or resource addresses that cause it. */
  causes?: string[];
  /** For a loss: what denies after; for a gain: what denied before; else what is undecided. */
  findings?: Finding[];
  /** Values unknown until apply that leave the page undecided. */
  unresolved?: string[];
}

/** `doctor --change/--terraform-plan`: what the planned changes do to each page of this principal. */
export interface PlannedChangeNote {
  /** The planned changes, in order: the plan's resource addresses, then the `--change` arguments. */
  changes: string[];
  /** The `--terraform-plan` file. */
  plan?: string;
  /** With a plan: its resources that are not evaluated, and why. */
  ignored?: { address: string; type: string; reason: string }[];
  pages: PlannedPage[];
}

/** One of the person's permission sets in the account, judged by its role. */
export interface PermissionSetResult {
  name: string;
  arn: string;
  /** `direct` and/or `group <name>`. */
  via: string[];
  /** The `AWSReservedSSO_*` role in the account; absent = not provisioned here. */
  role?: string;
  verdict: Verdict;
  /** Checks that fail (or, when none fails, are undecided). */
  blockedBy: CheckId[];
}

/** `doctor --principal <Identity Center user>`: which of her permission sets opens the pages. */
export interface IdentityCenterUserResult {
  user: { userId: string; userName: string; displayName?: string; email?: string };
  instanceArn: string;
  account?: string;
  permissionSets: PermissionSetResult[];
  /** Names of the permission sets that open every page asked about. */
  opens: string[];
  /** The permission set whose checks `checks` shows (the first that opens, else the closest, or `--permission-set`). */
  shown?: string;
  /** One sentence: which set to pick, or that none opens the pages and which is closest. */
  conclusion: string;
}

/** One action as the engine and `iam:SimulatePrincipalPolicy` decided it (`doctor --cross-check`). */
export interface CrossCheckResult {
  action: string;
  /** The engine's decision (as in `actions`). */
  engine: Decision;
  /** The simulator's decision; absent if it returned none for this action. */
  simulator?: Decision;
  agree: boolean;
  /** For a disagreement: the known simulator limit that explains it, or why it needs a look. */
  explanation?: string;
  /** Context keys the simulator said it lacked. */
  missingContext?: string[];
}

/** `doctor --cross-check`: the AWS policy simulator asked the same question (JSON field `crossCheck`). */
export interface CrossCheck {
  /** The ARN simulated (`PolicySourceArn`). */
  policySourceArn?: string;
  /** Context entries sent with every simulated action. */
  context: Record<string, string>;
  results: CrossCheckResult[];
  disagreements: number;
  /** Failing checks outside policy evaluation (activation, console password, …) the simulator cannot see, explained. */
  notSeenBySimulator?: string[];
  /** What the simulator cannot know, whatever it answers. */
  limits: string[];
  /** Why the simulator could not be asked (then `results` is empty). */
  unavailable?: string;
}
