/** doctor --write-fixes DIR through the built bin: the documents the steps name, 0600, never over a file, and they work. */
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { ROOT, runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('ba-fixes-');
const doctor = (cwd: string, ...args: string[]) => runCli(['doctor', '--no-interactive', ...args], { cwd });

describe('doctor --write-fixes', () => {
  it('writes every document the text names, mode 0600, as the JSON carries it', async () => {
    const cwd = tmp('w-');
    const r = await doctor(cwd, '--snapshot', join(ROOT, 'examples/eu-only-org.json'), '--write-fixes', 'fixes');
    expect(r.code).toBe(1);
    const named = [...r.stdout.matchAll(/saved as (\S+\.json)/g)].map((m) => m[1]).sort();
    expect(readdirSync(join(cwd, 'fixes')).sort()).toEqual(named);
    expect(r.stderr).toContain('Corrected documents written: fixes/scp-p-8n2ke4xq.json, fixes/scp-p-8n2ke4xq-2.json');
    const json = JSON.parse((await doctor(cwd, '--snapshot', join(ROOT, 'examples/eu-only-org.json'), '--json')).stdout) as Diagnosis;
    for (const step of json.checks.flatMap((c) => c.remediation).filter((x) => x.file)) {
      const file = join(cwd, 'fixes', step.file!);
      expect(lstatSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(step.document);
    }
  });

  it('the written boundary, published as the policy, makes the verdict allowed', async () => {
    const cwd = tmp('b-');
    await doctor(cwd, '--snapshot', join(ROOT, 'examples/boundary-no-billing.json'), '--write-fixes', '.');
    const [name] = readdirSync(cwd).filter((f) => f.endsWith('.json'));
    expect(name).toBe('DeveloperBoundary.json');
    const snapshot = JSON.parse(readFileSync(join(ROOT, 'examples/boundary-no-billing.json'), 'utf8')) as {
      iam: { Policies: { PolicyName: string; PolicyVersionList: { IsDefaultVersion: boolean; Document: unknown }[] }[] };
    };
    const policy = snapshot.iam.Policies.find((p) => p.PolicyName === 'DeveloperBoundary');
    for (const v of policy?.PolicyVersionList ?? []) if (v.IsDefaultVersion) v.Document = JSON.parse(readFileSync(join(cwd, name), 'utf8'));
    writeFileSync(join(cwd, 'fixed.json'), JSON.stringify(snapshot));
    const again = await doctor(cwd, '--snapshot', 'fixed.json', '--quiet');
    expect(again.stdout).toContain('ALLOWED');
    expect(again.code).toBe(0);
  });

  it('never replaces a file or follows a link without --force; the verdict still decides the exit status', async () => {
    const cwd = tmp('x-');
    mkdirSync(join(cwd, 'fixes'));
    writeFileSync(join(cwd, 'fixes', 'scp-p-8n2ke4xq.json'), 'mine');
    symlinkSync(join(cwd, 'elsewhere.json'), join(cwd, 'fixes', 'scp-p-8n2ke4xq-2.json'));
    const r = await doctor(cwd, '--snapshot', join(ROOT, 'examples/eu-only-org.json'), '--write-fixes', 'fixes', '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning: --write-fixes fixes/scp-p-8n2ke4xq.json: file exists');
    expect(readFileSync(join(cwd, 'fixes', 'scp-p-8n2ke4xq.json'), 'utf8')).toBe('mine');
    expect(existsSync(join(cwd, 'elsewhere.json'))).toBe(false);
    const forced = await doctor(cwd, '--snapshot', join(ROOT, 'examples/eu-only-org.json'), '--write-fixes', 'fixes', '--quiet', '--force');
    expect(forced.stderr).toContain('symbolic link');
    expect(existsSync(join(cwd, 'elsewhere.json'))).toBe(false);
  });

  it('a file as DIR is a usage error before any work; an allowed verdict writes nothing', async () => {
    const cwd = tmp('f-');
    writeFileSync(join(cwd, 'taken'), '');
    const bad = await doctor(cwd, '--example', 'healthy', '--write-fixes', 'taken');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('billing-access: --write-fixes taken: is not a directory');
    expect(bad.stdout).toBe('');
    const none = await doctor(cwd, '--example', 'healthy', '--write-fixes', 'out');
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No corrected documents to write');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});
