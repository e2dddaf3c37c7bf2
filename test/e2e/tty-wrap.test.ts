/** On a real terminal (tmux, 80 columns) the text wraps at spaces with a hanging indent; commands and JSON are left whole. */
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { Terminal } from '../ui/tmux.js';

const home = scratch('ba-tty-wrap-');
let terminal: Terminal | undefined;
afterEach(() => terminal?.close());

async function screenOf(args: string[], columns: number): Promise<string[]> {
  terminal = new Terminal();
  terminal.start([process.execPath, BIN, ...args], { cwd: ROOT, env: { HOME: home('h-'), NO_COLOR: '1' }, columns });
  await terminal.exitStatus();
  return terminal.history(true).split('\n').map((l) => l.trimEnd());
}

describe('wrapping on a terminal', { timeout: 60_000 }, () => {
  it('doctor: every prose line fits 80 columns, continuation lines hang under the summary, commands stay whole', async () => {
    const lines = await screenOf(['doctor', '--example', 'eu-only-org', '--no-interactive'], 80);
    const region = lines.findIndex((l) => l.startsWith('✖ region'));
    expect(region).toBeGreaterThan(0);
    // The summary column: symbol, space, the longest id (management-only), two spaces.
    const hang = ' '.repeat(2 + 'management-only'.length + 2);
    expect(lines[region + 1]?.startsWith(hang)).toBe(true);
    expect(lines[region + 1]?.[hang.length]).not.toBe(' ');
    const command = lines.find((l) => l.includes('$ aws organizations update-policy'));
    expect(command).toMatch(/--content file:\/\/scp-p-8n2ke4xq\.json$/);
    // Commands and JSON are copied, so they are never wrapped (the terminal folds them).
    const prose = lines.filter((l) => !l.includes('$ aws') && !/^\s+["{}[\]]/.test(l));
    for (const l of prose) expect([...l].length, l).toBeLessThanOrEqual(80);
    const words = lines.join(' ').split(/\s+/);
    expect(words).toContain('arn:aws:iam::*:role/OrganizationAccountAccessRole');
  });

  it('audit: the "why" column wraps under itself', async () => {
    const lines = await screenOf(['audit', '--snapshot', 'test/fixtures/snapshots/gaad-standalone.json'], 90);
    const alice = lines.findIndex((l) => l.startsWith('user alice'));
    const why = (lines[alice] ?? '').indexOf('undecided');
    expect(why).toBeGreaterThan(0);
    expect(lines[alice + 1]?.slice(0, why).trim()).toBe('');
    expect(lines[alice + 1]?.[why]).not.toBe(' ');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(90);
  });
});
