import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

describe('billing-access (built bin)', () => {
  it('--help lists every command and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['doctor', 'snapshot', 'simulate', 'audit', 'actions']) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/Exit codes:/);
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
