/** What every check receives and returns; checks are pure functions of this context. */
import type { ConsoleContext } from './request-context.js';
import type { Evaluation, LayerName, PolicyLayers } from '../engine/types.js';
import type { ModelPatch, AccountModel } from '../model/account.js';
import type { ActionIndex } from '../model/action-index.js';
import type { ActionSet } from '../model/catalogue.js';
import type { CheckId, CheckResult, CheckStatus, Remediation } from '../model/diagnosis.js';
import type { ConsoleTask } from '../model/named-task.js';
import type { ResolvedPrincipal } from '../model/principal.js';
import type { ActivationState, MfaAnswer } from '../model/snapshot.js';

/** How a request's MFA keys are set: an MFA console session, a console session without MFA, or long-term access keys. */
export type MfaScenario = 'mfa' | 'no-mfa' | 'access-keys';

/** One action of one task evaluated under one scenario. */
export interface ActionEvaluation {
  task: ConsoleTask;
  action: string;
  evaluation: Evaluation;
}

/** Inputs that are not in the model: flags (or the wizard's answers). */
export interface DiagnoseOptions {
  tasks: readonly ConsoleTask[];
  actionSet: ActionSet;
  /** `--mfa`; absent = not said. */
  mfa?: MfaAnswer;
  /** `--activation`; absent or `unknown` = use the snapshot. */
  activation?: ActivationState;
  /** The Service Authorization Reference for the services involved, when the run loaded it. */
  actionIndex?: ActionIndex;
  /**
   * Request-context facts that override the defaults (design 5.1): from a CloudTrail event of the
   * denied request. MFA keys are not taken here: `mfa` says how the person signs in.
   */
  context?: Readonly<Record<string, readonly string[]>>;
}

/** Everything a check may look at. */
export interface CheckContext {
  model: AccountModel;
  principal: ResolvedPrincipal;
  options: DiagnoseOptions;
  /** The policy layers of the principal. */
  layers: PolicyLayers;
  /** Attached managed policies (and boundary) with no document: results depending on them are unknown. */
  unresolved: { identity: readonly string[]; boundary?: string };
  /** Whether the person signs in with MFA, from the flag or the user's devices. */
  mfa: { answer: MfaAnswer; why: string };
  /** The scenario the verdict is judged in (how the person signs in to the console). */
  scenario: MfaScenario;
  /** The console request context per scenario, and what each key rests on. */
  request: ConsoleContext;
  /** Evaluations of the selected action set under every scenario. */
  evaluations: Readonly<Record<MfaScenario, readonly ActionEvaluation[]>>;
  /**
   * Evaluations of the other action set (fine-grained ↔ legacy) in the main scenario, made on the
   * first call: only some findings read them, and audit's fast path none.
   */
  otherSet(): readonly ActionEvaluation[];
  /** The condition keys the policies of a layer test (lower-cased), read from their documents on first use. */
  conditionKeys(layer: LayerName): ReadonlySet<string>;
  /** Only the statuses are wanted (audit): checks may leave out remediation, the costly part to build. */
  statusOnly?: boolean;
}

/** A remediation as a check proposes it: with the model change that proves it (diagnose verifies and strips it). */
export interface ProposedRemediation extends Remediation {
  /** Changes to apply to a copy of the model (and flags) to prove the fix. */
  patch?: Fix;
}

/** A proposed change: model patches and/or changed facts. */
export interface Fix {
  patches: readonly ModelPatch[];
  options?: Partial<Pick<DiagnoseOptions, 'mfa' | 'activation'>>;
  /** The finding (a key of CheckOutcome.findings) the fix is for, when its check reports several. */
  clears?: string;
}

/** A check's result before diagnose verifies its remediation. */
export interface CheckOutcome extends Omit<CheckResult, 'remediation'> {
  remediation: ProposedRemediation[];
  /** Keys of the separate problems the check found, so a fix of one of them is proven even if others remain. */
  findings?: string[];
}

/**
 * What a check reads in a status-only run (audit's), when less than the whole context: audit reuses
 * one outcome wherever that is the same (test/checks/scope.test.ts proves each declaration). `principal`: the principal and the
 * account, never the pages or the evaluations, so one outcome serves all of a principal's pages.
 * `page`: the pages, the flags and the account, and of the principal only its type, so one outcome
 * serves every principal of that type on a page.
 */
export type CheckScope = 'principal' | 'page';

/**
 * What a verdict needs of a check: it fails, it cannot decide (unknown), or neither (pass, warn or
 * not-applicable, which a verdict treats alike).
 */
export type Blocking = 'fail' | 'unknown' | 'clear';

/** The Blocking of a status. */
export function blockingOf(status: CheckStatus): Blocking {
  return status === 'fail' || status === 'unknown' ? status : 'clear';
}

/** A check: one pure function. */
export interface Check {
  id: CheckId;
  run(ctx: CheckContext): CheckOutcome;
  /** Absent: it may read anything in the context. */
  scope?: CheckScope;
  /**
   * run's status as a verdict needs it (blockingOf), decided the same way without building the
   * summary, evidence or remediation: audit's fast path. Absent: audit takes it from run.
   */
  blocking?(ctx: CheckContext): Blocking;
}
