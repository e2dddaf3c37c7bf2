/**
 * `billing-access doctor`: load the facts (file, example or live), ask for what is missing when a
 * person is at the terminal, diagnose, print, and exit with the verdict's code.
 */
import type { Io } from '../../io.js';
import { networkOptions, wantsChanges, type DoctorOptions } from '../options.js';
import type { IdentityStoreUser, SnapshotV1 } from '../../model/snapshot.js';
import { EXIT, ExitError, usageError } from '../../errors.js';
import { prefixesToLoad } from '../../checks/action-names.js';
import { diagnose, runChecks } from '../../checks/diagnose.js';
import { buildAccountModel, type AccountModel } from '../../model/account.js';
import type { ActionIndex } from '../../model/action-index.js';
import { DEFAULT_TASKS, selectTasks } from '../../model/catalogue.js';
import type { Diagnosis, Verdict } from '../../model/diagnosis.js';
import { userPermissionSets } from '../../model/identity-center.js';
import { defaultPrincipal, principalOf, resolveTarget, roleOfPermissionSet, type Target } from '../../model/principal.js';
import { renderJson } from '../../render/doctor-json.js';
import { inertText } from '../../render/inert.js';
import { wrapWidth } from '../../render/wrap.js';
import { readDenialEvidence } from '../../sources/denial.js';
import { addPrincipalFacts, loadFacts, type LoadedFacts } from '../../sources/index.js';
import { loadShippedManagedPolicies } from '../../sources/managed-policies.js';
import { spinnerProgress } from '../../ui/progress.js';

export const VERDICT_EXIT: Record<Verdict, number> = { allowed: EXIT.ok, denied: EXIT.denied, inconclusive: EXIT.inconclusive };

/** Who to diagnose: `--principal` (default: the caller), narrowed or named by `--permission-set`. */
function targetOf(model: AccountModel, options: DoctorOptions): Target {
  const set = options.permissionSet;
  if (options.principal === undefined && set !== undefined) {
    const role = roleOfPermissionSet(model, set);
    if (!role) throw usageError(`--permission-set ${set}: no AWSReservedSSO_${set}_* role in the snapshot (the set is not provisioned to this account)`);
    return { kind: 'iam', principal: principalOf(role, model) };
  }
  const input = options.principal ?? defaultPrincipal(model);
  if (input === undefined) {
    throw usageError('no principal to diagnose: pass --principal <user, role, ARN or Identity Center user> (the snapshot has no caller)');
  }
  const target = resolveTarget(model, input);
  if (set === undefined) return target;
  if (target.kind === 'identity-center' && model.identityCenter) {
    const { grants } = userPermissionSets(model.identityCenter, target.user.UserId);
    if (!grants.some((g) => g.permissionSet.name.toLowerCase() === set.toLowerCase())) {
      const hers = grants.map((g) => g.permissionSet.name);
      throw usageError(`--permission-set ${set}: ${target.user.UserName} is not assigned it in this account (${hers.length > 0 ? `hers: ${hers.join(', ')}` : 'she has none here'})`);
    }
    return target;
  }
  if (target.kind === 'iam' && target.principal.permissionSet?.toLowerCase() === set.toLowerCase()) return target;
  throw usageError(`--permission-set ${set}: --principal ${input} is not an Identity Center user nor that permission set's role`);
}

/** The Identity Center user `--principal` names, if it names one (an IAM name is left to the denial's own resolution). */
function identityCenterUser(model: AccountModel, principal: string): IdentityStoreUser | undefined {
  const target = resolveTarget(model, principal);
  return target.kind === 'identity-center' ? target.user : undefined;
}

/** The Service Authorization Reference for the services the target's policies and the catalogue name. */
async function loadIndexFor(model: AccountModel, target: Target): Promise<ActionIndex> {
  const principals =
    target.kind === 'iam'
      ? [target.principal]
      : model.identityCenter
        ? userPermissionSets(model.identityCenter, target.user.UserId).grants.flatMap((g) => {
            const role = roleOfPermissionSet(model, g.permissionSet.name);
            return role ? [principalOf(role, model)] : [];
          })
        : [];
  const { loadActionIndex } = await import('../../sources/iam-data.js');
  return loadActionIndex(principals.flatMap((p) => [...prefixesToLoad(model, p)]));
}

