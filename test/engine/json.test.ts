/** The JSON reader: the same values as JSON.parse, plus positions and repeated keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_KEYS, findDuplicateKey, parseJson } from '../../src/engine/json.js';

describe('parseJson', () => {
  it('reads what JSON.parse reads, value for value (fuzzed)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(parseJson(text)).toEqual({ value: JSON.parse(text) });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what JSON.parse refuses (fuzzed strings), and says where', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const result = parseJson(text);
        expect(result.error === undefined).toBe(valid);
        if (result.error) expect(result.error.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes, unicode, numbers and literals', () => {
    const text = '{"a":"\\u00e9\\n\\"x\\"\\/","b":[-0.5e3,0,1E2,true,false,null],"c":{}}';
    expect(parseJson(text)).toEqual({ value: JSON.parse(text) });
  });

  it('names line and column of the first error', () => {
    expect(parseJson('{\n  "a": 1,\n  "b" 2\n}').error).toEqual({ line: 3, column: 7, message: "unexpected '2', expected ':'" });
    expect(parseJson('{"a": [1, 2}').error?.message).toBe("unexpected '}', expected ',' or ']'");
    expect(parseJson('01').error?.message).toContain('after the end of the JSON document');
    expect(parseJson('"a\nb"').error?.message).toContain('line break inside a string');
  });

  it('records repeated keys on the object that repeats them, invisibly to JSON.stringify and Object.keys', () => {
    const { value } = parseJson('{"Statement":[{"Effect":"Deny","Effect":"Allow","Action":"*"}]}') as { value: { Statement: Record<string, unknown>[] } };
    const statement = value.Statement[0]!;
    expect(statement.Effect).toBe('Allow'); // the value JSON.parse would keep
    expect((statement as { [DUPLICATE_KEYS]?: string[] })[DUPLICATE_KEYS]).toEqual(['Effect']);
    expect(Object.keys(statement)).toEqual(['Effect', 'Action']);
    expect(JSON.stringify(statement)).toBe('{"Effect":"Allow","Action":"*"}');
    expect(findDuplicateKey(value)).toBe('Statement[0].Effect');
    expect(findDuplicateKey(parseJson('{"a":{"b":1},"c":[{"aws:x":1,"aws:x":2}]}').value)).toBe('c[0]["aws:x"]');
    expect(findDuplicateKey(parseJson('{"a":1,"b":2}').value)).toBeUndefined();
  });

  it('a "__proto__" key is an own property, as with JSON.parse, and never the prototype', () => {
    const { value } = parseJson('{"__proto__": {"polluted": true}, "constructor": 1}') as { value: Record<string, unknown> };
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'));
  });

  it('deep nesting is an error, not a stack overflow', () => {
    expect(parseJson('['.repeat(100_000)).error?.message).toContain('nested more than');
    // Valid JSON (JSON.parse reads it) nested beyond the limit: refused all the same.
    expect(parseJson('['.repeat(600) + ']'.repeat(600)).error?.message).toContain('nested more than 512 levels');
  });

  it('finds a repeated key whatever the strings around it hold: quotes, colons, backslashes (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.jsonValue(), (key, text, other) => {
        fc.pre(key !== 'x');
        const k = JSON.stringify(key);
        const json = `[${JSON.stringify(text)}, {${k}: ${JSON.stringify(text)}, "x": ${JSON.stringify(other)}, ${k}: 2}]`;
        const { value } = parseJson(json) as { value: [string, Record<string, unknown>] };
        expect(value).toEqual(JSON.parse(json));
        expect((value[1] as { [DUPLICATE_KEYS]?: string[] })[DUPLICATE_KEYS]).toEqual([key]);
      }),
      { numRuns: 500 },
    );
  });

  it('key-like text inside a string is no key', () => {
    for (const json of ['{"a":"\\\\"}', '{"a":"\\": 1, \\"a\\": 2"}', '{"a":"\\\\\\": \\"a\\":"}', '["a", "a" ]']) {
      const { value } = parseJson(json);
      expect(value).toEqual(JSON.parse(json));
      expect(findDuplicateKey(value)).toBeUndefined();
    }
  });
});
