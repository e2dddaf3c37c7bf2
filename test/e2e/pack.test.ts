/**
 * The package as users get it: `npm pack`, install the tarball into an empty directory (the npm
 * registry, or npm's cache with --prefer-offline, provides the dependencies), run the installed bin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'ba-pack-'));
const app = join(work, 'app');

interface PackEntry {
  filename: string;
  files: { path: string }[];
}

function packList(): string[] {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out) as PackEntry[])[0]?.files.map((f) => f.path) ?? [];
}

/** Runs the installed command as a user of the package would (npx, no network, no AWS). */
function installed(args: string[]) {
  return spawnSync(npm, ['exec', '--offline', '--', 'billing-access', ...args], {
    cwd: app,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', AWS_CONFIG_FILE: join(work, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(work, 'none') },
    timeout: 60_000,
  });
}

// npm itself takes a second or two per call; give each test room on a loaded CI machine.
const NPM_TIMEOUT = 120_000;

describe('npm pack', { timeout: NPM_TIMEOUT }, () => {
  it('ships the bundle with every chunk, bin, man page and examples, and no tests, sources, tsc output, fixtures or source maps', () => {
    const files = packList();
    const generated = ['lib/sources/action-names.txt', 'lib/sources/snapshot-validators.cjs'];
    for (const required of ['package.json', 'README.md', 'bin/billing-access.js', 'lib/index.js', 'lib/cli/audit-worker.js', ...generated, 'man/billing-access.1', 'examples/healthy.json']) {
      expect(files).toContain(required);
    }
    const built = readdirSync(join(ROOT, 'lib'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.filter((f) => f.startsWith('lib/')).sort()).toEqual(built.map((e) => relative(ROOT, join(e.parentPath, e.name))).sort());
    const unwanted = files.filter((f) => /^(test|src|dist|scripts|bench|\.ci|coverage|node_modules)\//.test(f) || /\.map$|\.test\.|fixture|\.tsx?$/.test(f));
    expect(unwanted).toEqual([]);
  });

  describe('installed from the tarball into an empty directory', () => {
    beforeAll(() => {
      // --ignore-scripts: npm test has just built dist/; rebuilding here would rewrite it under the other tests.
      execFileSync(npm, ['pack', '--pack-destination', work, '--silent', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const tarball = readdirTgz(work);
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-test', version: '1.0.0', private: true }));
      execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    }, 300_000);

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('npx billing-access --help works', () => {
      const r = installed(['--help']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: billing-access');
      for (const command of ['doctor', 'snapshot', 'simulate', 'audit', 'actions']) expect(r.stdout).toContain(command);
    });

    it('diagnoses a bundled example and a snapshot file offline, with no AWS credentials', () => {
      const example = installed(['doctor', '--example', 'eu-only-org', '--json']);
      expect(example.status, example.stderr).toBe(1);
      const diagnosis = JSON.parse(example.stdout) as { verdict: string; checks: { id: string; status: string }[] };
      expect(diagnosis.verdict).toBe('denied');
      expect(diagnosis.checks.find((c) => c.id === 'region')?.status).toBe('fail');

      const file = join(work, 'acct.json');
      writeFileSync(file, readFileSync(join(ROOT, 'examples', 'healthy.json')));
      const snapshot = installed(['doctor', '--snapshot', file]);
      expect(snapshot.status, snapshot.stderr).toBe(0);
      expect(snapshot.stdout).toContain('Verdict: ALLOWED');
    });

    it('audits on a worker thread of the installed bundle (its own entry, lib/cli/audit-worker.js) as on one thread', () => {
      const pkg = join(app, 'node_modules', 'billing-access');
      // The installed bin itself, not through npm exec (a second or two each): the same files run.
      const audit = (threads: string) =>
        spawnSync(process.execPath, [join(pkg, 'bin', 'billing-access.js'), 'audit', '--snapshot', join(pkg, 'examples', 'eu-only-org.json'), '--json'], {
          cwd: app,
          encoding: 'utf8',
          env: { ...process.env, CI: 'true', NO_COLOR: '1', BILLING_ACCESS_THREADS: threads },
        });
      const [one, two] = [audit('1'), audit('2')];
      expect(one.stderr).toBe('');
      expect(one.stdout).toContain('"principals"');
      expect(two.stderr).toBe('');
      expect(two.stdout).toBe(one.stdout);
      expect(two.status).toBe(one.status);
    });

    it('reports the packaged version and installs the man page and examples', () => {
      const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      expect(installed(['--version']).stdout.trim()).toBe(version);
      const pkg = join(app, 'node_modules', 'billing-access');
      expect(existsSync(join(pkg, 'man', 'billing-access.1'))).toBe(true);
      expect(existsSync(join(pkg, 'examples', 'eu-only-org.json'))).toBe(true);
      expect(existsSync(join(pkg, 'test'))).toBe(false);
    });
  });
});

function readdirTgz(dir: string): string {
  const out = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (out.length !== 1 || !out[0]) throw new Error(`expected one tarball in ${dir}, found ${out.join(', ')}`);
  return join(dir, out[0]);
}
