/** Flag handling through the built bin: conflicts, comma lists, "did you mean", help topics. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const oneLineUsage = (r: { code: number | null; stderr: string; stdout: string }): void => {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
};

describe('conflicting options are a usage error', () => {
  it.each([
    [['doctor', '--example', 'healthy', '--format', 'markdown', '--json'], "'--json' cannot be used with option '--format"],
    [['doctor', '--example', 'healthy', '--snapshot', 'examples/healthy.json'], "'--example <name>' cannot be used with option '--snapshot"],
    [['audit', '--snapshot', 'examples/healthy.json', '--json', '--format', 'text'], "'--json' cannot be used with option '--format"],
    [['actions', '--json', '--format', 'markdown'], "'--json' cannot be used with option '--format"],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    oneLineUsage(r);
    expect(r.stderr).toContain(message);
  });

  it('--json alone, or --format alone, still works', async () => {
    expect(JSON.parse((await runCli(['actions', '--json', '--task', 'bills'])).stdout)).toBeTruthy();
    expect((await runCli(['actions', '--format', 'markdown', '--task', 'bills'])).stdout).toContain('|');
  });
});

describe('--task takes comma-separated pages', () => {
  it('bills,home checks both, in the catalogue\'s terms, and repeats merge', async () => {
    const r = await runCli(['doctor', '--example', 'healthy', '--task', 'bills,home', '--task', 'cost-explorer', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { tasks: string[] }).tasks).toEqual(['bills', 'home', 'cost-explorer']);
    const audit = await runCli(['audit', '--snapshot', 'examples/healthy.json', '--task', 'bills, home', '--json']);
    expect((JSON.parse(audit.stdout) as { tasks: string[] }).tasks).toEqual(['bills', 'home']);
  });
});

describe('"did you mean" by edit distance', () => {
  it.each([
    [['doctor', '--example', 'eu-only-org', '--principal', 'alcie'], 'no user or role with that name in the snapshot (did you mean user alice?)'],
    [['doctor', '--example', 'healthy', '--task', 'bils'], '--task bils: unknown task (did you mean bills?)'],
    [['actions', '--task', 'cost-exploer'], '(did you mean cost-explorer?)'],
    [['doctor', '--example', 'healty'], '--example healty: unknown example (did you mean healthy?)'],
    [['docter'], "unknown command 'docter' (did you mean doctor?)"],
    [['help', 'doctr'], 'help doctr: unknown command (did you mean doctor?)'],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    oneLineUsage(r);
    expect(r.stderr).toContain(message);
  });

  it('nothing near: no suggestion, the full list', async () => {
    const r = await runCli(['doctor', '--example', 'zzzzzz']);
    oneLineUsage(r);
    expect(r.stderr).not.toContain('did you mean');
    expect(r.stderr).toContain('available: boundary-no-billing, eu-only-org, healthy, mfa-no-device');
  });
});

describe('help topics', () => {
  it('help <unknown> exits 2 and lists the commands; help <command> exits 0', async () => {
    const bad = await runCli(['help', 'nonsense']);
    oneLineUsage(bad);
    expect(bad.stderr).toContain('commands: doctor, snapshot, simulate, audit, actions');
    const good = await runCli(['help', 'audit']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('--activation <state>');
  });
});
