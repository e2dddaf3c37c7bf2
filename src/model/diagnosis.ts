/** The result of `doctor` (its JSON output, schemaVersion 1) and the contract every check follows. */
import type { Decision } from '../engine/types.js';

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

/** Kind of principal being diagnosed. */
export type PrincipalType = 'user' | 'role' | 'root' | 'identity-center-role';

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
  /** A corrected or additional policy document. */
  document?: unknown;
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
