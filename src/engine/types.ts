/**
 * The engine's public contract (design section 5). Everything here is plain data; the engine is
 * pure: no I/O, no globals, no clock.
 */

/**
 * Final decision for one request; `unknown` when a document or statement that could not be read,
 * or a condition AWS does not document, could change it.
 */
export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unknown';

/** Decision of one layer; `not-applicable` when the layer is absent (no SCPs, no boundary). */
export type LayerDecision = Decision | 'not-applicable';

/** The policy layers the engine evaluates. */
export type LayerName = 'identity' | 'scp' | 'boundary';

/** Statement effect. */
export type Effect = 'Allow' | 'Deny';

/**
 * A request resource nobody can name (AWS does not document which resource the console's request
 * for the action names): only `Resource: "*"` surely matches it; any other Resource may or may not.
 */
export interface UnknownResource {
  /** Why it is not known, naming the action and resource type: the reason a scoped statement is undecided. */
  unknown: string;
}

/** Resource ARN, `*`, or a resource that cannot be known. */
export type RequestResource = string | UnknownResource;

/** A request: one action on one resource by one principal with its context keys. */
export interface Request {
  /** `service:Action`, matched case-insensitively. */
  action: string;
  resource: RequestResource;
  /** Principal ARN, used for policy variables and derived keys when given. */
  principalArn?: string;
  /** Context keys (case-insensitive names) → one or many values; a key not present is absent. */
  context: Readonly<Record<string, readonly string[]>>;
  /**
   * Keys known to be absent from this request (AWS documents that it does not send them, e.g.
   * `aws:AssumedRoot` outside an sts:AssumeRoot session): never reported as missing.
   */
  knownAbsent?: readonly string[];
}

/** A policy as given: a document (object, JSON string, URL-encoded JSON, or an API wrapper) and where it came from. */
export interface PolicyInput {
  /** Human name used in every report: a file name, a policy ARN, or `inline <name> on <owner>`. */
  source: string;
  /** The document in any accepted shape (see issue 3). */
  document: unknown;
  /** Where the document sits in the file it came from (`iam.Policies[3].PolicyVersionList[0].Document`). */
  location?: string;
}

/** How much a problem matters: an `error` leaves the statement (or document) unread; a `warning` changes no decision. */
export type ProblemSeverity = 'error' | 'warning';

/** A problem found while compiling a policy; what it touches is never guessed at. */
export interface PolicyProblem {
  source: string;
  /** JSON path inside the document, e.g. `Statement[2].Condition.StringEquls`. */
  path: string;
  message: string;
  /** Absent = `error`. */
  severity?: ProblemSeverity;
}

/** A policy parsed once and reusable across many requests (audit evaluates each policy many times). */
export interface CompiledPolicy {
  source: string;
  /** The normalised document (parsed JSON) for remediation that rewrites it. */
  document: PolicyDocumentJson | undefined;
  problems: PolicyProblem[];
  /** Set when the document could not be read at all: it may allow or deny anything. */
  unreadable?: PolicyProblem;
  /** PolicyInput.location. */
  location?: string;
  /** Opaque compiled statements; only the engine reads them. */
  readonly statements: readonly unknown[];
  /**
   * Request context keys the policy can read (lower-cased): condition keys and policy variables.
   * Requests that differ only in other keys get the same answer from it.
   */
  readonly contextKeys: ReadonlySet<string>;
  /** Opaque: the statements whose Action element can match an action, in any case (memoised per action); only the engine calls it. */
  readonly statementsFor: (action: string) => readonly unknown[];
}

/** The layers for one evaluation. */
export interface PolicyLayers {
  identity: readonly CompiledPolicy[];
  /**
   * SCP levels, root first; each level needs an allow. `undefined` = SCPs do not apply (the caller
   * decides: the management account and service-linked roles are not subject to SCPs).
   */
  scpLevels?: readonly (readonly CompiledPolicy[])[];
  /** Names of the SCP levels (e.g. `root r-ab12`, `ou ou-…`, `account 1111…`), parallel to scpLevels. */
  scpLevelNames?: readonly string[];
  /** Permissions boundary; `undefined` = none. */
  boundary?: CompiledPolicy;
}

/** One condition (operator + key) that was evaluated for a matching statement. */
export interface ConditionOutcome {
  /** Operator as written, e.g. `BoolIfExists`, `ForAnyValue:StringLike`. */
  operator: string;
  /** Condition key as written. */
  key: string;
  /** Values from the policy. */
  values: string[];
  /** Values the request carried for the key (absent = undefined). */
  requestValues?: string[];
  /** Whether this condition was satisfied; `unknown` when it could not be read or AWS does not document the case. */
  matched: boolean | 'unknown';
  /** Why the outcome is unknown: the condition could not be read, or AWS documents no answer. */
  problem?: string;
}

/** A statement that applied to the request (action, resource and all conditions matched). */
export interface MatchedStatement {
  layer: LayerName;
  /** PolicyInput.source. */
  source: string;
  /** Sid, or `#<index>` when it has none. */
  statement: string;
  /** Index of the statement in the policy. */
  index: number;
  effect: Effect;
  /** For SCPs: index of the level (root first). */
  level?: number;
  /** For SCPs: PolicyLayers.scpLevelNames[level], when names were given. */
  levelName?: string;
  /** Every condition of the statement and how it evaluated (all matched, since the statement applied). */
  conditions: ConditionOutcome[];
}

/**
 * A statement that may or may not apply (a part could not be read, or a condition has no
 * documented answer), or a whole document that could not be read (`index` -1).
 */
export interface UncertainStatement {
  layer: LayerName;
  source: string;
  /** Sid, `#<index>`, or `(document)`. */
  statement: string;
  index: number;
  /** undefined = the Effect itself could not be read: it may allow or deny. */
  effect: Effect | undefined;
  level?: number;
  levelName?: string;
  /** PolicyInput.location of the document. */
  location?: string;
  /** JSON path inside the document of the first problem. */
  path: string;
  /** Why: the problem, or the undocumented case. */
  reason: string;
  conditions: ConditionOutcome[];
  /** Set when what is undecided is the Resource: it names specific resources and the request's is unknown. */
  scopedResource?: true;
}

/**
 * The engine's answer for one request. Read-only: answers for requests with the same prepared
 * context share their ConditionOutcome objects (a condition remembers its outcome per context).
 */
export interface Evaluation {
  decision: Decision;
  layers: Record<LayerName, LayerDecision>;
  /** Decision of each SCP level (root first), when SCPs apply. */
  scpLevelDecisions?: Decision[];
  /** Statements that applied, in layer order: identity, scp (root first), boundary. */
  statements: MatchedStatement[];
  /** Statements and documents that may apply: each one could change the decision it is part of. */
  uncertain: UncertainStatement[];
  /**
   * Condition keys the request did not carry although a value could change whether a statement
   * applies (precise definition in evaluate.ts); spelled as first written in a policy.
   */
  missingContextKeys: string[];
  /** Compilation problems of the policies involved. */
  problems: PolicyProblem[];
}

/** Policy document JSON as IAM defines it (after decoding). */
export interface PolicyDocumentJson {
  Version?: string;
  Id?: string;
  Statement: StatementJson | StatementJson[];
}

export interface StatementJson {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
