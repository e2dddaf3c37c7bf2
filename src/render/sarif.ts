/**
 * `--format sarif`: the before → after difference as a SARIF 2.1.0 log (OASIS Static Analysis
 * Results Interchange Format, the schema test/fixtures/sarif/ ships), for code scanning. One
 * result per principal × page whose access the planned change moves, located at what causes it:
 * the Terraform plan (the resource address as logical location) or the `--change` file.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditDiffResult, CellChange, CellEffect, ChangeSummary } from '../change/diff.js';
import { patternMatches } from '../checks/audit.js';
import { faultLines } from './audit-diff.js';
import { inertJson } from './inert.js';

/** SARIF result levels (SARIF 2.1.0 §3.27.10). */
type Level = 'error' | 'warning' | 'note';

const RULES: readonly { effect: CellEffect; id: string; name: string; text: string; level: Level }[] = [
  { effect: 'loses', id: 'billing-access/loses-access', name: 'LosesBillingConsoleAccess', text: 'A planned change takes a Billing console page away from a principal', level: 'error' },
  { effect: 'gains', id: 'billing-access/gains-access', name: 'GainsBillingConsoleAccess', text: 'A planned change gives a principal a Billing console page', level: 'warning' },
  { effect: 'becomes-inconclusive', id: 'billing-access/inconclusive', name: 'BillingConsoleAccessUndecided', text: 'After a planned change, access to a Billing console page cannot be decided', level: 'warning' },
  { effect: 'becomes-denied', id: 'billing-access/denied', name: 'BillingConsoleAccessDenied', text: 'After a planned change, a page that could not be decided is denied', level: 'note' },
  { effect: 'removed', id: 'billing-access/principal-removed', name: 'PrincipalWithBillingAccessRemoved', text: 'A planned change deletes or renames a principal that could open a Billing console page', level: 'warning' },
];

/** A relative path as a URI reference (forward slashes, escaped); an absolute one as a file URL. */
function uriOf(path: string): string {
  return isAbsolute(path) ? pathToFileURL(path).href : path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function location(result: AuditDiffResult, cause: ChangeSummary | undefined): Record<string, unknown> {
  const origin = cause?.origin;
  const file = origin?.kind === 'terraform' ? origin.file : (origin?.file ?? result.source.file);
  return {
    ...(file !== undefined ? { physicalLocation: { artifactLocation: { uri: uriOf(file) } } } : {}),
    ...(cause ? { logicalLocations: [{ fullyQualifiedName: cause.id, kind: origin?.kind === 'terraform' ? 'resource' : 'declaration' }] } : {}),
  };
}

/** With --expect the allow-list decides: a cell that breaks it is an error, any other a note. */
function level(cell: CellChange, result: AuditDiffResult, rule: Level): Level {
  const drift = result.drift;
  if (!drift) return rule;
  const hit = (list: { principal: string; tasks: string[] }[]): boolean => list.some((e) => e.principal === cell.principal.arn && e.tasks.includes(cell.task));
  // The allow-list names a removed principal by pattern: it reports it as missing.
  const named = drift.missing.some((e) => patternMatches(e.principal, cell.principal) && e.tasks.includes(cell.task));
  if (hit(drift.lost) || hit(drift.gained) || (cell.effect === 'removed' && named)) return 'error';
  return hit(drift.unconfirmed) ? 'warning' : 'note';
}

function message(cell: CellChange): string {
  const who = `${cell.principal.type === 'identity-center-role' ? 'Identity Center role' : cell.principal.type} ${cell.principal.name}`;
  const verb = cell.effect === 'loses' ? 'loses' : cell.effect === 'gains' ? 'gains' : cell.effect === 'removed' ? 'is removed and no longer opens' : 'changes on';
  const why = faultLines(cell);
  return `${who} ${verb} the ${cell.task} page (${cell.before} → ${cell.after}) because of ${cell.causes.join(', ') || 'the changes together'}${why.length > 0 ? `. ${why.join('. ')}` : ''}`;
}

export function renderDiffSarif(result: AuditDiffResult, version: string): string {
  const byId = new Map(result.changes.map((c) => [c.id, c]));
  const results = result.differences.map((cell) => {
    const ruleIndex = RULES.findIndex((r) => r.effect === cell.effect);
    const rule = RULES[ruleIndex]!;
    const causes = cell.causes.map((id) => byId.get(id));
    const locations = (causes.length > 0 ? causes : [undefined]).map((c) => location(result, c)).filter((l) => Object.keys(l).length > 0);
    return {
      ruleId: rule.id,
      ruleIndex,
      level: level(cell, result, rule.level),
      message: { text: message(cell) },
      ...(locations.length > 0 ? { locations } : {}),
      // Stable across runs, so code scanning tracks one alert per principal × page × effect.
      partialFingerprints: { 'billingAccessCell/v1': `${cell.principal.arn}|${cell.task}|${cell.effect}` },
      properties: { principal: cell.principal, task: cell.task, before: cell.before, after: cell.after, causes: cell.causes },
    };
  });
  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'billing-access',
            version,
            rules: RULES.map((r) => ({ id: r.id, name: r.name, shortDescription: { text: r.text }, defaultConfiguration: { level: r.level } })),
          },
        },
        results,
      },
    ],
  };
  return inertJson(log, 2) + '\n';
}
