/**
 * A real moto_server per test file, on a port of 127.0.0.1 of its own, started in beforeAll and
 * stopped in afterAll; `reset()` (POST /moto-api/reset) between tests. The AWS managed policies the
 * tests attach (Billing, …) are loaded, so they resolve as in a real account.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The port moto_server printed it listens on ("Running on http://127.0.0.1:PORT"). */
const LISTENING = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

/**
 * The AWS managed policies the live tests' accounts attach (moto's names). Only these are loaded
 * by default: see moto-server.py.
 */
const ATTACHED_AWS_MANAGED_POLICIES = ['Billing', 'ReadOnlyAccess', 'AdministratorAccess', 'AmazonS3ReadOnlyAccess', 'AWSBillingReadOnlyAccess', 'ViewOnlyAccess'];

/**
 * Which AWS managed policies moto holds: 'attached' (default) those above, 'all' every one moto
 * knows (for a test about the policies themselves), 'none' for a file whose IAM attaches none.
 */
export type AwsManagedPolicies = 'attached' | 'all' | 'none';

/**
 * Starts moto_server on port 0 and takes the port it prints. A port picked beforehand could be
 * taken by another test file's moto before the bind; the readiness probe would then reach (and
 * reset) that other server, and two files would share one account. With all ~1,485 AWS managed
 * policies, every account moto creates (again after each reset) builds them all, and
 * GetAccountAuthorizationDetails returns them all, megabytes, which a dozen runs at once wait on
 * beyond a 2 s --request-timeout: hence 'attached' by default, through moto-server.py (moto itself,
 * with its policy data cut down before it starts).
 */
export async function startMoto({ awsManagedPolicies = 'attached' }: { awsManagedPolicies?: AwsManagedPolicies } = {}): Promise<Moto> {
  let output = '';
  const args = ['-H', '127.0.0.1', '-p', '0'];
  const env = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: String(awsManagedPolicies !== 'none'), MOTO_AWS_MANAGED_POLICY_NAMES: ATTACHED_AWS_MANAGED_POLICIES.join(',') };
  // python3 is the interpreter moto is installed for (scripts/gen-managed-policies.py --moto relies on it too).
  const child =
    awsManagedPolicies === 'attached'
      ? spawn('python3', [fileURLToPath(new URL('./moto-server.py', import.meta.url)), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('moto_server', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`moto_server did not start within 30 s: ${output}`)), 30_000);
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-2000);
      const found = LISTENING.exec(output)?.[1];
      if (found !== undefined) (clearTimeout(timer), resolve(found));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`moto_server exited with ${code}: ${output}`))));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const reset = async (): Promise<void> => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
  };
  await reset();
  return {
    endpoint,
    reset,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** One moto for the calling test file (started before all, stopped after all), reset before each test. */
export function useMoto(options: { awsManagedPolicies?: AwsManagedPolicies } = {}): { readonly endpoint: string } {
  let moto: Moto | undefined;
  beforeAll(async () => {
    moto = await startMoto(options);
  });
  afterAll(async () => moto?.stop());
  beforeEach(async () => moto?.reset());
  return {
    get endpoint(): string {
      if (moto === undefined) throw new Error('moto is not running (useMoto() must be called at the top of the test file)');
      return moto.endpoint;
    },
  };
}
