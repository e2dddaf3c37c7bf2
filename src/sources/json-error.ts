/**
 * Where a JSON text goes wrong, as line and column. Node 20's JSON.parse often names no position
 * ("Unexpected token '}', ... is not valid JSON"), so a failed parse is re-scanned here; this runs
 * only after JSON.parse has already failed.
 */
import { usageError } from '../errors.js';

export interface JsonSyntaxError {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units, as editors count for the BMP). */
  column: number;
  message: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** The first syntax error in `text`, or undefined if it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const here = (what: string): Stop =>
    new Stop(i, i >= text.length ? `unexpected end of file, expected ${what}` : `unexpected ${show(text[i]!)}, expected ${what}`);

  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'unexpected end of file inside a string');
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'invalid \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i, 'invalid escape in a string');
      } else if (c < ' ') {
        throw new Stop(i, c === '\n' ? 'unterminated string (line break inside a string)' : 'control character inside a string');
      } else i++;
    }
  };

  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw here('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') throw here("':'");
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw here("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw here("',' or ']'");
      }
    }
    if (c === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number !== null && number[0] !== '-') return void (i += number[0].length);
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) return void (i += literal.length);
    }
    throw here('a value');
  };

  try {
    value();
    ws();
    if (i < text.length) throw new Stop(i, `unexpected ${show(text[i]!)} after the end of the JSON document`);
    return undefined;
  } catch (error) {
    // Nesting deeper than the stack: leave the message to JSON.parse.
    if (error instanceof RangeError) return undefined;
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { line, column, message: error.message };
  }
}

function show(c: string): string {
  return /[\x21-\x7e]/.test(c) ? `'${c}'` : `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * JSON.parse with a one-line usage error naming `label` (a file, or a flag and its file) and giving
 * line and column. `expected` says what the file should hold, for the empty-file message.
 */
export function parseJsonText(text: string, label: string, expected = 'a snapshot (JSON)'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw usageError(`${label}: the file is empty; expected ${expected}`);
  try {
    return JSON.parse(body);
  } catch (error) {
    const found = findJsonSyntaxError(body);
    if (found) throw usageError(`${label}: invalid JSON at line ${found.line}, column ${found.column}: ${found.message}`);
    throw usageError(`${label}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
