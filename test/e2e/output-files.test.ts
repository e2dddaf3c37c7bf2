/**
 * `doctor --report` and `snapshot -o` share one writer: no symbolic link is followed, no directory
 * or existing file is replaced without --force, files are 0600 and appear whole, every check runs
 * before any work or AWS call, and no temporary file is left behind, not even after SIGTERM.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/run.js';
import { useSilentEndpoint } from '../helpers/silent-endpoint.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('billing-access-files-');
const DOCTOR = ['doctor', '--example', 'eu-only-org', '--principal', 'alice', '--mfa', 'yes', '--no-interactive'];

/** An endpoint that accepts and never answers: a check that happens only after an AWS call would hang here. */
const silent = useSilentEndpoint();
const awsEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL: silent.url,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
});

const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** A directory with a victim file and links to it (and to nowhere). */
function layout(): { dir: string; victim: string; link: string; dangling: string; nowhere: string } {
  const dir = tmp('d-');
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, join(dir, 'link.md'));
  symlinkSync(join(dir, 'nowhere.md'), join(dir, 'dangling.md'));
  return { dir, victim, link: join(dir, 'link.md'), dangling: join(dir, 'dangling.md'), nowhere: join(dir, 'nowhere.md') };
}

describe('doctor --report', () => {
  const refused: [string, (l: ReturnType<typeof layout>) => string, RegExp][] = [
    ['a symbolic link to a file', (l) => l.link, /is a symbolic link/],
    ['a dangling symbolic link', (l) => l.dangling, /is a symbolic link/],
    ['an existing file without --force', (l) => l.victim, /file exists; pass --force to overwrite it/],
    ['a directory', (l) => l.dir, /is a directory/],
    ['a name ending in /', (l) => join(l.dir, 'new.md') + '/', /is a directory name/],
    ['a missing directory', (l) => join(l.dir, 'no', 'r.md'), /no such directory/],
    ['a path through a file', (l) => join(l.victim, 'r.md'), /not a directory/],
  ];
  for (const [what, path, message] of refused) {
    it(`refuses ${what}: one line naming --report, before the report is printed, exit 2, nothing touched`, async () => {
      const l = layout();
      const target = path(l);
      const r = await runCli([...DOCTOR, '--report', target]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^billing-access: --report ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(r.stderr).toMatch(message);
      expect(readFileSync(l.victim, 'utf8')).toBe('precious\n');
      expect(existsSync(l.nowhere)).toBe(false);
      expect(readlinkSync(l.link)).toBe(l.victim);
      expect(existsSync(join(l.dir, 'new.md'))).toBe(false);
      expect(leftovers(l.dir)).toEqual([]);
    });
  }

  it('writes a new file with mode 0600 and keeps the verdict exit code; --force replaces an existing one', async () => {
    const l = layout();
    const report = join(l.dir, 'r.md');
    const r = await runCli([...DOCTOR, '--report', report]);
    expect(r.code, r.stderr).toBe(1); // the verdict (denied), not the writer's
    expect(readFileSync(report, 'utf8')).toMatch(/^# Billing console access/);
    expect(statSync(report).mode & 0o777).toBe(0o600);
    const forced = await runCli([...DOCTOR, '--report', l.victim, '--force']);
    expect(forced.code, forced.stderr).toBe(1);
    expect(readFileSync(l.victim, 'utf8')).toMatch(/^# Billing console access/);
    expect(statSync(l.victim).mode & 0o777).toBe(0o600);
    expect(leftovers(l.dir)).toEqual([]);
  });

  it('--force still never follows a symbolic link', async () => {
    const l = layout();
    const r = await runCli([...DOCTOR, '--report', l.link, '--force']);
    expect(r.code).toBe(2);
    expect(readFileSync(l.victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(l.link).isSymbolicLink()).toBe(true);
  });

  it('refuses a read-only directory before any output', async (context) => {
    // root writes anywhere, whatever the mode says: nothing to test then.
    if (process.getuid?.() === 0) context.skip();
    const dir = tmp('ro-');
    chmodSync(dir, 0o500);
    const r = await runCli([...DOCTOR, '--report', join(dir, 'r.md')]);
    chmodSync(dir, 0o700);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--report .*r\.md: cannot write the report: permission denied/);
  });
});

describe('snapshot -o: every check before the first AWS call', () => {
  const refused: [string, (l: ReturnType<typeof layout>) => string, RegExp][] = [
    ['a symbolic link', (l) => l.link, /is a symbolic link/],
    ['a dangling symbolic link (not replaced)', (l) => l.dangling, /is a symbolic link/],
    ['a directory (not "file exists")', (l) => l.dir, /is a directory; give a file name/],
    ['new.json/', (l) => join(l.dir, 'new.json') + '/', /is a directory name/],
    ['an existing file', (l) => l.victim, /file exists; pass --force/],
    ['a path through a file', (l) => join(l.victim, 's.json'), /not a directory/],
  ];
  for (const [what, path, message] of refused) {
    it(`refuses ${what} at once, although AWS would never answer`, async () => {
      const l = layout();
      const started = Date.now();
      const r = await runCli(['snapshot', '-o', path(l)], { env: awsEnv(), timeoutMs: 20_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(readFileSync(l.victim, 'utf8')).toBe('precious\n');
      expect(lstatSync(l.dangling).isSymbolicLink()).toBe(true);
      expect(existsSync(l.nowhere)).toBe(false);
      expect(existsSync(join(l.dir, 'new.json'))).toBe(false);
      expect(leftovers(l.dir)).toEqual([]);
    });
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while waiting on AWS: exit ${signal === 'SIGTERM' ? 143 : 130}, no temporary file and no snapshot left`, async () => {
      const dir = tmp('sig-');
      mkdirSync(join(dir, 'out'));
      const child = spawn(process.execPath, [BIN, 'snapshot', '-o', join(dir, 'out', 's.json')], { cwd: ROOT, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...awsEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // The temporary file exists from the start (the directory was proven writable): wait for it.
      const deadline = Date.now() + 10_000;
      while (leftovers(join(dir, 'out')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(leftovers(join(dir, 'out'))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      child.kill(signal);
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code, stderr).toBe(signal === 'SIGTERM' ? 143 : 130);
      expect(readdirSync(join(dir, 'out'))).toEqual([]);
    });
  }
});
