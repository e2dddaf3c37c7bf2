/** Builds a check context: the principal's policy layers and every action evaluated per MFA scenario. */
import { compilePolicy, evaluate } from '../engine/index.js';
import { consoleContext, MFA_PRESENT, type ConsoleContext, type ScenarioRequest } from './request-context.js';
import type { CompiledPolicy, Evaluation, PolicyLayers } from '../engine/types.js';
import { identityPolicies, type AccountModel } from '../model/account.js';
import { taskActions, type ActionSet } from '../model/catalogue.js';
import type { ResolvedPrincipal } from '../model/principal.js';
import type { MfaAnswer } from '../model/snapshot.js';
import type { ActionEvaluation, CheckContext, DiagnoseOptions, MfaScenario } from './types.js';

export { BILLING_REGION, MFA_AGE, MFA_PRESENT, isMfaKey } from './request-context.js';

/** IAM policies do not apply to the root user: its identity layer is "everything", so only SCPs can deny. */
const ROOT_IDENTITY: CompiledPolicy = compilePolicy({
  source: 'root user (IAM policies do not apply)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
});

/** The principal's layers: identity policies (own and groups'), SCP levels when they apply, boundary. */
export function principalLayers(model: AccountModel, principal: ResolvedPrincipal): { layers: PolicyLayers; unresolved: CheckContext['unresolved'] } {
  const entity = principal.entity;
  const identity = entity ? identityPolicies(model, entity) : { policies: [ROOT_IDENTITY], unresolved: [] };
  const layers: PolicyLayers = { identity: identity.policies };
  if (model.scp.status === 'applies' && !principal.serviceLinked) {
    layers.scpLevels = model.scp.levels.map((l) => l.policies.map((p) => p.compiled));
    layers.scpLevelNames = model.scp.levels.map((l) => l.name);
  }
  let boundary: string | undefined;
  if (entity?.boundaryArn !== undefined) {
    const entry = model.managed.get(entity.boundaryArn);
    if (entry) layers.boundary = entry.compiled;
    else boundary = entity.boundaryArn;
  }
  return { layers, unresolved: { identity: identity.unresolved, boundary } };
}

function evaluateAll(
  principal: ResolvedPrincipal,
  layers: PolicyLayers,
  options: DiagnoseOptions,
  set: ActionSet,
  request: ScenarioRequest,
): ActionEvaluation[] {
  const { context, knownAbsent } = request;
  return options.tasks.flatMap((task) =>
    taskActions(task, set).map((action) => ({
      task,
      action,
      evaluation: evaluate({ action, resource: '*', principalArn: principal.arn, context, knownAbsent }, layers),
    })),
  );
}

/**
 * One console request by `principal` for `action`, in a session with MFA (so an MFA deny does not
 * hide what else decides), against the principal's own layers.
 */
export function consoleRequest(model: AccountModel, principal: ResolvedPrincipal, action: string): Evaluation {
  const { layers } = principalLayers(model, principal);
  const { context, knownAbsent } = consoleContext(model, principal, {}).requests.mfa;
  return evaluate({ action, resource: '*', principalArn: principal.arn, context, knownAbsent }, layers);
}

/** Does the person sign in with MFA: the flag wins, then the user's devices, then the caller's recorded context. */
export function mfaFact(model: AccountModel, principal: ResolvedPrincipal, options: DiagnoseOptions): { answer: MfaAnswer; why: string } {
  if (options.mfa === 'yes' || options.mfa === 'no') return { answer: options.mfa, why: `--mfa ${options.mfa}` };
  if (principal.type === 'user') {
    const devices = model.userFacts.get(principal.name.toLowerCase())?.mfaDevices;
    if (devices !== undefined && devices > 0) return { answer: 'yes', why: `${principal.name} has an MFA device, so console sign-in asks for it` };
    if (devices === 0) return { answer: 'no', why: `${principal.name} has no MFA device` };
  }
  const recorded = Object.entries(model.snapshot.context ?? {}).find(([k]) => k.toLowerCase() === MFA_PRESENT.toLowerCase())?.[1];
  const callerRole = model.snapshot.caller?.Arn.match(/:assumed-role\/([^/]+)\//)?.[1];
  const isCaller = model.snapshot.caller?.Arn === principal.arn || (callerRole !== undefined && callerRole.toLowerCase() === principal.name.toLowerCase());
  if (isCaller && recorded !== undefined) {
    const value = (Array.isArray(recorded) ? recorded[0] : recorded)?.toLowerCase();
    if (value === 'true' || value === 'false') {
      return { answer: value === 'true' ? 'yes' : 'no', why: `the snapshot records ${MFA_PRESENT}=${value} for the caller` };
    }
  }
  return { answer: 'unknown', why: 'not known whether the person signs in with MFA (pass --mfa yes|no)' };
}

export function buildContext(model: AccountModel, principal: ResolvedPrincipal, options: DiagnoseOptions): CheckContext {
  const { layers, unresolved } = principalLayers(model, principal);
  const request: ConsoleContext = consoleContext(model, principal, options);
  const mfa = mfaFact(model, principal, options);
  const scenario: MfaScenario = mfa.answer === 'no' ? 'no-mfa' : 'mfa';
  const other: ActionSet = options.actionSet === 'legacy' ? 'fine-grained' : 'legacy';
  const evaluations = {
    mfa: evaluateAll(principal, layers, options, options.actionSet, request.requests.mfa),
    'no-mfa': evaluateAll(principal, layers, options, options.actionSet, request.requests['no-mfa']),
    'access-keys': evaluateAll(principal, layers, options, options.actionSet, request.requests['access-keys']),
  };
  return {
    model,
    principal,
    options,
    layers,
    unresolved,
    mfa,
    scenario,
    request,
    evaluations,
    otherSet: evaluateAll(principal, layers, options, other, request.requests[scenario]),
  };
}
