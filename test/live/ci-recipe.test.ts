/**
 * The README's CI recipe, run as written against a member account in a local moto organization:
 * its `run:` steps (aws configure set, snapshot, audit) and its allow-list, with only the account
 * ids of the example replaced by moto's and `npx --yes billing-access` by the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/checks/audit.js';
import { BIN, ROOT } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { liveEnv, MANAGEMENT_ACCOUNT } from './aws.js';
import { useMoto } from './moto.js';
import { seedOrganization } from './scenarios.js';

const moto = useMoto();
const tmp = scratch('billing-access-ci-');

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## In CI'), README.indexOf('\n## ', README.indexOf('## In CI') + 1));

/** The shell of every `run:` step of the workflow, one-line or `|` block, in order. */
function runSteps(yaml: string): string[] {
  const steps: string[] = [];
  const lines = yaml.split('\n');
  lines.forEach((line, i) => {
    const match = /^(\s*)(?:- )?run: (.*)$/.exec(line);
    if (!match) return;
    if (match[2] !== '|') return void steps.push(match[2] ?? '');
    const indent = (match[1] ?? '').length;
    const block: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
      block.push(next.trim());
    }
    steps.push(block.join('\n'));
  });
  return steps;
}

const fenced = (lang: string): string => {
  const start = section.indexOf('```' + lang + '\n');
  return section.slice(start + lang.length + 4, section.indexOf('```', start + 3));
};

describe('the README CI recipe (live, moto)', { timeout: 120_000 }, () => {
  it('decides on a fully described member account: exit 0 or 1, never 3, every cell decided', async () => {
    const scenario = await seedOrganization(moto.endpoint);
    const member = scenario.member.accountId;
    // The example's member account is 111122223333 and its management account 999999999999.
    const ids = (text: string): string => text.replaceAll('111122223333', member).replaceAll('999999999999', MANAGEMENT_ACCOUNT);
    const steps = runSteps(fenced('yaml')).map((s) => ids(s).replaceAll('npx --yes billing-access', `"${process.execPath}" "${BIN}"`));
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.join('\n')).toContain('--org-profile');

    const dir = tmp('job-');
    writeFileSync(join(dir, 'billing-access.expect.json'), ids(fenced('json')));
    // configure-aws-credentials leaves the role's session in the environment; the config file starts empty.
    const env = {
      ...process.env,
      ...liveEnv(moto.endpoint, {
        AWS_ACCESS_KEY_ID: scenario.member.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: scenario.member.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: scenario.member.credentials.sessionToken,
        AWS_CONFIG_FILE: join(dir, 'aws-config'),
        CI: 'true',
        NO_COLOR: '1',
      }),
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const codes: number[] = [];
    for (const step of steps) {
      const r = spawnSync('bash', ['-e', '-c', step], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).not.toMatch(/internal error/);
      codes.push(r.status ?? -1);
      if (r.status !== 0) {
        expect(step, `${step}\n${r.stderr}`).toContain('audit');
        break;
      }
    }
    // The EU-only SCP (no exemption) denies the role every page: drift (1), decided.
    expect(codes.at(-1)).toBe(1);
    const audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as AuditResult;
    const cells = audit.principals.flatMap((p) => p.cells);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter((c) => c.verdict === 'inconclusive')).toEqual([]);
    expect(audit.drift?.lost).toEqual([{ principal: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, tasks: ['home', 'bills', 'cost-explorer'] }]);
    // The seeded alice has the path /finance/, so the README's ARN names no one.
    expect(audit.drift?.missing.map((m) => m.principal)).toEqual([`arn:aws:iam::${member}:user/alice`]);
    expect(audit.drift?.unconfirmed).toEqual([]);
  });
});
