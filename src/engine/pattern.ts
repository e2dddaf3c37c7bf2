/**
 * Wildcard patterns and policy variables, compiled once.
 *
 * `*` matches any run of characters and `?` exactly one; every other character is literal, so
 * regex metacharacters in a pattern (`.`, `+`, `(` …) never act as regex syntax. Matching uses a
 * glob matcher, not RegExp: backtracking regexes take exponential time on patterns with many `*`
 * (`*a*a*a*a*a*b` against 50 characters took seconds), which a policy in a snapshot must not be
 * able to cause. A pattern without variables is compiled to its glob program once.
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

/** One step of a glob program: a literal character, or a wildcard. */
type Unit = string | typeof STAR | typeof ONE;
const STAR = Symbol('*');
const ONE = Symbol('?');

/** Glob match in O(pattern × value) time: on a mismatch, only the latest `*` is retried. */
function glob(units: readonly Unit[], value: string): boolean {
  let u = 0;
  let v = 0;
  let starAt = -1;
  let starValue = 0;
  while (v < value.length) {
    const unit = units[u];
    if (u < units.length && (unit === ONE || unit === value[v])) {
      u++;
      v++;
    } else if (unit === STAR) {
      starAt = u++;
      starValue = v;
    } else if (starAt >= 0) {
      u = starAt + 1;
      v = ++starValue;
    } else return false;
  }
  while (units[u] === STAR) u++;
  return u === units.length;
}

function toUnits(tokens: readonly Token[], ignoreCase: boolean): Unit[] {
  const units: Unit[] = [];
  for (const token of tokens) {
    if (token.kind === 'star') {
      if (units[units.length - 1] !== STAR) units.push(STAR); // `**` is `*`
    } else if (token.kind === 'one') units.push(ONE);
    else if (token.kind === 'text') units.push(...(ignoreCase ? token.text.toLowerCase() : token.text));
  }
  return units;
}

/**
 * With `arn`, a wildcard stays inside its colon-separated ARN segment, except in the pattern's last
 * segment (the resource part of a full ARN, or the tail of a short pattern like `arn:aws:iam::*`):
 * the pattern and the value are cut at the same (at most five) colons and matched piece by piece.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * ("wildcard characters … within any ARN segment") and the Arn operators of
 * reference_policies_elements_condition_operators.html (each component checked separately).
 */
function segmentUnits(units: readonly Unit[]): Unit[][] {
  const segments: Unit[][] = [[]];
  for (const unit of units) {
    if (unit === ':' && segments.length < 6) segments.push([]);
    else segments[segments.length - 1]!.push(unit);
  }
  return segments;
}

function splitValue(value: string, pieces: number): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 1; i < pieces; i++) {
    const at = value.indexOf(':', from);
    if (at < 0) return undefined;
    out.push(value.slice(from, at));
    from = at + 1;
  }
  out.push(value.slice(from));
  return out;
}

function matcherFor(tokens: readonly Token[], ignoreCase: boolean, arn: boolean): (value: string) => boolean {
  const normalise = ignoreCase ? (v: string) => v.toLowerCase() : (v: string) => v;
  if (tokens.every((t) => t.kind === 'text')) {
    const text = normalise(tokensToText(tokens));
    return (value) => normalise(value) === text;
  }
  const units = toUnits(tokens, ignoreCase);
  if (units.length === 1 && units[0] === STAR) return () => true;
  if (!arn) return (value) => glob(units, normalise(value));
  const segments = segmentUnits(units);
  return (value) => {
    const pieces = splitValue(normalise(value), segments.length);
    return pieces !== undefined && segments.every((segment, i) => glob(segment, pieces[i]!));
  };
}

function tokensToText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'text' ? t.text : t.kind === 'star' ? '*' : '?')).join('');
}

/** Outcome of matching a value against a pattern: matched or not, or a variable key the request lacked. */
export type MatchResult = boolean | { missingKey: string };

/** The ARN with its service part lower-cased (`arn:aws:IAM::…` → `arn:aws:iam::…`); other text as is. */
export function lowerService(arn: string): string {
  if (!arn.startsWith('arn:')) return arn;
  const parts = arn.split(':');
  if (parts.length < 3 || parts[0] !== 'arn') return arn;
  parts[2] = parts[2]!.toLowerCase();
  return parts.join(':');
}

/** A compiled pattern: `test` is cheap when the pattern has no variables (prebuilt glob program or equality). */
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

/**
 * Action patterns of one statement, indexed so that a big policy costs a lookup, not a scan:
 * literal actions in a set, patterns whose service prefix is literal (`s3:Get*`) by service, and
 * only the rest (a wildcard in the service, `*`) scanned. Actions have no policy variables and
 * match case-insensitively, so the index holds lower-cased text and the returned test takes the
 * action already lower-cased (once per request, not once per pattern).
 */
export function actionIndex(sources: readonly string[]): (loweredAction: string) => boolean {
  const literals = new Set<string>();
  const byService = new Map<string, Unit[][]>();
  const scanned: Unit[][] = [];
  for (const source of sources) {
    const units = toUnits(tokenize(source, false), true);
    if (units.every((u): u is string => typeof u === 'string')) {
      literals.add(units.join(''));
      continue;
    }
    if (units.length === 1 && units[0] === STAR) return () => true;
    // A literal prefix up to the first colon is the only service a matching action can have.
    const colon = units.indexOf(':');
    const prefix = units.slice(0, Math.max(colon, 0));
    if (colon > 0 && prefix.every((u) => typeof u === 'string')) {
      const service = prefix.join('');
      byService.set(service, [...(byService.get(service) ?? []), units]);
    } else scanned.push(units);
  }
  return (action) => {
    if (literals.has(action)) return true;
    const colon = action.indexOf(':');
    const candidates = colon > 0 ? byService.get(action.slice(0, colon)) : undefined;
    return (candidates !== undefined && candidates.some((units) => glob(units, action))) || scanned.some((units) => glob(units, action));
  };
}

export function compilePattern(source: string, options: PatternOptions): Pattern {
  const tokens = literalTokens(tokenize(source, options.variables), options.wildcards);
  const arn = options.arn ?? false;
  if (!tokens.some((t) => t.kind === 'var')) {
    return { source, test: matcherFor(tokens, options.ignoreCase, arn) };
  }
  // The matcher resolved for the last context: one principal's requests share a prepared context.
  let last: { context: Context; result: Resolved; test?: (value: string) => boolean } | undefined;
  return {
    source,
    test(value, context) {
      if (last?.context !== context) last = { context, result: resolve(tokens, context) };
      const resolved = last.result;
      if (!resolved.ok) return { missingKey: resolved.missingKey };
      last.test ??= matcherFor(resolved.tokens, options.ignoreCase, arn);
      return last.test(value);
    },
  };
}
