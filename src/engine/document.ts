/**
 * Turns a policy "as given" into a parsed document: a plain object, a JSON string, a URL-encoded
 * JSON string (IAM's GetPolicyVersion / GetAccountAuthorizationDetails return documents that way),
 * or one of the AWS API wrappers around it.
 */

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
  if (/^%7B/i.test(trimmed)) {
    try {
      // RFC 3986 encoding (what IAM returns): spaces are %20, so a literal + stays a +.
      json = decodeURIComponent(trimmed);
    } catch {
      return { error: 'not valid URL-encoded text' };
    }
  }
  try {
    return { value: JSON.parse(json) };
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
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
  if ('Statement' in input) return { document: input, path };
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
  return { path, error: 'no Statement (and no PolicyDocument, Document, Content or Policy wrapper)' };
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
