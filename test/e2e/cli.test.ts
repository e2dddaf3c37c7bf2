import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run.js';

describe('billing-access (built bin)', () => {
  it('--help lists every command and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['doctor', 'snapshot', 'simulate', 'audit', 'actions']) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/Exit codes:/);
  });

  it('a checkout built by tsc alone (dist/, no lib/) runs; one with neither says to build, exit 2', () => {
    const tree = mkdtempSync(join(tmpdir(), 'billing-access-unbundled-'));
    try {
      for (const part of ['bin', 'package.json']) cpSync(join(ROOT, part), join(tree, part), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
      const help = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join(tree, 'bin/billing-access.js'), '--help'], { encoding: 'utf8' });
      const none = help();
      expect(none.status).toBe(2);
      expect(String(none.stderr).trim().split('\n')).toHaveLength(1);
      expect(none.stderr).toContain('run `npm run build`');
      cpSync(join(ROOT, 'dist'), join(tree, 'dist'), { recursive: true });
      const unbundled = help();
      expect(unbundled.status, String(unbundled.stderr)).toBe(0);
      expect(unbundled.stdout).toMatch(/Exit codes:/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('help <command> shows that command\'s options and examples', async () => {
    const r = await runCli(['help', 'simulate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--action <action>');
    expect(r.stdout).toContain('Examples:');
  });

  it('an unknown command is a one-line error with a suggestion, exit 2', async () => {
    const r = await runCli(['doctr']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('did you mean doctor?');
  });

  it('an unknown flag is a one-line error naming the flag, exit 2', async () => {
    const r = await runCli(['actions', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'--bogus'");
  });

  it('a bad choice names the flag and the allowed values, exit 2', async () => {
    const r = await runCli(['doctor', '--mfa', 'maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--mfa');
    expect(r.stderr).toContain('yes, no, unknown');
  });
});

describe('required options', () => {
  it.each([
    [['audit'], 'one of --snapshot, --snapshot-dir or --org is required'],
    [['audit', '--snapshot', 'a.json', '--org'], '--snapshot and --org cannot be used together'],
    [['snapshot'], '--output is required'],
    [['simulate', '--policy', 'x.json'], '--action is required'],
  ])('%j without its required flag: one line naming it, exit 2, nothing else done', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
