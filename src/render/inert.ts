/**
 * Output safety: every string that came from a snapshot, a policy file or AWS is printed through
 * one of these, one per output format, so it can neither drive the terminal nor the Markdown
 * renderer. Text shows control characters escaped (`\x1b`, `\u202e`); Markdown escapes its syntax
 * and never lets a value become a link or HTML; JSON stays exact (the parsed value is unchanged)
 * while the same characters are written as `\uXXXX` escapes.
 */

/**
 * Characters a terminal acts on or that reorder or hide text: C0 (newline and tab included: a value
 * must not start a line of its own), DEL, C1, zero-width and bidi controls, line and paragraph
 * separators, the byte-order mark.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** The same, minus C0: JSON.stringify already escapes those. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, '0');
const escapeCode = (ch: string): string => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
};

/** Text for a terminal or a log: printable as is, every unsafe character shown as `\xNN` / `\uNNNN`. */
export function inertText(value: string): string {
  return value.replace(UNSAFE, escapeCode);
}

/**
 * Markdown inline text: control characters as in text, then every character that could start
 * markup (emphasis, code, HTML, links, tables, entities) backslash-escaped. `@`, `://` and every
 * dot inside a word are broken up too, so no autolinker (GitHub's `www.`, a renderer's bare
 * `evil.example`) turns a value into a link.
 */
export function markdownText(value: string): string {
  return inertText(value)
    .replace(/[\\`*_[\]<>|!#~&@]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(?<=\w)\.(?=\w)/g, '\\.');
}

/**
 * A Markdown code span: literal inside (no links, no HTML), fenced with more backticks than the
 * value holds; `|` escaped because GitHub tables split on it even inside code.
 */
export function markdownCode(value: string): string {
  const text = inertText(value).replace(/\|/g, '\\|');
  if (text === '') return '` `';
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced Markdown code block whose fence no line of `text` can close; lines already inert. */
export function markdownBlock(language: string, lines: readonly string[], indent = ''): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [`${indent}${fence}${language}`, ...lines.map((l) => indent + l), `${indent}${fence}`];
}

/** JSON.stringify, exact, with the characters text escapes also written as `\uXXXX`. */
export function inertJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(UNSAFE_IN_JSON, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
}

/** A copy of plain data (objects, arrays) with every string, keys included, passed through `f`. */
export function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)])) as T;
  }
  return value;
}
