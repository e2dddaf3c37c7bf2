/**
 * `billing-access simulate`: reads policy files, runs the engine once per --action, prints the result.
 * SCP levels: each --scp-level is one level, root first; the --scp files form one more level after
 * them (so `--scp` alone is a single level). No SCP flag at all means SCPs do not apply.
 */
import { resolve } from 'node:path';
import { readText } from '../../sources/read-text.js';
import type { Io } from '../../io.js';
import type { Format } from '../spec.js';
import { EXIT, usageError } from '../../errors.js';
import { compilePolicy, derivedContext, evaluate, layerPolicies, type CompiledPolicy, type PolicyLayers } from '../../engine/index.js';
import { chalkFor } from '../../render/color.js';
import { inertJson, inertText } from '../../render/inert.js';
import { refuseOversizedDocument } from '../../sources/limits.js';
import { CATALOGUE_SERVICES, actionPrefixes, allowFindings, describeNameFinding, nameFinding } from '../../model/action-index.js';
import { simulateJson, simulateMarkdown, simulateText, type SimulateSetup } from '../../render/simulate.js';

export async function simulate(options: Record<string, unknown>, io: Io): Promise<number> {
  const format = (options.format ?? 'text') as Format;
  const actions = (options.action as string[] | undefined) ?? [];
  const resource = (options.resource as string | undefined) ?? '*';
  const principal = options.principal as string | undefined;
  for (const action of actions) {
    if (!/^[^:\s]+:[^:\s]+$/.test(action)) throw usageError(`--action ${action}: expected service:Action, e.g. ce:GetCostAndUsage`);
  }
  if (principal !== undefined && Object.keys(derivedContext(principal)).length === 0) {
    throw usageError(`--principal ${principal}: expected an IAM or STS ARN, e.g. arn:aws:iam::111122223333:user/alice`);
  }
  const context = parseContext((options.context as string[] | undefined) ?? []);

  const identityFiles = (options.policy as string[] | undefined) ?? [];
  const scpLevelFiles = ((options.scpLevel as string[] | undefined) ?? []).map((level) =>
    level.split(',').map((f) => f.trim()).filter((f) => f !== ''),
  );
  scpLevelFiles.forEach((files, i) => {
    if (files.length === 0) throw usageError(`--scp-level (level ${i + 1}): expected one or more comma-separated files`);
  });
  const levelFlags = scpLevelFiles.map(() => '--scp-level');
  const scpFiles = (options.scp as string[] | undefined) ?? [];
  if (scpFiles.length > 0) {
    scpLevelFiles.push(scpFiles);
    levelFlags.push('--scp');
  }
  const boundaryFile = options.boundary as string | undefined;

  const cache = new Map<string, Promise<CompiledPolicy>>();
  const load = (file: string, flag: string): Promise<CompiledPolicy> => {
    let compiled = cache.get(file);
    if (!compiled) {
      compiled = loadPolicy(file, flag, io.cwd);
      cache.set(file, compiled);
    }
    return compiled;
  };
  const layers: PolicyLayers = {
    identity: await Promise.all(identityFiles.map((f) => load(f, '--policy'))),
    ...(scpLevelFiles.length > 0
      ? { scpLevels: await Promise.all(scpLevelFiles.map((files, i) => Promise.all(files.map((f) => load(f, levelFlags[i]!))))) }
      : {}),
    ...(boundaryFile !== undefined ? { boundary: await load(boundaryFile, '--boundary') } : {}),
  };

  await warnAboutNames(layers, actions, io);

  const results = actions.map((action) => ({
    action,
    resource,
    evaluation: evaluate({ action, resource, ...(principal ? { principalArn: principal } : {}), context }, layers),
  }));
  const setup: SimulateSetup = {
    ...(principal ? { principal } : {}),
    context,
    identity: identityFiles,
    ...(scpLevelFiles.length > 0 ? { scpLevels: scpLevelFiles } : {}),
    ...(boundaryFile !== undefined ? { boundary: boundaryFile } : {}),
  };

  if (format === 'json') io.out(inertJson(simulateJson(results), 2) + '\n');
  else if (format === 'markdown') io.out(simulateMarkdown(results, setup));
  else io.out(simulateText(results, setup, chalkFor(io)));
  // As doctor's verdict: a denied action wins, then one that could not be decided.
  const decisions = results.map((r) => r.evaluation.decision);
  if (decisions.some((d) => d === 'explicit-deny' || d === 'implicit-deny')) return EXIT.denied;
  return decisions.includes('unknown') ? EXIT.inconclusive : EXIT.ok;
}

/**
 * Warnings (stderr) for names that grant nothing: an Allow entry, or an --action, that no service
 * defines, with the nearest real names. The decision itself is the engine's: such an entry matches
 * no real request, so it never allows one.
 */
async function warnAboutNames(layers: PolicyLayers, actions: readonly string[], io: Io): Promise<void> {
  const policies = layerPolicies(layers);
  const { loadActionIndex } = await import('../../sources/iam-data.js');
  const prefixes = [...CATALOGUE_SERVICES, ...actionPrefixes(policies.map((p) => p.document)), ...actions.map((a) => a.slice(0, a.indexOf(':')))];
  const index = await loadActionIndex(prefixes);
  for (const policy of policies) {
    for (const { statement, finding } of allowFindings(index, policy.document)) {
      io.err(`warning: ${inertText(policy.source)} statement ${inertText(statement)}: ${inertText(describeNameFinding(finding))}\n`);
    }
  }
  for (const action of actions) {
    const finding = nameFinding(index, action);
    if (finding) io.err(`warning: --action ${inertText(describeNameFinding(finding).replace(' grants nothing', ' is no action AWS defines'))}\n`);
  }
}

/** `KEY=VALUE` pairs; a key given again (in any case) adds a value, making it multi-valued. */
function parseContext(pairs: readonly string[]): Record<string, string[]> {
  // Keyed by data (any key a person types, `__proto__` too): a Map, then own properties only.
  const context = new Map<string, { name: string; values: string[] }>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (key === '') throw usageError(`--context ${pair}: expected KEY=VALUE, e.g. --context aws:MultiFactorAuthPresent=true`);
    const entry = context.get(key.toLowerCase()) ?? { name: key, values: [] };
    entry.values.push(pair.slice(at + 1));
    context.set(key.toLowerCase(), entry);
  }
  return Object.fromEntries([...context.values()].map((e) => [e.name, e.values]));
}

/** Reads and compiles one policy file; any problem is a one-line usage error naming the file. */
async function loadPolicy(file: string, flag: string, cwd: string): Promise<CompiledPolicy> {
  const text = await readText(resolve(cwd, file), `${flag} ${file}`, 'a policy file');
  const body = text.replace(/^\ufeff/, '');
  if (body.trim() === '') throw usageError(`${flag} ${file}: the file is empty; expected a policy document (JSON)`);
  // The engine reads the text (JSON or URL-encoded JSON, as IAM returns documents). What it cannot
  // read is a finding in the result, as in doctor, never an allow: the same rule on every path.
  refuseOversizedDocument(body, `${flag} ${file}`);
  return compilePolicy({ source: file, document: body });
}
