/**
 * Malformed and hostile snapshots and policies, each run through the CLI as a user would (issue 9):
 * never exit 0 (every case holds a Deny or an SCP, read or not), never 70 (a crash), a one-line
 * message that names the file and the JSON path, and under 5 s each. The cases and what each must
 * name are data in cases.json, next to the files. A quarter run through the built bin, the rest
 * through its entry (src/index.ts main) in this process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { runCli } from '../helpers/run.js';

const DIR = 'test/corpus/';
const HERE = fileURLToPath(new URL('./', import.meta.url));

interface CorpusCase {
  name: string;
  /** The malformed file, in test/corpus/. */
  file: string;
  /** CLI arguments; FILE stands for the case's file. */
  args: string[];
  /** Allowed exit codes: 1 (denied), 2 (bad input) or 3 (cannot be decided). */
  exit: number[];
  /** Text one output line must hold (the JSON path, or the reason); that output also names the file. */
  path?: string;
}

const cases = JSON.parse(readFileSync(`${HERE}cases.json`, 'utf8')) as CorpusCase[];

describe('corpus of malformed and hostile inputs (built bin)', () => {
  it('holds at least 60 cases, each with its file and a unique name', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const c of cases) expect(() => readFileSync(`${HERE}${c.file}`), c.file).not.toThrow();
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  // The first in-process run imports the program (and compiles the schema): not a case's time.
  beforeAll(() => runMain(['doctor', '--snapshot', 'examples/healthy.json', '--json']));

  // Every fourth case through the built bin, the others through its entry in this process (a
  // process each would be most of the table's cost): both paths run the same code on every input.
  for (const [i, c] of cases.entries()) {
    const spawned = i % 4 === 0;
    it(`${c.file}: ${c.name} (${spawned ? 'built bin' : 'in process'})`, spawned ? {} : { timeout: 10_000 }, async () => {
      const args = c.args.map((a) => (a === 'FILE' ? `${DIR}${c.file}` : a));
      // A hang (a backtracking pattern, a loop) is killed at 10 s and fails on its exit status, or,
      // in process, fails the test at 10 s. No tighter limit: on a loaded 2-core machine a healthy
      // run can take 5 s.
      const r = spawned ? await runCli(args, { timeoutMs: 10_000 }) : await runMain(args);
      const output = `${r.stdout}\n${r.stderr}`;
      expect(r.code, output).not.toBe(0);
      expect(r.code, output).not.toBe(70);
      expect(c.exit, output).toContain(r.code);
      expect(output, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      if (r.code === 2) {
        // A usage error is exactly one line on stderr, naming the file and where in it.
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
        expect(r.stderr).toContain(c.file);
        if (c.path) expect(r.stderr).toContain(c.path);
      } else {
        // A report: it names the file, and one line names what could not be read and where.
        expect(output).toContain(c.file);
        if (c.path) expect(output.split('\n').some((line) => line.includes(c.path!)), output).toBe(true);
      }
    });
  }
});
