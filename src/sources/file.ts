/**
 * Snapshot files (design section 4): format v1, or bare `aws iam get-account-authorization-details`
 * output (one page, or an array of pages), validated against schema/snapshot.schema.json. Every
 * problem is one line naming the file and the JSON path, exit 2.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { usageError } from '../errors.js';
import type { AuthorizationDetails, CollectionGap, SnapshotV1 } from '../model/snapshot.js';
import { didYouMean } from '../model/suggest.js';
import type { LoadedFacts } from './index.js';
import { parseJsonText } from './json-error.js';
import { errnoCode, readText } from './read-text.js';
import { refuseOversizedSnapshot } from './limits.js';
import { snapshotValidators } from './snapshot-schema.js';
import { findDuplicateKey } from '../engine/json.js';
import { EXAMPLES_DIR } from '../package-files.js';

/** Snapshot format versions this build reads. */
export const SUPPORTED_SNAPSHOT_VERSIONS: readonly number[] = [1];

// Relative to this module, so they resolve from src/ (tests), dist/ and an installed package alike.
const SNAPSHOT_FILE = 'a snapshot file';

const GAAD_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/** Reads, parses and validates a snapshot file; `path` is resolved against `cwd` and named as given in errors. */
export async function loadSnapshotFile(path: string, cwd: string): Promise<SnapshotV1> {
  return parseSnapshot(parseJsonText(await readText(resolve(cwd, path), path, SNAPSHOT_FILE), path), path);
}

/** Loads `examples/<name>.json` from the package; an unknown name lists the available ones. */
export async function loadExample(name: string, dir: URL = EXAMPLES_DIR): Promise<LoadedFacts> {
  const available = await listExamples(dir);
  if (!available.includes(name)) {
    throw usageError(
      available.length > 0
        ? `--example ${name}: unknown example${didYouMean(name, available)}; available: ${available.join(', ')}`
        : `--example ${name}: no examples are installed with this billing-access`,
    );
  }
  const file = `examples/${name}.json`;
  const snapshot = parseSnapshot(parseJsonText(await readText(fileURLToPath(new URL(`${name}.json`, dir)), file, SNAPSHOT_FILE), file), file);
  return { snapshot, source: { kind: 'example', file } };
}

/** Names of the bundled examples (file names without `.json`), sorted. */
export async function listExamples(dir: URL = EXAMPLES_DIR): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).sort();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Validates parsed JSON as a snapshot and normalises it: a bare GAAD page or array of pages is
 * wrapped as `{billingAccessSnapshot: 1, iam}`, pages are merged (duplicates by ARN dropped),
 * missing GAAD lists become empty, pagination keys are dropped. Policy documents are left as they
 * are (URL-encoded strings stay strings). Pure: `fileName` only names the file in errors.
 */
export function parseSnapshot(json: unknown, fileName: string): SnapshotV1 {
  refuseOversizedSnapshot(json, fileName);
  refuseDuplicateKeys(json, fileName);
  if (Array.isArray(json)) return wrapPages(json, fileName, true);
  if (!isObject(json)) {
    throw usageError(`${fileName}: expected a billing-access snapshot or get-account-authorization-details output (a JSON object), got ${kindOf(json)}`);
  }
  if ('billingAccessSnapshot' in json) {
    const version = json.billingAccessSnapshot;
    if (!SUPPORTED_SNAPSHOT_VERSIONS.includes(version as number)) {
      throw usageError(
        `${fileName}: billingAccessSnapshot: unsupported version ${JSON.stringify(version)}; this billing-access reads version ${SUPPORTED_SNAPSHOT_VERSIONS.join(', ')}`,
      );
    }
    check(snapshotValidators().snapshot, json, fileName, []);
    const snapshot = json as unknown as SnapshotV1;
    const { iam, gap } = mergePages([snapshot.iam as AuthorizationDetails & Pagination]);
    return { ...snapshot, iam, ...(gap ? { gaps: [...(snapshot.gaps ?? []), gap] } : {}) };
  }
  if (GAAD_LISTS.some((list) => list in json)) return wrapPages([json], fileName, false);
  throw usageError(
    `${fileName}: not a billing-access snapshot (no "billingAccessSnapshot" key) nor get-account-authorization-details output (no ${GAAD_LISTS.join(', ')})`,
  );
}

/** Keys whose value is a policy document: a repeated key inside one makes that document unreadable (the engine's finding), not the file. */
const DOCUMENT_KEYS = new Set(['PolicyDocument', 'Document', 'Content', 'AssumeRolePolicyDocument']);

