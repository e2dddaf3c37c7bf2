/**
 * What an access-denied message or CloudTrail event says (design section 8), as plain values.
 * Nothing here knows the account: the checks compare it with the snapshot later.
 */

/** Where a denial was read from: a console page, the bare API text, the aws CLI, an SDK error, a CloudTrail record. */
export type DenialForm = 'console' | 'api' | 'cli' | 'sdk' | 'cloudtrail';

/** The effect AWS states: a Deny statement matched, or nothing allowed the action. */
export type StatedEffect = 'explicit-deny' | 'implicit-deny';

/** The policy type AWS names, in the words of design section 8. */
export type StatedPolicyType = 'identity' | 'scp' | 'rcp' | 'boundary' | 'session' | 'resource';

/** AWS's stated reason; `null` where the message does not say. */
export interface StatedReason {
  effect: StatedEffect | null;
  policyType: StatedPolicyType | null;
  policyArn: string | null;
}

/** One denial as read from the text or the event. */
export interface ParsedDenial {
  form: DenialForm;
  /** The principal as AWS wrote it (an assumed-role session ARN stays a session ARN here). */
  principalArn?: string;
  /** The session ARN when the principal is the role (or user) that issued it (CloudTrail). */
  sessionArn?: string;
  /** The Identity Center user the request was made for (CloudTrail `userIdentity.onBehalfOf.userId`). */
  identityCenterUserId?: string;
  /** IAM actions named (empty: the message names none). */
  actions: string[];
  resource?: string;
  stated: StatedReason;
  /** AWS's words for the policy type when they map to none of ours ("VPC endpoint"). */
  statedTypeText?: string;
  /** SDK / CLI error code (`AccessDeniedException`, `UnauthorizedOperation`, …). */
  errorCode?: string;
  /** The API operation the CLI or CloudTrail names (`GetCostAndUsage`). */
  operation?: string;
  /** A console page the message points at when it names no action. */
  taskHint?: string;
  /** Facts for the request context, from a CloudTrail event (design 5.1): key → value. */
  context?: Record<string, string>;
  /** Notes on what could not be read exactly (an event name that is no IAM action, …). */
  notes?: string[];
  /** Where in the input it came from: the message text (shortened) or the event id. */
  origin: string;
}

/** A CloudTrail record that is not a denial, listed so the person sees it was read. */
export interface SkippedEvent {
  eventId?: string;
  eventName?: string;
  eventSource?: string;
  eventTime?: string;
  /** Why it was not diagnosed. */
  reason: string;
}

export const NO_REASON: StatedReason = { effect: null, policyType: null, policyArn: null };
