/**
 * audit on several threads (cli/audit-threads.ts) prints exactly what one thread prints: the
 * built bin with BILLING_ACCESS_THREADS=1 and 3 (this thread and two workers, the last with the
 * Identity Center users), byte for byte, with the same exit code. Every way of slicing is checked
 * in-process by test/checks/audit-slices.test.ts; here, the threads themselves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { threadCount } from '../../src/cli/audit-threads.js';
import { TASK_IDS } from '../../src/model/catalogue.js';
import { runCli } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'billing-access-threads-'));
const generated = join(dir, 'generated.json');
writeFileSync(generated, JSON.stringify(generateSnapshot(240, 4)));
const tasks = TASK_IDS.flatMap((t) => ['--task', t]);

describe.each([
  ['a generated account of 240 principals', generated],
  ['an account with Identity Center users', 'test/fixtures/checks/identity-center-users.json'],
])('%s', (_, snapshot) => {
  it('--json and the text report: the same output and exit code on 1 and 3 threads', async () => {
    for (const format of [['--json'], []]) {
      const runs = await Promise.all(
        ['1', '3'].map((threads) => runCli(['audit', '--snapshot', snapshot, ...tasks, ...format], { env: { BILLING_ACCESS_THREADS: threads }, timeoutMs: 110_000 })),
      );
      const [one, ...more] = runs;
      expect(one!.stdout.length).toBeGreaterThan(0);
      expect([0, 1, 3]).toContain(one!.code);
      for (const run of more) {
        expect(run.stdout).toBe(one!.stdout);
        expect(run.code).toBe(one!.code);
      }
    }
  });
});

describe('how many threads', () => {
  it('one for a small account, BILLING_ACCESS_THREADS when set, never more than 4', () => {
    expect(threadCount(100, {})).toBe(1);
    expect(threadCount(100, { BILLING_ACCESS_THREADS: '2' })).toBe(2);
    expect(threadCount(100_000, { BILLING_ACCESS_THREADS: '1' })).toBe(1);
    expect(threadCount(100_000, { BILLING_ACCESS_THREADS: '64' })).toBe(4);
    expect(threadCount(100_000, { BILLING_ACCESS_THREADS: 'many' })).toBeGreaterThanOrEqual(1);
  });
});
