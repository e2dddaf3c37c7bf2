/** Builds a check context: the principal's policy layers and every action evaluated per MFA scenario. */
import { compilePolicy, evaluate, evaluatePrepared, layerOf, prepareContext, readsKeys } from '../engine/index.js';
import { consoleContext, MFA_AGE, MFA_PRESENT, type ConsoleContext, type ScenarioRequest } from './request-context.js';
import type { CompiledPolicy, Evaluation, LayerName, PolicyDocumentJson, PolicyLayers, RequestResource } from '../engine/types.js';
import { statementsOf } from './policy-edit.js';
import { identityPolicies, type AccountModel } from '../model/account.js';
import { taskActions, type ActionSet } from '../model/catalogue.js';
import type { ConsoleTask } from '../model/named-task.js';
import type { ResolvedPrincipal } from '../model/principal.js';
import { requestResource } from '../model/request-resources.js';
import type { MfaAnswer } from '../model/snapshot.js';
import type { ActionEvaluation, CheckContext, DiagnoseOptions, MfaScenario } from './types.js';


/** The MFA keys as compiled policies record the keys they read (lower case). */
const MFA_KEYS = [MFA_PRESENT.toLowerCase(), MFA_AGE.toLowerCase()] as const;
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

/** The condition keys a document's statements test, as written. */
function conditionKeysOf(document: PolicyDocumentJson | undefined): string[] {
  if (!document) return [];
  return statementsOf(document).flatMap((s) => Object.values(s.Condition ?? {}).flatMap((byKey) => Object.keys(byKey ?? {})));
}

/** The resource each console call of `principal` names (model/request-resources.ts): `*` for most actions. */
export function consoleResource(model: AccountModel, principal: ResolvedPrincipal, action: string): RequestResource {
  return requestResource(action, principal.arn.split(':')[1] || 'aws', model.accountId);
}

/** The resource ARN a denial names for `action`, when the task is the denial's. */
const namedResource = (task: ConsoleTask, action: string): string | undefined => ('resources' in task ? task.resources?.get(action.toLowerCase()) : undefined);

/** The resource of a request for `action` in a context: the one a denial names for it, else the console's. */
export function contextResource(ctx: Pick<CheckContext, 'model' | 'principal' | 'options'>, action: string): RequestResource {
  for (const task of ctx.options.tasks) {
    const named = namedResource(task, action);
    if (named !== undefined) return named;
  }
  return consoleResource(ctx.model, ctx.principal, action);
}

/**
 * Every action of every task; the context is prepared once, and an action shared by pages is
 * evaluated once. With `like`, the same list in another scenario: where `same(action)`, its
 * evaluation there is the answer here too.
 */
function evaluateAll(
  principal: ResolvedPrincipal,
  layers: PolicyLayers,
  options: DiagnoseOptions,
  set: ActionSet,
  request: ScenarioRequest,
  consoleResourceOf: (action: string) => RequestResource,
  like?: { list: readonly ActionEvaluation[]; same: (action: string) => boolean },
): ActionEvaluation[] {
  const prepared = prepareContext(request.context, principal.arn, request.knownAbsent);
  const done = new Map<string, Evaluation>();
  let position = 0;
  return options.tasks.flatMap((task) =>
    taskActions(task, set).map((action) => {
      const known = like?.list[position++];
      if (known !== undefined && like!.same(action)) return known;
      const named = namedResource(task, action);
      // A page and a denial may ask for the same action on different resources.
      const key = named === undefined ? action : `${action}\n${named}`;
      let evaluation = done.get(key);
      if (evaluation === undefined) {
        evaluation = evaluatePrepared(action, named ?? consoleResourceOf(action), prepared, layers);
        done.set(key, evaluation);
      }
      return { task, action, evaluation };
    }),
  );
}

/**
 * One console request by `principal` for `action`, in a session with MFA (so an MFA deny does not
 * hide what else decides), against the principal's own layers.
 */
export function consoleRequest(model: AccountModel, principal: ResolvedPrincipal, action: string): Evaluation {
  const { layers } = principalLayers(model, principal);
  const { context, knownAbsent } = consoleContext(model, principal, {}).requests.mfa;
  return evaluate({ action, resource: consoleResource(model, principal, action), principalArn: principal.arn, context, knownAbsent }, layers);
}

/**
 * The context of each task out of a context built for several, in the tasks' order: what
 * buildContext gives for that task alone. One pass over each list of evaluations.
 */
export function contextsByTask(ctx: CheckContext): CheckContext[] {
  const tasks = ctx.options.tasks;
  const split = (list: readonly ActionEvaluation[]): ActionEvaluation[][] => {
    const byTask = new Map<string, ActionEvaluation[]>(tasks.map((t) => [t.id, []]));
    for (const e of list) byTask.get(e.task.id)?.push(e);
    return tasks.map((t) => byTask.get(t.id)!);
  };
  // The scenarios often share one list (policies that never read MFA keys): split it once.
  const { mfa, 'no-mfa': noMfa, 'access-keys': accessKeys } = ctx.evaluations;
  const withMfa = split(mfa);
  const withoutMfa = noMfa === mfa ? withMfa : split(noMfa);
  const keys = accessKeys === mfa ? withMfa : accessKeys === noMfa ? withoutMfa : split(accessKeys);
  let other: ActionEvaluation[][] | undefined;
  return tasks.map((task, i) => ({
    ...ctx,
    options: { ...ctx.options, tasks: [task] },
    evaluations: { mfa: withMfa[i]!, 'no-mfa': withoutMfa[i]!, 'access-keys': keys[i]! },
    otherSet: () => (other ??= split(ctx.otherSet()))[i]!,
  }));
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
  // Each scenario asks for the same console resources: name each once.
  const resources = new Map<string, RequestResource>();
  const consoleResourceOf = (action: string): RequestResource => {
    let resource = resources.get(action);
    if (resource === undefined) resources.set(action, (resource = consoleResource(model, principal, action)));
    return resource;
  };
  let otherSet: ActionEvaluation[] | undefined;
  const keysByLayer = new Map<LayerName, ReadonlySet<string>>();
  const conditionKeys = (layer: LayerName): ReadonlySet<string> => {
    let keys = keysByLayer.get(layer);
    if (keys === undefined) keysByLayer.set(layer, (keys = new Set(layerOf(layers, layer).flatMap((p) => conditionKeysOf(p.document)).map((k) => k.toLowerCase()))));
    return keys;
  };
  const evaluateSet = (set: ActionSet, scenario: MfaScenario, like?: Parameters<typeof evaluateAll>[6]): ActionEvaluation[] =>
    evaluateAll(principal, layers, options, set, request.requests[scenario], consoleResourceOf, like);
  const withMfa = evaluateSet(options.actionSet, 'mfa');
  // The scenarios differ only in the MFA keys: an action no statement reading them can reach is
  // answered alike in all three.
  const readers = new Map<string, boolean>();
  const readsMfa = (action: string): boolean => {
    let reads = readers.get(action);
    if (reads === undefined) readers.set(action, (reads = readsKeys(layers, action, MFA_KEYS)));
    return reads;
  };
  const like = withMfa.some((e) => readsMfa(e.action)) ? { list: withMfa, same: (action: string) => !readsMfa(action) } : undefined;
  const evaluations = {
    mfa: withMfa,
    'no-mfa': like ? evaluateSet(options.actionSet, 'no-mfa', like) : withMfa,
    'access-keys': like ? evaluateSet(options.actionSet, 'access-keys', like) : withMfa,
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
    otherSet: () => (otherSet ??= evaluateSet(other, scenario)),
    conditionKeys,
  };
}
