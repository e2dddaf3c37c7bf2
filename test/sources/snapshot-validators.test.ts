/**
 * The snapshot validators the build writes as standalone code (dist/sources/snapshot-validators.cjs,
 * scripts/gen-validators.mjs; the bundle ships a copy in lib/sources/) judge exactly as the schema
 * compiled at run time does, and the built bin validates without loading Ajv at all (npm test
 * builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compileSchema, type SnapshotValidators } from '../../src/sources/snapshot-schema.js';
import { ROOT } from '../helpers/run.js';

const BUILT = `${ROOT}dist/sources/snapshot-validators.cjs`;
const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(`${ROOT}${path}`, 'utf8')) as Record<string, unknown>;


/** Valid inputs, and each broken in one place. */
function samples(): { name: string; kind: keyof SnapshotValidators; data: unknown }[] {
  const healthy = read('examples/healthy.json');
  const iam = healthy.iam as { UserDetailList: Record<string, unknown>[] };
  const page = read('test/fixtures/snapshots/gaad-standalone.json');
  const broken = (change: (copy: Record<string, unknown>) => void): Record<string, unknown> => {
    const copy = structuredClone(healthy);
    change(copy);
    return copy;
  };
  return [
    ...['healthy', 'eu-only-org', 'mfa-no-device', 'boundary-no-billing'].map((n) => ({ name: n, kind: 'snapshot' as const, data: read(`examples/${n}.json`) })),
    { name: 'a GAAD page', kind: 'page', data: page },
    { name: 'a page with a bad list', kind: 'page', data: { ...page, UserDetailList: 'no' } },
    { name: 'an unknown top-level key', kind: 'snapshot', data: { ...healthy, extra: 1 } },
    { name: 'a user without an Arn', kind: 'snapshot', data: broken((c) => void delete (c.iam as typeof iam).UserDetailList[0]!.Arn) },
    { name: 'a number as a user name', kind: 'snapshot', data: broken((c) => void ((c.iam as typeof iam).UserDetailList[0]!.UserName = 3)) },
    { name: 'a bad activation value', kind: 'snapshot', data: broken((c) => void (c.account = { iamUserAccessToBilling: 'maybe' })) },
    { name: 'negative MFA devices', kind: 'snapshot', data: broken((c) => void (c.users = { alice: { mfaDevices: -1 } })) },
  ];
}

const firstError = (validate: ValidateFunction, data: unknown): Pick<ErrorObject, 'keyword' | 'instancePath' | 'params'> | 'valid' => {
  if (validate(data)) return 'valid';
  const e = validate.errors?.[0];
  return e ? { keyword: e.keyword, instancePath: e.instancePath, params: e.params } : { keyword: '?', instancePath: '', params: {} };
};

describe('standalone snapshot validators', () => {
  const reference = compileSchema();
  it('the build wrote them', () => {
    expect(existsSync(BUILT)).toBe(true);
  });

  it.each(samples())('agree with the schema compiled at run time: $name', ({ kind, data }) => {
    const standalone = createRequire(import.meta.url)(BUILT) as SnapshotValidators;
    expect(firstError(standalone[kind], data)).toEqual(firstError(reference[kind], data));
  });

  it('the built bin validates a snapshot without loading Ajv, with the copy the bundle ships', () => {
    // Preloaded into the bin's process: on exit, which CommonJS modules were required.
    const probe = `import { createRequire } from 'node:module';
      const cache = createRequire(process.cwd() + '/').cache;
      process.on('exit', () => process.stderr.write(JSON.stringify({ ajv: Object.keys(cache).filter((k) => k.includes('/node_modules/ajv/')), validators: Object.keys(cache).filter((k) => k.endsWith('snapshot-validators.cjs')) })));`;
    const run = spawnSync(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(probe)}`, 'bin/billing-access.js', 'doctor', '--snapshot', 'examples/healthy.json', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stderr)).toEqual({ ajv: [], validators: [`${ROOT}lib/sources/snapshot-validators.cjs`] });
  });
});
