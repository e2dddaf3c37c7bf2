import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderManPage, renderOptionsMarkdown, renderOptionTable } from '../../src/cli/docs.js';
import { COMMANDS, GLOBAL_OPTIONS } from '../../src/cli/spec.js';
import { ROOT, runCli } from '../helpers/run.js';

const MAN = join(ROOT, 'man', 'billing-access.1');
const committed = () => readFileSync(MAN, 'utf8');

/** The page as a reader sees it: roff hyphens and font escapes removed. */
function plain(roff: string): string {
  return roff.replace(/\\-/g, '-').replace(/\\f[BIR]/g, '').replace(/\\&/g, '');
}

/** Every flag (`-o`, `--output`) that a --help screen lists under "Options:". */
function helpFlags(help: string): string[] {
  const section = help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}-/.test(line))
    .flatMap((line) => (line.trim().split(/ {2,}/)[0] ?? '').split(/,\s*/).map((flag) => flag.split(' ')[0] ?? ''));
}

describe('man/billing-access.1', () => {
  it('is the page generated from src/cli/spec.ts', () => {
    expect(committed() === renderManPage(), 'man/billing-access.1 is stale: run npm run docs').toBe(true);
  });

  it('renders with no groff warnings (groff must be installed: .ci/run installs it)', () => {
    const groff = spawnSync('groff', ['-ww', '-man', '-Tutf8', MAN], { encoding: 'utf8' });
    expect(groff.error, 'groff not found on PATH; install it (Debian package groff)').toBeUndefined();
    expect(groff.status).toBe(0);
    expect(groff.stderr).toBe('');
    // grotty emboldens by overstriking (X backspace X); strip that to read the text.
    expect(groff.stdout.replace(/.\x08/g, '')).toContain('EXIT STATUS');
  });

  it('documents every option that --help lists, for the program and each command', async () => {
    const page = plain(committed());
    const screens = [await runCli(['--help']), ...(await Promise.all(COMMANDS.map((c) => runCli(['help', c.name]))))];
    let checked = 0;
    for (const screen of screens) {
      expect(screen.code).toBe(0);
      const flags = helpFlags(screen.stdout);
      expect(flags.length).toBeGreaterThan(0);
      for (const flag of flags) {
        expect(page, `${flag} is missing from the man page`).toMatch(new RegExp(`(^|[\\s,(])${flag.replace(/[-]/g, '\\-')}([\\s,.)]|$)`, 'm'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('documents every command, exit code and environment variable', () => {
    const page = plain(committed());
    for (const command of COMMANDS) expect(page).toContain(`.SS "billing-access ${command.name}"`);
    for (const code of ['0', '1', '2', '3', '130']) expect(page).toMatch(new RegExp(`^${code}$`, 'm'));
    for (const name of ['AWS_PROFILE', 'AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'NO_COLOR', 'FORCE_COLOR', 'CI']) {
      expect(page).toMatch(new RegExp(`^${name}(,|$)`, 'm'));
    }
    expect(page).toContain('.SH SNAPSHOT FORMAT');
    expect(page).toContain('billingAccessSnapshot');
  });

  it('is installed by npm (package.json man)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { man: string[] };
    expect(pkg.man).toContain('./man/billing-access.1');
  });
});

describe('docs/options.md', () => {
  it('is the option reference generated from src/cli/spec.ts', () => {
    const text = readFileSync(join(ROOT, 'docs', 'options.md'), 'utf8');
    expect(text === renderOptionsMarkdown(), 'docs/options.md is stale: run npm run docs').toBe(true);
    for (const command of COMMANDS) expect(text).toContain(renderOptionTable(command.name));
  });
});

describe('renderOptionTable', () => {
  it('is a Markdown table with one row per declared option', () => {
    for (const command of COMMANDS) {
      const rows = renderOptionTable(command.name).trim().split('\n');
      expect(rows.slice(0, 2)).toEqual(['| option | meaning |', '| --- | --- |']);
      expect(rows).toHaveLength(command.options.length + 2);
    }
    expect(renderOptionTable('doctor')).toContain('| `--mfa <answer>` | Whether the person signs in to the console with MFA. One of: yes, no, unknown. |');
    expect(renderOptionTable('global').split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(GLOBAL_OPTIONS.length + 2);
  });

  it('has exactly two cells per row and rejects an unknown command', () => {
    for (const command of COMMANDS) {
      for (const row of renderOptionTable(command.name).trim().split('\n')) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(4);
    }
    expect(() => renderOptionTable('nope')).toThrow(/unknown command/);
  });
});