export async function doctor(raw: Record<string, unknown>, io: Io): Promise<number> {
  let options = raw as unknown as DoctorOptions;
  const network = networkOptions(raw);
  // A --report path that cannot be written fails now, before any work and before any output.
  const report =
    options.report === undefined
      ? undefined
      : await (await import('../../sources/output-file.js')).prepareOutput({ flag: '--report', path: options.report, cwd: io.cwd, force: options.force === true, what: 'the report', stdoutAdvice: 'use --format markdown to print it' });
  // What only some options need is loaded only for them: start-up is most of a one-principal run.
  const fixFiles = options.writeFixes !== undefined ? await import('../../sources/fix-files.js') : undefined;
  if (options.writeFixes !== undefined) await fixFiles?.checkFixDirectory(options.writeFixes, io.cwd);
  const prompting = io.interactive && options.interactive !== false;
  // The wizard (and @inquirer) is loaded only when someone can answer.
  const wizard = prompting ? await import('../../ui/wizard.js') : undefined;
  if (wizard) {
    // The first question is the denial itself (design section 8): it may settle who and what to diagnose.
    const [{ askDenial }, { inquirerPrompter }] = await Promise.all([import('../../ui/denial-step.js'), import('../../ui/inquirer-prompter.js')]);
    options = await askDenial(options, inquirerPrompter());
  }

  const crossCheckLive = (answers: DoctorOptions): void => {
    if (answers.crossCheck && (answers.snapshot !== undefined || answers.example !== undefined)) {
      throw usageError('--cross-check asks iam:SimulatePrincipalPolicy in the live account: drop --snapshot/--example');
    }
  };
  crossCheckLive(options);
  // The denial is read first: bad input fails before any AWS call, and it names whom to read.
  // --recent-denials reads CloudTrail with the profile the wizard may still ask for: read it with the facts.
  let evidence = options.recentDenials ? undefined : await readDenialEvidence(options, io.cwd, new Date());
  let denialPrincipal = evidence?.denials.find((d) => d.principalArn !== undefined)?.principalArn;
  const load = async (answers: DoctorOptions): Promise<LoadedFacts> => {
    if (answers.recentDenials) {
      evidence = await readDenialEvidence({ ...answers, network }, io.cwd, new Date());
      denialPrincipal = evidence?.denials.find((d) => d.principalArn !== undefined)?.principalArn;
    }
    const progress = await spinnerProgress(io);
    try {
      progress.step(answers.snapshot ? `Reading ${answers.snapshot}` : answers.example ? `Loading example ${answers.example}` : 'Reading the account');
      return await loadFacts(
        { snapshot: answers.snapshot, example: answers.example, profile: answers.profile, region: answers.region, orgProfile: answers.orgProfile, principal: answers.principal ?? denialPrincipal, network },
        io,
        progress,
      );
    } finally {
      progress.stop();
    }
  };
  let facts: LoadedFacts;
  if (wizard) ({ options, facts } = await wizard.askSourceAndLoad(options, io, async (answers) => (crossCheckLive(answers), load(answers))));
  else facts = await load(options);
  // The principal picked at a prompt gets its own facts read (a live run read only the caller's).
  const readPrincipal = async (principal: string): Promise<SnapshotV1> => {
    facts = await addPrincipalFacts(facts, options, principal, await spinnerProgress(io));
    return facts.snapshot;
  };
  // The model of the facts, built once unless the wizard reads more facts (readPrincipal).
  let modelOf: { snapshot: SnapshotV1; model: AccountModel } | undefined;
  const factsModel = (): AccountModel => {
    if (modelOf?.snapshot !== facts.snapshot) modelOf = { snapshot: facts.snapshot, model: buildAccountModel(facts.snapshot, loadShippedManagedPolicies()) };
    return modelOf.model;
  };
  if (wizard && evidence) {
    // What the denial says is not asked again: its principal, its MFA, and the page when it names actions.
    const named = evidence.denials.some((d) => d.actions.length > 0);
    const { denialMfaAnswer } = await import('../../checks/denial.js');
    const mfa = options.mfa ?? denialMfaAnswer(factsModel(), evidence, options.principal);
    const asked = await wizard.askRest(
      { ...options, principal: options.principal ?? denialPrincipal, mfa, task: named ? [...DEFAULT_TASKS] : options.task },
      facts.snapshot,
      io,
      undefined,
      readPrincipal,
    );
    options = { ...asked, task: named ? options.task : asked.task };
  } else if (wizard) options = await wizard.askRest(options, facts.snapshot, io, undefined, readPrincipal);

  const changes = wantsChanges(options) ? { ...(await import('../change-input.js')), ...(await import('../../render/audit-diff.js')) } : undefined;
  const planned = changes ? await changes.plannedState({ change: options.change ?? [], terraformPlan: options.terraformPlan }, facts.snapshot, io.cwd) : undefined;
  const model = planned?.after ?? factsModel();
  const settings = {
    tasks: selectTasks(options.task, DEFAULT_TASKS),
    actionSet: options.actionSet ?? 'fine-grained',
    mfa: options.mfa,
    activation: options.activation,
    source: facts.source,
  } as const;
  // A principal the plan deletes or renames is not in the planned state: it is diagnosed as removed.
  const removed = planned && !evidence && options.principal !== undefined ? planned.removed(options.principal) : undefined;
  const target = evidence || removed ? undefined : targetOf(model, options);
  // A denial of an Identity Center user (--principal maria@example.com): her sets are diagnosed.
  const { diagnoseDenial, diagnoseDenialForUser, sessionUser } = evidence ? await import('../../checks/denial.js') : {};
  // Else the user whose AWSReservedSSO_* session the denial names: her other sets are diagnosed too.
  const denialUser =
    evidence && model.identityCenter ? (options.principal !== undefined ? identityCenterUser(model, options.principal) : sessionUser!(model, evidence)) : undefined;
  const { diagnoseIdentityCenterUser } = target?.kind === 'identity-center' ? await import('../../checks/identity-center-user.js') : {};
  const run = (actionIndex?: ActionIndex) => {
    const withIndex = { ...settings, ...(actionIndex ? { actionIndex } : {}) };
    if (!target) {
      const { tasks: _pages, ...rest } = withIndex;
      // Recent denials are the whole account's: keep the principal's (the caller's unless --principal says).
      if (denialUser) return diagnoseDenialForUser!(model, denialUser, evidence!, { ...rest, task: options.task }, options.permissionSet);
      const principal = options.principal ?? (options.recentDenials ? defaultPrincipal(model) : undefined);
      return diagnoseDenial!(model, evidence!, { ...rest, principal, fallback: defaultPrincipal(model), task: options.task });
    }
    return target.kind === 'identity-center'
      ? diagnoseIdentityCenterUser!(model, target.user, withIndex, options.permissionSet)
      : diagnose(model, target.principal, withIndex);
  };
  // An access that is not allowed is worth the Service Authorization Reference: action names that grant
  // nothing, wildcards spelt out, the billing family for region fixes. An allowed one never loads it.
  // For one principal the first pass runs the checks alone (no fix is proven), so deciding is cheap.
  let diagnosis: Diagnosis | undefined;
  if (removed) diagnosis = planned!.judgeRemoved(removed, settings, facts.source);
  else {
    diagnosis = target?.kind === 'iam' ? undefined : run();
    const allowed = diagnosis ? diagnosis.verdict === 'allowed' : target?.kind === 'iam' && runChecks(model, target.principal, settings).verdict === 'allowed';
    const denialTarget = (): Target => (denialUser ? { kind: 'identity-center', user: denialUser } : resolveTarget(model, (diagnosis ?? run()).principal.arn));
    if (!allowed) diagnosis = run(await loadIndexFor(model, target ?? denialTarget()));
    diagnosis ??= run();
    if (planned) diagnosis = planned.judge(diagnosis, settings);
  }
  const note = diagnosis.plannedChange;

  // --cross-check asks AWS's policy simulator too (live only; the SDK loads only here).
  const aws = options.crossCheck ? await import('../../sources/aws/cross-check.js') : undefined;
  if (aws) diagnosis.crossCheck = await aws.crossCheck(diagnosis, { profile: options.profile, region: options.region, mfa: options.mfa });

  // The text and markdown renderers (and chalk) load for the outputs that use them: not for --json alone.
  const render = (): Promise<typeof import('../../render/doctor.js')> => import('../../render/doctor.js');
  const markdown = async (): Promise<string> =>
    (note && changes ? changes.renderPlannedNote(note, true) : '') + (await render()).renderMarkdown(diagnosis) + (aws && diagnosis.crossCheck ? aws.renderCrossCheck(diagnosis.crossCheck, true) : '');
  if (options.format === 'json') io.out(renderJson(diagnosis));
  else if (options.format === 'markdown') io.out(await markdown());
  else {
    const [{ renderFullEvidence, renderText, renderVerdictLine }, { chalkFor }] = await Promise.all([render(), import('../../render/color.js')]);
    const layout = { width: wrapWidth(io) };
    if (options.quiet) io.out(renderVerdictLine(diagnosis, chalkFor(io)));
    else {
      if (note && changes) io.out(changes.renderPlannedNote(note, false, layout));
      if (wizard) await wizard.printDiagnosis(diagnosis, io);
      else io.out(renderText(diagnosis, chalkFor(io), layout));
      if (options.verbose) io.out(renderFullEvidence(diagnosis, chalkFor(io), layout));
      if (aws && diagnosis.crossCheck) io.out(aws.renderCrossCheck(diagnosis.crossCheck, false));
    }
  }

  if (report !== undefined) {
    // The verdict is printed already: a late failure (disk full) is said, and the exit code stays the verdict's.
    try {
      await report.write(await markdown(), io);
      if (options.format !== 'json') io.err(`Report written to ${report.shown}\n`);
    } catch (error) {
      if (!(error instanceof ExitError)) throw error;
      io.err(`billing-access: warning: ${error.message}\n`);
    }
  }
  if (options.writeFixes !== undefined) {
    try {
      const written = await fixFiles!.writeFixes(options.writeFixes, (await render()).fixDocuments(diagnosis), io, options.force === true);
      io.err(written.length > 0 ? `Corrected documents written: ${written.map(inertText).join(', ')}\n` : 'No corrected documents to write (no fix step names one)\n');
    } catch (error) {
      if (!(error instanceof ExitError)) throw error;
      io.err(`billing-access: warning: ${error.message}\n`);
    }
  }
  if (wizard) await wizard.afterDiagnosis(diagnosis, options, io);
  return VERDICT_EXIT[diagnosis.verdict];
}
