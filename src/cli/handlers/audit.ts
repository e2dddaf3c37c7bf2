/** `billing-access audit`: every user and role × page from a snapshot; with --expect, drift exits 1. */
import { readText } from '../../sources/read-text.js';
import { resolve } from 'node:path';
import type { Io } from '../../io.js';
import { wantsChanges, type AuditOptions } from '../options.js';
import { usageError } from '../../errors.js';
import { auditExitCode, compareExpect, parseExpect, type AuditResult, type AuditSettings, type ExpectList } from '../../checks/audit.js';
import { buildAccountModel } from '../../model/account.js';
import { DEFAULT_TASKS, TASKS, selectTasks, type TaskSpec } from '../../model/catalogue.js';
import { chalkFor } from '../../render/color.js';
import { auditJsonChunks, renderAuditMarkdown, renderAuditText } from '../../render/audit.js';
import { renderAuditHtml, singleAccountReport } from '../../render/html.js';
import { wrapWidth } from '../../render/wrap.js';
import { parseJsonText } from '../../sources/json-error.js';
import { loadFacts } from '../../sources/index.js';
import { loadShippedManagedPolicies } from '../../sources/managed-policies.js';
import { spinnerProgress } from '../../ui/progress.js';
import { auditChanges, checkChangeOptions } from './audit-change.js';
import { writeStepSummary } from '../github-summary.js';
import { auditThreaded } from '../audit-threads.js';

/**
 * The pages to evaluate: --task if given; otherwise the default pages plus every page the allow-list
 * names, so an allowed page is never silently left unchecked.
 */
function auditTasks(requested: readonly string[] | undefined, expected: ExpectList | undefined): TaskSpec[] {
  if ((requested && requested.length > 0) || !expected) return selectTasks(requested, DEFAULT_TASKS);
  const named = new Set([...expected.values()].flat());
  return TASKS.filter((t) => DEFAULT_TASKS.includes(t.id) || named.has(t.id));
}

async function readExpect(file: string, cwd: string): Promise<ExpectList> {
  const text = await readText(resolve(cwd, file), `--expect ${file}`, 'an allow-list (JSON)');
  return parseExpect(parseJsonText(text, file, 'an allow-list (JSON)'), file);
}

export async function audit(raw: Record<string, unknown>, io: Io): Promise<number> {
  const options = raw as unknown as AuditOptions;
  checkChangeOptions(options);
  const orgOnly: [keyof AuditOptions, string][] = [['accounts', '--accounts'], ['ou', '--ou'], ['externalId', '--external-id'], ['outDir', '--out-dir']];
  const stray = orgOnly.find(([key]) => options[key] !== undefined && !options.org);
  if (stray !== undefined) throw usageError(`${stray[1]} works only with --org`);
  // Read the allow-list first: a malformed one should fail before any work.
  const expected = options.expect !== undefined ? await readExpect(options.expect, io.cwd) : undefined;
  const tasks = auditTasks(options.task, expected);
  const unchecked = [...new Set([...(expected?.values() ?? [])].flat())].filter((t) => !tasks.some((s) => s.id === t));
  if (unchecked.length > 0) io.err(`billing-access: warning: ${options.expect}: ${unchecked.join(', ')} on the allow-list not checked (not among --task)\n`);
  const settings: AuditSettings = { actionSet: options.actionSet ?? 'fine-grained', ...(options.activation !== undefined ? { activation: options.activation } : {}) };
  const common = { tasks, facts: settings, ...(expected !== undefined ? { expected } : {}) };
  if (options.org || options.snapshotDir !== undefined) {
    const source = options.org ? '--org' : '--snapshot-dir';
    if (wantsChanges(options)) throw usageError(`--change and --terraform-plan work on one account: use --snapshot, not ${source}`);
    const org = await import('./audit-org.js');
    return options.org ? org.auditOrg(options, io, common) : org.auditSnapshotDir(options, io, common);
  }
  const progress = await spinnerProgress(io);
  let facts;
  try {
    progress.step(`Reading ${options.snapshot}`);
    facts = await loadFacts({ snapshot: options.snapshot }, io, progress);
    progress.step('Evaluating every principal');
  } finally {
    progress.stop();
  }
  if (wantsChanges(options)) return auditChanges(options, io, facts, tasks, expected);
  const model = buildAccountModel(facts.snapshot, loadShippedManagedPolicies());
  const rows = await auditThreaded(model, tasks, common.facts, io.env);
  const result: AuditResult = {
    schemaVersion: 1,
    source: facts.source,
    tasks: tasks.map((t) => t.id),
    principals: rows,
    ...(expected ? { drift: compareExpect(rows, expected) } : {}),
  };
  if (options.format === 'json') for (const chunk of auditJsonChunks(result)) io.out(chunk);
  else if (options.format === 'html') io.out(renderAuditHtml(singleAccountReport(result, model.snapshot.account?.id ?? model.snapshot.caller?.Account)));
  else if (options.format === 'markdown') io.out(renderAuditMarkdown(result, options.expect));
  else io.out(renderAuditText(result, chalkFor(io), options.expect, { width: wrapWidth(io) }));
  if (options.githubSummary) await writeStepSummary(renderAuditMarkdown(result, options.expect), io);
  return auditExitCode(rows, result.drift);
}
