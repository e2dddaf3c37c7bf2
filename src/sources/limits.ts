/**
 * Sizes no AWS account can produce, refused before any work so a hostile or corrupted file cannot
 * exhaust memory or time. IAM stores at most 10,240 characters in a policy (a role's inline
 * policy; a managed policy 6,144, a user's inline policy 2,048) and Organizations 5,120 in an SCP
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html), so even
 * at the shortest possible statement a real document holds a few hundred statements at most. The
 * limits below are far above that: nothing real is ever refused.
 */
import { usageError } from '../errors.js';

/** Characters in one policy document given as a string (URL-encoded or JSON): 12 × IAM's largest quota. */
export const MAX_DOCUMENT_CHARS = 131_072;
/** Statements in one document, and values in one Action/Resource/condition list. */
export const MAX_LIST_ITEMS = 4_096;

/** Keys whose value is a policy document in a snapshot (GAAD and describe-policy spellings). */
const DOCUMENT_KEYS = new Set(['PolicyDocument', 'Document', 'Content', 'AssumeRolePolicyDocument']);

const seg = (key: string | number): string => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/**
 * Whether a document is beyond a limit: a walk without paths, which only a refusal needs. Loops,
 * not Object.values/entries: every start-up walks the whole snapshot, and those arrays were garbage.
 */
function oversized(value: unknown, depth = 0): boolean {
  if (depth > 16) return true;
  if (typeof value === 'string') return depth === 0 && value.length > MAX_DOCUMENT_CHARS;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) return true;
    for (const item of value) if (oversized(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (oversized((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** Whether a parsed snapshot holds an oversized document (see oversized). */
function holdsOversized(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsOversized(item)) return true;
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (DOCUMENT_KEYS.has(key) ? oversized(item) : holdsOversized(item)) return true;
  }
  return false;
}

/** One policy document (parsed or a string): a usage error naming `where` if it is beyond any AWS limit. */
export function refuseOversizedDocument(document: unknown, where: string): void {
  if (!oversized(document)) return;
  if (typeof document === 'string') {
    if (document.length > MAX_DOCUMENT_CHARS) {
      throw usageError(`${where}: a policy document of ${document.length.toLocaleString('en-US')} characters; AWS stores at most 10,240, so this is not an account's policy`);
    }
    return;
  }
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 16) throw usageError(`${where}${path}: nested more than 16 levels deep; no policy document is`);
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_ITEMS) {
        throw usageError(`${where}${path}: ${value.length.toLocaleString('en-US')} entries; AWS stores at most 10,240 characters in a policy, so this is not an account's policy`);
      }
      value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, path + seg(k), depth + 1);
    }
  };
  visit(document, '', 0);
}

/** Every policy document of a parsed snapshot (or GAAD output), before validation and compilation. */
export function refuseOversizedSnapshot(json: unknown, fileName: string): void {
  // The common case costs one walk; only a file that is refused pays for naming the place.
  if (!holdsOversized(json)) return;
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (DOCUMENT_KEYS.has(k)) refuseOversizedDocument(v, `${fileName}: ${(path + seg(k)).replace(/^\./, '')}`);
        else visit(v, path + seg(k));
      }
    }
  };
  visit(json, '');
}