/**
 * A repeated key outside a policy document (two `iam` parts, one user twice in `users`) leaves the
 * snapshot ambiguous: JSON readers disagree on which value counts, so it is refused, naming the path.
 */
function refuseDuplicateKeys(json: unknown, fileName: string): void {
  const path = findDuplicateKey(json, '', (key) => DOCUMENT_KEYS.has(key));
  if (path !== undefined) {
    throw usageError(`${fileName}: ${path}: the key appears twice (JSON readers disagree on which value counts); keep one`);
  }
}

interface Pagination {
  IsTruncated?: boolean;
  Marker?: string;
}

function wrapPages(pages: unknown[], fileName: string, isArray: boolean): SnapshotV1 {
  if (pages.length === 0) throw usageError(`${fileName}: empty array; expected get-account-authorization-details pages`);
  pages.forEach((page, index) => {
    const prefix = isArray ? [index] : [];
    if (!isObject(page)) throw usageError(`${fileName}: ${renderPath(pages, prefix)}: must be a get-account-authorization-details page (an object), got ${kindOf(page)}`);
    check(snapshotValidators().page, page, fileName, prefix, isArray ? pages : undefined);
  });
  const { iam, gap } = mergePages(pages as (AuthorizationDetails & Pagination)[]);
  return { billingAccessSnapshot: 1, iam, ...(gap ? { gaps: [gap] } : {}) };
}

/** Concatenates GAAD pages; if every page says IsTruncated, the last page is missing: a gap. */
function mergePages(pages: readonly (Partial<AuthorizationDetails> & Pagination)[]): { iam: AuthorizationDetails; gap?: CollectionGap } {
  const iam = {
    UserDetailList: uniqueByArn(pages.flatMap((p) => p.UserDetailList ?? [])),
    GroupDetailList: uniqueByArn(pages.flatMap((p) => p.GroupDetailList ?? [])),
    RoleDetailList: uniqueByArn(pages.flatMap((p) => p.RoleDetailList ?? [])),
    Policies: uniqueByArn(pages.flatMap((p) => p.Policies ?? [])),
  };
  if (!pages.every((p) => p.IsTruncated === true)) return { iam };
  return {
    iam,
    gap: {
      part: 'iam',
      operation: 'iam:GetAccountAuthorizationDetails',
      error: 'Truncated',
      message: 'the file holds only part of the output (IsTruncated is true and no final page is included)',
      hint: 'run `aws iam get-account-authorization-details` without --max-items (the CLI then fetches every page), or give all pages as a JSON array',
    },
  };
}

function uniqueByArn<T extends { Arn: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.Arn) && Boolean(seen.add(item.Arn)));
}

// ---------------------------------------------------------------------------------------------
// Reading and parsing


// ---------------------------------------------------------------------------------------------
// Schema validation

/**
 * Throws the first schema error as `file: path: message`. `root` is the document `prefix` is
 * relative to (the page array for multi-page GAAD), so paths are those of the file.
 */
function check(validate: ValidateFunction, data: unknown, fileName: string, prefix: (string | number)[], root: unknown = data): void {
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  const error = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
  if (error === undefined) throw usageError(`${fileName}: does not match the snapshot format`);
  const segments = [...prefix, ...pointerSegments(error.instancePath)];
  const { extra, message } = describeError(error, errors);
  if (extra !== undefined) segments.push(extra);
  const path = renderPath(root, segments);
  throw usageError(path === '' ? `${fileName}: ${message}` : `${fileName}: ${path}: ${message}`);
}

function describeError(error: ErrorObject, all: ErrorObject[]): { extra?: string; message: string } {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return { message: `must be ${orList(([] as string[]).concat(p.type as string | string[]).map(withArticle))}, got ${kindOf(error.data)}` };
    case 'required':
      return { extra: String(p.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { extra: String(p.additionalProperty), message: 'unknown property (not part of snapshot format v1)' };
    case 'enum':
      return { message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(error.data)}` };
    case 'anyOf': {
      const missing = all.filter((e) => e.keyword === 'required' && e.instancePath === error.instancePath).map((e) => String(e.params.missingProperty));
      return { message: missing.length > 0 ? `must have at least one of ${missing.join(', ')}` : (error.message ?? 'is not valid') };
    }
    default:
      return { message: error.message ?? 'is not valid' };
  }
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `iam.RoleDetailList[3].Arn`, `users["bob.smith"]`: array indexes in brackets, odd keys quoted. */
function renderPath(root: unknown, segments: readonly (string | number)[]): string {
  let out = '';
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      out += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      const key = String(segment);
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
  return `${withArticle(typeof value)} (${String(value)})`;
}

function withArticle(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

