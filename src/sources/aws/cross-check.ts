/**
 * `doctor --cross-check`: asks `iam:SimulatePrincipalPolicy` (a read) the same question the engine
 * answered and reports any disagreement, explained by what the simulator is known not to evaluate.
 * Sources for the limits: the IAM User Guide, "Testing IAM policies with the IAM policy simulator"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html: results
 * can differ from the live environment), design section 1 (it checks neither SCP conditions nor the
 * "Activate IAM Access" setting), and aws/aws-sdk#102 (SCPs with conditions break the simulator).
 */
import { paginateSimulatePrincipalPolicy, type ContextEntry, type EvaluationResult } from '@aws-sdk/client-iam';
import type { Decision } from '../../engine/types.js';
import type { CheckId, CrossCheck, CrossCheckResult, Diagnosis } from '../../model/diagnosis.js';
import { createClients, destroyClients } from './clients.js';
import { credentialsLabel, errorCode, errorMessage } from './errors.js';
import { ReadOnlyViolation } from './read-only.js';
import { inertText, mapStrings, markdownText } from '../../render/inert.js';

export interface CrossCheckOptions {
  profile?: string;
  region: string;
  /** The person's MFA answer: sets `aws:MultiFactorAuthPresent` for the simulation. */
  mfa?: 'yes' | 'no' | 'unknown';
}

/** Billing console calls are made in us-east-1 (design section 5). */
const CONSOLE_REGION = 'us-east-1';

/** What the simulator cannot know, whatever it answers. */
export const SIMULATOR_LIMITS: readonly string[] = [
  'it does not know the root user\'s "Activate IAM Access" setting (no API reads it)',
  'it does not fully evaluate conditions in SCPs, and leaves SCPs out when the caller cannot read them',
  'it evaluates only the context keys it is given; the console sends more (the ones sent are listed)',
  'it evaluates policies only: not whether a user has a console password, nor which pages work only in the management account',
];

/** Why the engine's deny may not show in the simulator, by the check the deny is attributed to. */
const DENY_EXPLANATIONS: Partial<Record<CheckId, string>> = {
  activation: 'the simulator does not know the root user\'s "Activate IAM Access" setting, which blocks this page',
  scp: 'the simulator does not fully evaluate SCP conditions (or could not read the SCPs); the engine evaluated the SCPs from Organizations',
  region: 'the deny depends on aws:RequestedRegion in a policy the simulator may not evaluate fully (an SCP condition)',
  mfa: 'the deny depends on aws:MultiFactorAuthPresent; check the --mfa answer and SCP conditions, which the simulator does not fully evaluate',
  principal: 'the simulator evaluates policies only; it does not know the user cannot sign in to the console',
  'management-only': 'the simulator does not know that this page works only in the management account',
  'root-user': 'the simulator cannot simulate the root user',
};

/** Checks decided by facts outside policy evaluation: a failure there never shows in the simulator. */
const BEYOND_POLICIES: readonly CheckId[] = ['activation', 'principal', 'management-only', 'root-user'];

const SIMULATOR_DECISION: Record<string, Decision> = { allowed: 'allowed', explicitDeny: 'explicit-deny', implicitDeny: 'implicit-deny' };

export function simulationContext(mfa: CrossCheckOptions['mfa']): Record<string, string> {
  return { 'aws:RequestedRegion': CONSOLE_REGION, ...(mfa === 'yes' || mfa === 'no' ? { 'aws:MultiFactorAuthPresent': String(mfa === 'yes') } : {}) };
}

/** Pure: lines up the engine's decision per action with the simulator's results and explains each disagreement. */
export function compare(diagnosis: Diagnosis, evaluations: readonly EvaluationResult[], context: Record<string, string>): CrossCheck {
  const engine = new Map<string, { decision: Decision; deniedBy?: CheckId }>();
  for (const a of diagnosis.actions) if (!engine.has(a.action)) engine.set(a.action, { decision: a.decision, deniedBy: a.deniedBy });
  const simulated = new Map(evaluations.map((e) => [(e.EvalActionName ?? '').toLowerCase(), e]));
  const results: CrossCheckResult[] = [...engine].map(([action, mine]) => {
    const theirs = simulated.get(action.toLowerCase());
    const simulator = theirs?.EvalDecision !== undefined ? SIMULATOR_DECISION[theirs.EvalDecision] : undefined;
    // Both deny (either way) is agreement; an engine that could not decide agrees with nothing.
    const agree = simulator === mine.decision || (simulator !== undefined && simulator !== 'allowed' && mine.decision !== 'allowed' && mine.decision !== 'unknown');
    const missing = theirs?.MissingContextValues ?? [];
    return {
      action,
      engine: mine.decision,
      ...(simulator !== undefined ? { simulator } : {}),
      agree,
      ...(agree ? {} : { explanation: explain(mine.decision, mine.deniedBy, theirs, simulator) }),
      ...(missing.length > 0 ? { missingContext: missing } : {}),
    };
  });
  const unseen = diagnosis.checks.filter((c) => c.status === 'fail' && BEYOND_POLICIES.includes(c.id)).map((c) => `${c.id}: ${DENY_EXPLANATIONS[c.id] ?? c.summary}`);
  return {
    policySourceArn: diagnosis.principal.arn,
    context,
    results,
    disagreements: results.filter((r) => !r.agree).length,
    ...(unseen.length > 0 ? { notSeenBySimulator: unseen } : {}),
    limits: [...SIMULATOR_LIMITS],
  };
}

