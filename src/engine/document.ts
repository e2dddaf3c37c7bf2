/**
 * Turns a policy "as given" into a parsed document: a plain object, a JSON string, a URL-encoded
 * JSON string (IAM's GetPolicyVersion / GetAccountAuthorizationDetails return documents that way),
 * or one of the AWS API wrappers around it. Anything that cannot be read as one policy document
 * (bad JSON, bad or double URL-encoding, a repeated key, `Statement` that is not an object or a
 * list) is an error with the JSON path: the caller treats the document as unreadable, never as
 * empty.
 */
import { findDuplicateKey, parseJson } from './json.js';

/** A decoded document plus the JSON path prefix that leads to it inside the input. */
export interface Unwrapped {
  document?: Record<string, unknown>;
  /** Path of the document inside the input, e.g. `Policy.Content`; empty for a bare document. */
  path: string;
  /** Why nothing could be decoded. */
  error?: string;
}

const MAX_DEPTH = 6;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Parses a JSON string, or URL-decodes it first when it is URL-encoded (starts with `%7B`). */
function parseString(text: string): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  let json = trimmed;
  if (/^%25(7B|5B)/i.test(trimmed)) return { error: 'URL-encoded twice (starts with %257B); decode it once' };
  if (/^%7B/i.test(trimmed)) {
    try {
      // RFC 3986 encoding (what IAM returns): spaces are %20, so a literal + stays a +.
      json = decodeURIComponent(trimmed);
    } catch (error) {
      const bad = /%(?![0-9a-fA-F]{2})|%[89a-fA-F][0-9a-fA-F](?!%)/.exec(trimmed);
      const where = bad ? ` (at character ${bad.index + 1}: "${trimmed.slice(bad.index, bad.index + 3)}")` : '';
      return { error: `not valid URL-encoded text${where}: ${(error as Error).message}` };
    }
    if (/^%7B/i.test(json.trim())) return { error: 'URL-encoded twice (still %7B… after decoding); decode it once' };
  }
  if (json === '') return { error: 'is empty text, not a policy document' };
  const parsed = parseJson(json);
  if (parsed.error) return { error: `not valid JSON at line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}` };
  return { value: parsed.value };
}

/**
 * Unwraps, in order: `{Policy:{Content}}` (organizations describe-policy), `Content` (its `.Policy`),
 * `PolicyVersion`/`Document` (iam get-policy-version and GAAD PolicyVersionList entries),
 * `PolicyVersionList` (a GAAD Policies entry: its default version), `PolicyDocument`
 * (GAAD inline policies, get-user-policy).
 */
export function unwrapDocument(input: unknown, path = '', depth = 0): Unwrapped {
  if (depth > MAX_DEPTH) return { path, error: 'nested too deeply' };
  if (typeof input === 'string') {
    const parsed = parseString(input);
    if (parsed.error !== undefined) return { path, error: parsed.error };
    return unwrapDocument(parsed.value, path, depth + 1);
  }
  if (!isObject(input)) return { path, error: `expected a policy document object, got ${describeType(input)}` };
  if ('Statement' in input) return checked(input, path);
  if (isObject(input.Policy) || typeof input.Policy === 'string') return unwrapDocument(input.Policy, join(path, 'Policy'), depth + 1);
  for (const key of ['Content', 'PolicyVersion', 'Document', 'PolicyDocument']) {
    if (key in input) return unwrapDocument(input[key], join(path, key), depth + 1);
  }
  if (Array.isArray(input.PolicyVersionList)) {
    const versions = input.PolicyVersionList;
    const index = versions.findIndex((v) => isObject(v) && v.IsDefaultVersion === true);
    if (index < 0) return { path: join(path, 'PolicyVersionList'), error: 'no default version (IsDefaultVersion: true)' };
    return unwrapDocument(versions[index], `${join(path, 'PolicyVersionList')}[${index}]`, depth + 1);
  }
  const duplicate = findDuplicateKey(input);
  if (duplicate !== undefined) return { path, error: duplicateMessage(duplicate) };
  return { path, error: 'no Statement (and no PolicyDocument, Document, Content or Policy wrapper)' };
}

function duplicateMessage(path: string): string {
  const key = /(?:^|\.)([^.[\]]+)$|\["([^"]*)"\]$/.exec(path);
  return `the key ${JSON.stringify(key?.[1] ?? key?.[2] ?? path)} appears twice (JSON readers disagree on which value counts, so the document is not read)`;
}

/** The whole-document checks: no repeated key anywhere, `Statement` an object or a list. */
function checked(document: Record<string, unknown>, path: string): Unwrapped {
  const duplicate = findDuplicateKey(document);
  if (duplicate !== undefined) return { path: join(path, duplicate), error: duplicateMessage(duplicate) };
  const statement = document.Statement;
  if (!isObject(statement) && !Array.isArray(statement)) {
    return { path: join(path, 'Statement'), error: `Statement must be an object or a list of objects, got ${describeType(statement)}` };
  }
  return { document, path };
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)})`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
