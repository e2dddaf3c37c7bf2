/**
 * The access-denied corpus (test/fixtures/denials/): every message and event is read by the parser,
 * and only the fields a case names are compared, so a case says exactly what it is about.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDenialText } from '../../src/denial/message.js';

interface Case {
  name: string;
  source: string;
  text?: string;
  expect: Record<string, unknown>[];
}

const DIR = join(import.meta.dirname, '../fixtures/denials');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

function pick(actual: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (actual as Record<string, unknown>)[k]]));
}

describe('access-denied corpus', () => {
  it('holds at least 40 cases, each with its source', () => {
    const cases = files.flatMap((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { cases: Case[] }).cases);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c.source.length, c.name).toBeGreaterThan(5);
  });

  for (const file of files) {
    const { cases } = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { cases: Case[] };
    describe(file, () => {
      for (const c of cases.filter((x) => x.text !== undefined)) {
        it(c.name, () => {
          const got = parseDenialText(c.text as string);
          expect(got.map((d, i) => pick(d, Object.keys(c.expect[i] ?? {})))).toEqual(c.expect);
        });
      }
    });
  }
});