function explain(engine: Decision, deniedBy: CheckId | undefined, theirs: EvaluationResult | undefined, simulator: Decision | undefined): string {
  if (simulator === undefined) return 'the simulator returned no result for this action';
  if (engine === 'unknown') {
    return 'the engine could not decide: a document or statement could not be read, rests on a case AWS does not document, or is scoped to resources the console request may not name (see the checks); the simulator read what AWS holds and was asked about Resource "*"';
  }
  if (engine !== 'allowed') {
    return (deniedBy && DENY_EXPLANATIONS[deniedBy]) ?? 'the engine denies what the simulator allows; compare the evidence of the failing check';
  }
  if (theirs?.OrganizationsDecisionDetail?.AllowedByOrganizations === false) {
    return 'the simulator applied SCPs the engine did not have or evaluated their conditions differently; read them with --org-profile';
  }
  if (theirs?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false) {
    return 'the simulator says the permissions boundary does not allow this action; compare with the boundary check';
  }
  const missing = theirs?.MissingContextValues ?? [];
  if (missing.length > 0) return `the simulator lacked context keys (${missing.join(', ')}), so conditions on them did not match`;
  return 'the simulator denies what the engine allows; look at the statements the simulator matched';
}

/** Asks the simulator for the diagnosis's principal and actions; never fatal: a failure is reported as `unavailable`. */
export async function crossCheck(diagnosis: Diagnosis, options: CrossCheckOptions): Promise<CrossCheck> {
  const context = simulationContext(options.mfa);
  const unavailable = (reason: string): CrossCheck => ({ policySourceArn: diagnosis.principal.arn, context, results: [], disagreements: 0, limits: [...SIMULATOR_LIMITS], unavailable: reason });
  if (diagnosis.principal.type === 'root') return unavailable('the simulator cannot simulate the root user');
  if (diagnosis.principal.type === 'identity-center-user') return unavailable('the Identity Center user has no role in the account to simulate');
  const actions = [...new Set(diagnosis.actions.map((a) => a.action))];
  if (actions.length === 0) return unavailable('no actions to simulate');

  const clients = createClients(options.profile, options.region);
  const entries: ContextEntry[] = Object.entries(context).map(([key, value]) => ({
    ContextKeyName: key,
    ContextKeyValues: [value],
    ContextKeyType: key === 'aws:MultiFactorAuthPresent' ? 'boolean' : 'string',
  }));
  try {
    const evaluations: EvaluationResult[] = [];
    const pages = paginateSimulatePrincipalPolicy(
      { client: clients.iam },
      { PolicySourceArn: diagnosis.principal.arn, ActionNames: actions, ResourceArns: ['*'], ContextEntries: entries },
    );
    for await (const page of pages) evaluations.push(...(page.EvaluationResults ?? []));
    return compare(diagnosis, evaluations, context);
  } catch (error) {
    if (error instanceof ReadOnlyViolation) throw error;
    return unavailable(`iam:SimulatePrincipalPolicy failed with ${credentialsLabel(clients.profileLabel)}: ${errorCode(error)}: ${errorMessage(error)}`);
  } finally {
    destroyClients(clients);
  }
}

/** The extra section `doctor --cross-check` prints after the checklist, as text or Markdown. */
export function renderCrossCheck(check: CrossCheck, markdown: boolean): string {
  // Names and the simulator's messages came from AWS: inert in either format.
  const c = mapStrings(check, markdown ? markdownText : inertText);
  const item = markdown ? '- ' : '  - ';
  const lines = [
    '',
    markdown ? '## Cross-check with iam:SimulatePrincipalPolicy' : 'Cross-check with iam:SimulatePrincipalPolicy',
    ...(markdown ? [''] : []),
    `${markdown ? '' : '  '}Context sent: ${Object.entries(c.context).map(([k, v]) => `${k}=${v}`).join(', ')}`,
  ];
  if (c.unavailable !== undefined) lines.push(`${markdown ? '' : '  '}Not available: ${c.unavailable}`);
  else if (c.disagreements === 0) lines.push(`${markdown ? '' : '  '}The simulator agrees on all ${c.results.length} actions.`);
  else {
    lines.push(`${markdown ? '' : '  '}${c.disagreements} of ${c.results.length} actions disagree:`);
    for (const r of c.results.filter((x) => !x.agree)) lines.push(`${item}${r.action}: engine ${r.engine}, simulator ${r.simulator ?? 'no result'}; ${r.explanation ?? ''}`);
  }
  if (c.notSeenBySimulator) lines.push(`${markdown ? '' : '  '}Failing checks the simulator cannot see:`, ...c.notSeenBySimulator.map((n) => `${item}${n}`));
  lines.push(`${markdown ? '\n' : '  '}What the simulator cannot know:`, ...c.limits.map((l) => `${item}${l}`));
  return lines.join('\n') + '\n';
}
