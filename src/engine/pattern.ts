/**
 * Wildcard patterns and policy variables, compiled once.
 *
 * `*` matches any run of characters and `?` exactly one; every other character is literal, so
 * regex metacharacters in a pattern (`.`, `+`, `(` …) never act as regex syntax.
 * Policy variables (`${aws:username}`, `${key, 'default'}`, and the escapes `${*}` `${?}` `${$}`)
 * are substituted from the request; substituted text is always literal. A pattern whose variable
 * the request cannot resolve (absent or multivalued key, no default) matches nothing, and says
 * which key was missing.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** The request context with lower-cased key names (condition keys are case-insensitive). */
export type Context = ReadonlyMap<string, readonly string[]>;

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'var'; key: string; keyAsWritten: string; fallback?: string };

/** Result of resolving a pattern's variables: the concrete tokens, or the key that could not be resolved. */
type Resolved = { ok: true; tokens: Token[] } | { ok: false; missingKey: string };

/**
 * Cache of wildcard regexes by their source. It only memoises a pure function (same pattern, same
 * RegExp), so it never changes a result; it saves rebuilding regexes for resolved variables on
 * every request of an audit.
 */
const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 10_000;

function cachedRegex(source: string, flags: string): RegExp {
  const cacheKey = flags + '/' + source;
  let regex = regexCache.get(cacheKey);
  if (!regex) {
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regex = new RegExp(source, flags);
    regexCache.set(cacheKey, regex);
  }
  return regex;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function tokenize(pattern: string, variables: boolean): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = (): void => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (variables && ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const variable = parseVariable(pattern.slice(i + 2, end));
        if (variable) {
          flush();
          if (variable.kind === 'text') text = variable.text;
          else tokens.push(variable);
          i = end;
          continue;
        }
      }
    }
    if (ch === '*') {
      flush();
      tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      flush();
      tokens.push({ kind: 'one' });
    } else text += ch;
  }
  flush();
  return tokens;
}

/** `${*}`, `${?}`, `${$}` are literal characters; `${key}` or `${key, 'default'}` a variable. */
function parseVariable(inner: string): Token | undefined {
  const trimmed = inner.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return { kind: 'text', text: trimmed };
  const match = /^([^,\s'"]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(trimmed);
  if (!match) return undefined;
  const keyAsWritten = match[1]!;
  return match[2] === undefined
    ? { kind: 'var', key: keyAsWritten.toLowerCase(), keyAsWritten }
    : { kind: 'var', key: keyAsWritten.toLowerCase(), keyAsWritten, fallback: match[2] };
}

function resolve(tokens: readonly Token[], context: Context): Resolved {
  const out: Token[] = [];
  for (const token of tokens) {
    if (token.kind !== 'var') {
      out.push(token);
      continue;
    }
    const values = context.get(token.key);
    // A multivalued key cannot be a variable: it has no single value to substitute.
    if (values && values.length === 1) out.push({ kind: 'text', text: values[0]! });
    else if (token.fallback !== undefined) out.push({ kind: 'text', text: token.fallback });
    else return { ok: false, missingKey: token.keyAsWritten };
  }
  return { ok: true, tokens: out };
}

const colons = (text: string): number => text.split(':').length - 1;

/**
 * With `arn`, a wildcard stays inside its colon-separated ARN segment, except in the pattern's last
 * segment (the resource part of a full ARN, or the tail of a short pattern like `arn:aws:iam::*`).
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * ("wildcard characters … within any ARN segment") and the Arn operators of
 * reference_policies_elements_condition_operators.html (each component checked separately).
 */
function tokensToRegexSource(tokens: readonly Token[], arn: boolean): string {
  const lastSegment = Math.min(5, tokens.reduce((n, t) => n + (t.kind === 'text' ? colons(t.text) : 0), 0));
  let seen = 0;
  let source = '';
  for (const token of tokens) {
    const bounded = arn && seen < lastSegment;
    if (token.kind === 'text') {
      source += escapeRegex(token.text);
      seen += colons(token.text);
    } else if (token.kind === 'star') source += bounded ? '[^:]*' : '[\\s\\S]*';
    else if (token.kind === 'one') source += bounded ? '[^:]' : '[\\s\\S]';
  }
  return '^' + source + '$';
}

function tokensToText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'text' ? t.text : t.kind === 'star' ? '*' : '?')).join('');
}

/** Outcome of matching a value against a pattern: matched or not, or a variable key the request lacked. */
export type MatchResult = boolean | { missingKey: string };

/** A compiled pattern: `test` is cheap when the pattern has no variables (prebuilt RegExp or equality). */
export interface Pattern {
  /** The pattern as written. */
  readonly source: string;
  test(value: string, context: Context): MatchResult;
}

export interface PatternOptions {
  /** `*` and `?` are wildcards (actions, resources, `*Like` operators); otherwise literal (`StringEquals`). */
  wildcards: boolean;
  /** Policy variables are substituted (resources and string/ARN condition values; not actions). */
  variables: boolean;
  /** Case-insensitive comparison (actions, `…IgnoreCase`). */
  ignoreCase: boolean;
  /** Wildcards do not cross the colons between ARN segments (resources, `Arn*` operators). */
  arn?: boolean;
}

function literalTokens(tokens: Token[], wildcards: boolean): Token[] {
  if (wildcards) return tokens;
  return tokens.map((t) => (t.kind === 'star' ? { kind: 'text', text: '*' } : t.kind === 'one' ? { kind: 'text', text: '?' } : t));
}

function matcherFor(tokens: readonly Token[], ignoreCase: boolean, arn: boolean): (value: string) => boolean {
  if (tokens.every((t) => t.kind === 'text')) {
    const text = tokensToText(tokens);
    if (ignoreCase) {
      const lower = text.toLowerCase();
      return (value) => value.toLowerCase() === lower;
    }
    return (value) => value === text;
  }
  if (tokens.length === 1 && tokens[0]!.kind === 'star') return () => true;
  const regex = cachedRegex(tokensToRegexSource(tokens, arn), ignoreCase ? 'i' : '');
  return (value) => regex.test(value);
}

export function compilePattern(source: string, options: PatternOptions): Pattern {
  const tokens = literalTokens(tokenize(source, options.variables), options.wildcards);
  const arn = options.arn ?? false;
  if (!tokens.some((t) => t.kind === 'var')) {
    const test = matcherFor(tokens, options.ignoreCase, arn);
    return { source, test: (value) => test(value) };
  }
  return {
    source,
    test(value, context) {
      const resolved = resolve(tokens, context);
      if (!resolved.ok) return { missingKey: resolved.missingKey };
      return matcherFor(resolved.tokens, options.ignoreCase, arn)(value);
    },
  };
}
