/** Shell completion and the man page's location, through the built bin. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/spec.js';
import { EXAMPLES } from '../../src/ui/examples.js';
import { BIN, runCli } from '../helpers/run.js';

/** What bash would offer after these words, with the script `completion bash` prints loaded. */
function complete(words: string[]): string[] {
  const script = `eval "$("${process.execPath}" "${BIN}" completion bash)"
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); COMPREPLY=(); _billing_access; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('billing-access completion', () => {
  it('bash: commands, each command\'s options, and the allowed values of an option', () => {
    expect(complete(['billing-access', ''])).toEqual([...COMMANDS.map((c) => c.name), 'help']);
    expect(complete(['billing-access', 'doctor', '--mf'])).toEqual(['--mfa']);
    expect(complete(['billing-access', 'doctor', '--mfa', ''])).toEqual(['yes', 'no', 'unknown']);
    expect(complete(['billing-access', 'audit', '--action-set', 'l'])).toEqual(['legacy']);
    expect(complete(['billing-access', 'snapshot', '--act'])).toEqual(['--activation']);
    expect(complete(['billing-access', 'completion', 'z'])).toEqual(['zsh']);
    // Values the handler checks itself (with a "did you mean") are offered too.
    expect(complete(['billing-access', 'doctor', '--example', ''])).toEqual(EXAMPLES.map((e) => e.name));
    expect(complete(['billing-access', 'audit', '--task', 'cost-e'])).toEqual(['cost-explorer']);
    expect(complete(['billing-access', 'doctor', '--task', 'al'])).toEqual(['all']);
    // Every declared option is offered for its command.
    for (const c of COMMANDS) {
      const offered = complete(['billing-access', c.name, '-']);
      for (const o of c.options) expect(offered).toContain(/--[\w-]+/.exec(o.flags)?.[0]);
    }
  });

  it('zsh and fish scripts carry the same commands and options', async () => {
    const zsh = (await runCli(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef billing-access/);
    expect(zsh).toContain('bashcompinit');
    const fish = (await runCli(['completion', 'fish'])).stdout;
    for (const c of COMMANDS) expect(fish).toContain(`-a ${c.name} -d`);
    expect(fish).toContain("-l mfa -x -a 'yes no unknown'");
    expect(fish).toContain("__fish_seen_subcommand_from snapshot' -l output -s o -r -F");
  });

  it('an unknown shell is a usage error naming the choices', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});

describe('billing-access help --man', () => {
  it('prints where the installed man page is, and it is there', async () => {
    const r = await runCli(['help', '--man']);
    expect(r.code).toBe(0);
    const [page] = r.stdout.split('\n');
    expect(page).toMatch(/man\/billing-access\.1$/);
    expect(existsSync(page ?? '')).toBe(true);
    expect(r.stdout).toContain(`Read it with: man ${page}`);
  });
});
