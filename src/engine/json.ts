/**
 * A JSON reader that sees what JSON.parse hides. JSON.parse keeps the last of two equal keys
 * (`"Effect":"Deny","Effect":"Allow"` reads as an Allow) and names no position in Node 20's
 * messages. This reader accepts exactly RFC 8259 JSON, returns the same values as JSON.parse, and
 * records every object that repeats a key under `DUPLICATE_KEYS` (a symbol: invisible to
 * JSON.stringify, Object.keys and schema validation), so the policy reader can refuse such a
 * document instead of guessing which value AWS would use. Pure.
 */

/** Own property of a parsed object that repeated keys: the repeated key names, in order. */
export const DUPLICATE_KEYS: unique symbol = Symbol('duplicate JSON keys');

/** Where a JSON text goes wrong. */
export interface JsonSyntaxError {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units, as editors count for the BMP). */
  column: number;
  message: string;
}

export type JsonResult = { value: unknown; error?: undefined } | { value?: undefined; error: JsonSyntaxError };

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Deeper nesting than this is refused rather than risking the stack (no policy nests beyond ~6). */
const MAX_DEPTH = 512;

function show(c: string): string {
  return /[\x21-\x7e]/.test(c) ? `'${c}'` : `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Parses `text` as one JSON value (a leading byte-order mark is skipped). JSON.parse first, being
 * native and several times faster; its value is the answer when no object repeats a key (the keys
 * in the text are as many as the parsed objects hold) and nothing nests deeper than this reader
 * allows. Otherwise, and for every error, the reader below, which marks repeats and names positions.
 */
export function parseJson(text: string): JsonResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return readJson(text);
  }
  return keysOf(value, 0) === keysIn(body) ? { value } : readJson(text);
}

/** Properties in `value` and everything in it; NaN if anything nests deeper than MAX_DEPTH. */
function keysOf(value: unknown, depth: number): number {
  if (depth > MAX_DEPTH) return NaN;
  if (typeof value !== 'object' || value === null) return 0;
  let keys = 0;
  if (Array.isArray(value)) for (const item of value) keys += keysOf(item, depth + 1);
  else for (const key in value) keys += 1 + keysOf((value as Record<string, unknown>)[key], depth + 1);
  return keys;
}

/**
 * Property names in a valid JSON text: strings followed by a colon. Outside strings valid JSON
 * has no quote, so every quote found from the end of a string opens the next one.
 */
function keysIn(text: string): number {
  let keys = 0;
  for (let open = text.indexOf('"'); open !== -1; ) {
    let close = text.indexOf('"', open + 1);
    while (escapedAt(text, close)) close = text.indexOf('"', close + 1);
    let next = close + 1;
    while (isSpace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 58) keys++;
    open = text.indexOf('"', next);
  }
  return keys;
}

/** A quote is escaped when an odd number of backslashes precede it. */
function escapedAt(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 1;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The careful reader: every repeated key marked, every error with its line and column. */
function readJson(text: string): JsonResult {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = (): void => {
    while (isSpace(text.charCodeAt(i))) i++;
  };
  const here = (what: string): Stop =>
    new Stop(i, i >= text.length ? `unexpected end of file, expected ${what}` : `unexpected ${show(text[i]!)}, expected ${what}`);

  const string = (): string => {
    const open = i++; // opening quote
    let escaped = false;
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'unexpected end of file inside a string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        // Validated here; decoded natively: building a long escaped string piece by piece took
        // gigabytes for a 70 MB SCP in a snapshot.
        return escaped ? (JSON.parse(text.slice(open, i)) as string) : text.slice(open + 1, i - 1);
      }
      if (c === 92) {
        escaped = true;
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'invalid \\u escape in a string');
          i += 6;
        } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) i += 2;
        else throw new Stop(i, 'invalid escape in a string');
      } else if (c < 32) {
        throw new Stop(i, c === 10 ? 'unterminated string (line break inside a string)' : 'control character inside a string');
      } else i++;
    }
  };

  // Character codes, compared as numbers: indexing the text would make a string of each.
  const [OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, QUOTE, COLON, COMMA] = [123, 125, 91, 93, 34, 58, 44];
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new Stop(i, `nested more than ${MAX_DEPTH} levels deep`);
    ws();
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT) {
      i++;
      const object: Record<string, unknown> = {};
      let duplicates: string[] | undefined;
      ws();
      if (text.charCodeAt(i) === CLOSE_OBJECT) {
        i++;
        return object;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== QUOTE) throw here('a property name in double quotes');
        const key = string();
        ws();
        if (text.charCodeAt(i) !== COLON) throw here("':'");
        i++;
        const item = value(depth + 1);
        // Every key is an own property once read, so an own property already there is a repeat.
        if (Object.hasOwn(object, key)) (duplicates ??= []).push(key);
        // A plain assignment of "__proto__" would set the prototype; JSON.parse makes it an own property.
        if (key === '__proto__') Object.defineProperty(object, key, { value: item, writable: true, enumerable: true, configurable: true });
        else object[key] = item;
        ws();
        const next = text.charCodeAt(i);
        if (next === COMMA) i++;
        else if (next === CLOSE_OBJECT) {
          i++;
          if (duplicates) Object.defineProperty(object, DUPLICATE_KEYS, { value: duplicates, enumerable: false });
          return object;
        } else throw here("',' or '}'");
      }
    }
    if (c === OPEN_ARRAY) {
      i++;
      const array: unknown[] = [];
      ws();
      if (text.charCodeAt(i) === CLOSE_ARRAY) {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        ws();
        const next = text.charCodeAt(i);
        if (next === COMMA) i++;
        else if (next === CLOSE_ARRAY) {
          i++;
          return array;
        } else throw here("',' or ']'");
      }
    }
    if (c === QUOTE) return string();
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number !== null) {
      i += number[0].length;
      return Number(number[0]);
    }
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    throw here('a value');
  };

  try {
    const result = value(0);
    ws();
    if (i < text.length) throw new Stop(i, `unexpected ${show(text[i]!)} after the end of the JSON document`);
    return { value: result };
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { error: { line, column, message: error.message } };
  }
}

/** The repeated keys recorded on a parsed object, if any. */
export function duplicateKeysOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as { [DUPLICATE_KEYS]?: string[] })[DUPLICATE_KEYS];
}

/**
 * The first repeated key inside `value`, as a path like `Statement[0].Effect`; `skip` says which
 * keys not to enter (their owner reports them). Paths are built only when there is one to name.
 */
export function findDuplicateKey(value: unknown, path = '', skip?: (key: string) => boolean): string | undefined {
  return repeatsKey(value, skip) ? locateDuplicateKey(value, path, skip) : undefined;
}

function repeatsKey(value: unknown, skip: ((key: string) => boolean) | undefined): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => repeatsKey(item, skip));
  if (duplicateKeysOf(value)?.[0] !== undefined) return true;
  return Object.entries(value).some(([key, item]) => !skip?.(key) && repeatsKey(item, skip));
}

function locateDuplicateKey(value: unknown, path: string, skip: ((key: string) => boolean) | undefined): string | undefined {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = locateDuplicateKey(value[index], `${path}[${index}]`, skip);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const repeated = duplicateKeysOf(value);
  if (repeated?.[0] !== undefined) return joinPath(path, repeated[0]);
  for (const [key, item] of Object.entries(value)) {
    if (skip?.(key)) continue;
    const found = locateDuplicateKey(item, joinPath(path, key), skip);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `a.b`, `a["odd key"]`: identifiers after a dot, anything else quoted in brackets. */
export function joinPath(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}
