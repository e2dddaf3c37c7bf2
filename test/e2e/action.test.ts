/**
 * action.yml: its script runs as GitHub runs a composite step (bash -eo pipefail), with the inputs
 * as environment variables and `npx` standing in for the published package: the built bin.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.js';

const F = 'test/fixtures/change';

/** The `run: |` block of the audit step, de-indented. */
function script(): string {
  const lines = readFileSync(join(ROOT, 'action.yml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\s+run: \|$/.test(l));
  const body = lines.slice(start + 1);
  const indent = /^\s*/.exec(body[0] ?? '')![0].length;
  const end = body.findIndex((l) => l.trim() !== '' && /^\s*/.exec(l)![0].length < indent);
  return body.slice(0, end < 0 ? undefined : end).map((l) => l.slice(indent)).join('\n');
}

function runAction(inputs: Record<string, string>): { code: number | null; outputs: string; summary: string; sarif: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ba-action-'));
  // `npx --yes billing-access@VERSION args…` → the built bin with args.
  writeFileSync(join(dir, 'npx'), `#!/bin/sh\nshift 2\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'npx'), 0o755);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, NO_COLOR: '1', CI: 'true', GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
  for (const [k, v] of Object.entries({ BA_EXPECT: '', BA_PLAN: '', BA_CHANGE: '', BA_SARIF: join(dir, 'billing-access.sarif'), BA_VERSION: 'latest', ...inputs })) env[k] = v;
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script()], { cwd: ROOT, env, encoding: 'utf8' });
  const read = (f: string): string => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  return { code: r.status, outputs: read(join(dir, 'out')), summary: read(join(dir, 'summary.md')), sarif: read(env.BA_SARIF!) };
}

describe('action.yml', () => {
  it('the EU-only deny plan fails the step with exit 1, writes SARIF and the job summary, and sets the outputs', () => {
    const r = runAction({ BA_SNAPSHOT: `${F}/org-account.json`, BA_EXPECT: `${F}/expect.json`, BA_PLAN: `${F}/plan-eu-region-deny.json` });
    expect(r.code).toBe(1);
    expect(r.outputs).toContain('exit-code=1\n');
    expect(r.outputs).toMatch(/^sarif=.*billing-access\.sarif$/m);
    expect((JSON.parse(r.sarif) as { runs: { results: unknown[] }[] }).runs[0]!.results).toHaveLength(8);
    expect(r.summary).toContain('## ✖ Loses access (8)');
  });

  it('several --change lines, one starting with -, pass as separate values; no drift is exit 0', () => {
    const r = runAction({ BA_SNAPSHOT: `${F}/org-account.json`, BA_EXPECT: `${F}/expect.json`, BA_CHANGE: `+111122223333=p-3k9d2m7x\n\n-r-a1b2:p-3k9d2m7x\n` });
    expect(r.code).toBe(0);
    expect(r.outputs).toContain('exit-code=0\n');
    expect(r.summary).toContain('`+111122223333=p-3k9d2m7x`');
  });
});
