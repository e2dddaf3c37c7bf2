/**
 * The CLI on a real pseudo-terminal (util-linux `script`): a terminal that reports 0 columns gets
 * no spinner (ora would divide by the width and redraw forever), and SIGTERM / SIGINT end a run
 * that is waiting on the network with 143 / 130 and the cursor shown again.
 */
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.js';
import { useSilentEndpoint } from '../helpers/silent-endpoint.js';
import { shq } from '../ui/tmux.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('billing-access-pty-');

/** Runs `sh -c script` on a fresh pty; resolves with everything the terminal showed. */
function onPty(script: string, env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', script, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

const silent = useSilentEndpoint();

const liveEnv = (): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_ENDPOINT_URL: silent.url,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  CI: 'true',
});

async function waitForFile(file: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() !== '') return readFileSync(file, 'utf8').trim();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${file} never appeared`);
}

describe('on a pseudo-terminal', () => {
  it('0 columns: no spinner, the run finishes with the verdict', async () => {
    const started = Date.now();
    const r = await onPty(`stty cols 0 rows 0; node ${shq(BIN)} doctor --example eu-only-org --principal alice --no-interactive --mfa yes`, { CI: 'true', NO_COLOR: '1' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code, r.screen).toBe(1);
    expect(r.screen).toContain('Verdict: DENIED');
    expect(r.screen).not.toContain('\u001b[2K'); // ora's clear-line: no spinner ran
  });

  for (const [signal, code] of [
    ['TERM', 143],
    ['INT', 130],
  ] as const) {
    it(`SIG${signal} ends a live run stuck on a silent endpoint: exit ${code}, cursor shown`, async () => {
      const pidFile = join(tmp('pid-'), 'pid');
      // Run in the background of the pty's shell so the test can signal node itself.
      const script = `stty cols 80 rows 24; node ${shq(BIN)} snapshot -o ${shq(join(tmp('out-'), 's.json'))} & echo $! > ${shq(pidFile)}; wait $!; echo "exit=$?"`;
      const running = onPty(script, liveEnv());
      const pid = Number(await waitForFile(pidFile));
      await new Promise((r) => setTimeout(r, 1500)); // let it connect and spin
      process.kill(pid, `SIG${signal}`);
      const r = await running;
      expect(r.screen, r.screen).toContain(`exit=${code}`);
      expect(r.screen).toContain(signal === 'TERM' ? 'billing-access: terminated' : 'billing-access: cancelled');
      expect(r.screen).toContain('\u001b[?25h');
    });
  }
});
