/** The built CLI: the AWS SDK is loaded only by live runs, and `snapshot` usage errors. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('billing-access-lazy-');

let dir: string;
let hook: string;

/**
 * A module-resolution hook (NODE_OPTIONS=--import) that appends every `@aws-sdk` specifier the
 * CLI resolves to a log file: an empty log proves the SDK was never loaded.
 */
beforeAll(() => {
  dir = tmp('hook-');
  const resolver = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (specifier.includes('@aws-sdk/')) appendFileSync(process.env.SDK_LOAD_LOG, specifier + '\\n');
  return next(specifier, context);
}`;
  writeFileSync(join(dir, 'resolver.mjs'), resolver);
  hook = join(dir, 'hook.mjs');
  writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'resolver.mjs')).href)});\n`);
});

async function sdkLoads(args: string[], name: string): Promise<{ loaded: string[]; code: number | null; stderr: string }> {
  const log = join(dir, `${name}.log`);
  const r = await runCli(args, {
    env: { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, SDK_LOAD_LOG: log, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PROFILE: undefined },
  });
  return { loaded: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [], code: r.code, stderr: r.stderr };
}

describe('the AWS SDK is loaded lazily', () => {
  it('a live run loads it (the probe works)', async () => {
    const r = await sdkLoads(['snapshot', '-o', join(dir, 'never.json')], 'live');
    expect(r.loaded).toEqual(expect.arrayContaining(['@aws-sdk/client-iam', '@aws-sdk/client-sts', '@aws-sdk/client-organizations']));
    expect(r.code).toBe(2); // nothing listens on port 9
  });

  it('doctor --recent-denials with a snapshot loads the CloudTrail client only, not IAM, STS or Organizations', async () => {
    const snapshot = join(ROOT, 'test/fixtures/denials/snapshots/sso-ce-scp.json');
    const r = await sdkLoads(['doctor', '--recent-denials', '--snapshot', snapshot, '--no-interactive'], 'recent-denials');
    expect(r.stderr).toMatch(/^billing-access: cloudtrail:LookupEvents: cannot reach AWS/); // nothing listens on port 9
    const clients = [...new Set(r.loaded.filter((s) => s.startsWith('@aws-sdk/client-')))];
    expect(clients).toEqual(['@aws-sdk/client-cloudtrail']);
  });

  const offline: [string, string[]][] = [
    ['--help', ['--help']],
    ['--version', ['--version']],
    ['help snapshot', ['help', 'snapshot']],
    ['simulate', ['simulate', '--action', 'ce:GetCostAndUsage']],
    ['doctor --snapshot', ['doctor', '--snapshot', 'does-not-exist.json', '--principal', 'alice', '--no-interactive']],
    ['audit --snapshot', ['audit', '--snapshot', 'does-not-exist.json']],
    ['actions', ['actions']],
  ];
  for (const [name, args] of offline) {
    it(`${name} never loads it`, async () => {
      const r = await sdkLoads(args, name.replace(/\W+/g, '-'));
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.loaded).toEqual([]);
    });
  }
});

describe('snapshot usage', () => {
  it('without -o: one line naming the flag, exit 2', async () => {
    const r = await runCli(['snapshot']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--output');
  });

  it('help snapshot documents every option', async () => {
    const r = await runCli(['help', 'snapshot']);
    for (const flag of ['--output <file>', '--principal', '--redact', '--force', '--profile', '--org-profile', '--region']) expect(r.stdout).toContain(flag);
  });
});
