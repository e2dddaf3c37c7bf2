/**
 * scripts/gen-managed-policies.py against a real local moto_server (which serves AWS's managed
 * policies): `--live` reads each default version with the read-only calls the script documents,
 * writes what the account holds, and agrees with the offline `--moto` source on every document of
 * the same version; without a source it refuses.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';
import { DEFAULT_CREDENTIALS, seedClients } from './aws.js';
import { useMoto } from './moto.js';

// The script reads AWS's managed policies themselves: all that moto holds.
const moto = useMoto({ awsManagedPolicies: 'all' });
const dir = scratch('billing-access-gen-policies-');
const tmp = (name: string): string => join(dir('out'), name);

interface Generated {
  sources: { source: string }[];
  policies: { arn: string; name: string; versionId: string; source: string; document: unknown }[];
}

function generate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['scripts/gen-managed-policies.py', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('gen-managed-policies.py (moto_server)', () => {
  it('--live writes the default version of each billing policy as the account serves it; --moto agrees', async () => {
    const live = tmp('live.json');
    const offline = tmp('moto.json');
    const [a, b] = await Promise.all([generate(['--live', '--out', live]), generate(['--moto', '--out', offline])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const fromLive = JSON.parse(readFileSync(live, 'utf8')) as Generated;
    const fromMoto = JSON.parse(readFileSync(offline, 'utf8')) as Generated;
    expect(fromLive.sources).toEqual([{ source: 'live account (iam:GetPolicyVersion, default version)' }]);
    expect(fromLive.policies.every((p) => p.source === fromLive.sources[0]!.source)).toBe(true);

    const { iam } = seedClients(moto.endpoint);
    const billing = fromLive.policies.find((p) => p.name === 'Billing')!;
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: billing.arn }))).Policy!;
    expect(billing.versionId).toBe(policy.DefaultVersionId);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: billing.arn, VersionId: policy.DefaultVersionId }));
    expect(billing.document).toEqual(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)));

    const offlineByName = new Map(fromMoto.policies.map((p) => [p.name, p]));
    expect(fromLive.policies.map((p) => p.name)).toEqual(fromMoto.policies.map((p) => p.name));
    for (const p of fromLive.policies) {
      const other = offlineByName.get(p.name)!;
      if (other.versionId === p.versionId) expect(p.document, p.name).toEqual(other.document);
    }
  });

  it('refuses to run without a source', async () => {
    const r = await generate(['--out', tmp('none.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give at least one source');
  });
});
