/**
 * `billing-access doctor`: load the facts (file, example or live), ask for what is missing when a
 * person is at the terminal, diagnose, print, and exit with the verdict's code.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Io } from '../../io.js';
import type { DoctorOptions } from '../options.js';
import { EXIT, ExitError, usageError } from '../../errors.js';
import { prefixesToLoad } from '../../checks/action-names.js';
import { diagnose, runChecks } from '../../checks/diagnose.js';
import { buildAccountModel } from '../../model/account.js';
import { DEFAULT_TASKS, selectTasks } from '../../model/catalogue.js';
import type { Verdict } from '../../model/diagnosis.js';
import { defaultPrincipal, resolvePrincipal } from '../../model/principal.js';
import { chalkFor } from '../../render/color.js';
import { renderJson, renderMarkdown, renderText } from '../../render/doctor.js';
import { loadFacts } from '../../sources/index.js';
import { loadShippedManagedPolicies } from '../../sources/managed-policies.js';
import { spinnerProgress } from '../../ui/progress.js';

export const VERDICT_EXIT: Record<Verdict, number> = { allowed: EXIT.ok, denied: EXIT.denied, inconclusive: EXIT.inconclusive };

export async function doctor(raw: Record<string, unknown>, io: Io): Promise<number> {
  let options = raw as unknown as DoctorOptions;
  const prompting = io.interactive && options.interactive !== false;
  // The wizard (and @inquirer) is loaded only when someone can answer.
  const wizard = prompting ? await import('../../ui/wizard.js') : undefined;
  if (wizard) options = await wizard.askSource(options, io);

  if (options.crossCheck && (options.snapshot !== undefined || options.example !== undefined)) {
    throw usageError('--cross-check asks iam:SimulatePrincipalPolicy in the live account: drop --snapshot/--example');
  }
  const progress = await spinnerProgress(io);
  let facts;
  try {
    progress.step(options.snapshot ? `Reading ${options.snapshot}` : options.example ? `Loading example ${options.example}` : 'Reading the account');
    facts = await loadFacts(
      { snapshot: options.snapshot, example: options.example, profile: options.profile, region: options.region, orgProfile: options.orgProfile, principal: options.principal },
      io,
      progress,
    );
  } finally {
    progress.stop();
  }
  if (wizard) options = await wizard.askRest(options, facts.snapshot, io);

  const model = buildAccountModel(facts.snapshot, loadShippedManagedPolicies());
  const principalInput = options.principal ?? defaultPrincipal(model);
  if (principalInput === undefined) {
    throw usageError('no principal to diagnose: pass --principal <user, role or ARN> (the snapshot has no caller)');
  }
  const principal = resolvePrincipal(model, principalInput);
  const settings = {
    tasks: selectTasks(options.task, DEFAULT_TASKS),
    actionSet: options.actionSet ?? 'fine-grained',
    mfa: options.mfa,
    activation: options.activation,
    source: facts.source,
  };
  // An access that is not allowed is worth the Service Authorization Reference: action names that grant
  // nothing, wildcards spelt out, the billing family for region fixes. An allowed one never loads it;
  // the first pass runs the checks alone (no fix is proven), so deciding costs one checklist run.
  const needsIndex = runChecks(model, principal, settings).verdict !== 'allowed';
  const actionIndex = needsIndex ? await (await import('../../sources/iam-data.js')).loadActionIndex(prefixesToLoad(model, principal)) : undefined;
  const diagnosis = diagnose(model, principal, { ...settings, ...(actionIndex ? { actionIndex } : {}) });

  // --cross-check asks AWS's policy simulator too (live only; the SDK loads only here).
  const aws = options.crossCheck ? await import('../../sources/aws/cross-check.js') : undefined;
  if (aws) diagnosis.crossCheck = await aws.crossCheck(diagnosis, { profile: options.profile, region: options.region, mfa: options.mfa });

  const markdown = (): string => renderMarkdown(diagnosis) + (aws && diagnosis.crossCheck ? aws.renderCrossCheck(diagnosis.crossCheck, true) : '');
  if (options.format === 'json') io.out(renderJson(diagnosis));
  else if (options.format === 'markdown') io.out(markdown());
  else {
    if (wizard) await wizard.printDiagnosis(diagnosis, io);
    else io.out(renderText(diagnosis, chalkFor(io)));
    if (aws && diagnosis.crossCheck) io.out(aws.renderCrossCheck(diagnosis.crossCheck, false));
  }

  if (options.report !== undefined) {
    const path = resolve(io.cwd, options.report);
    try {
      await writeFile(path, markdown(), 'utf8');
    } catch (error) {
      throw new ExitError(`--report ${options.report}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? String(error)})`, EXIT.usage);
    }
    if (options.format !== 'json') io.err(`Report written to ${options.report}\n`);
  }
  if (wizard) await wizard.afterDiagnosis(diagnosis, options, io);
  return VERDICT_EXIT[diagnosis.verdict];
}
