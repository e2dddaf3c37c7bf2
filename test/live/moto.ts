/**
 * A real moto_server per test file, on a free port of 127.0.0.1, started in beforeAll and stopped
 * in afterAll; `reset()` (POST /moto-api/reset) between tests. AWS managed policies are loaded so
 * attached ones (Billing, …) resolve as in a real account.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto_server did not start within 30 s: ${log()}`);
}

export async function startMoto(): Promise<Moto> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer): void => void (output = (output + d.toString()).slice(-2000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await waitUntilUp(endpoint, child, () => output);
    } catch (error) {
      child.kill('SIGKILL');
      // Another process may have taken the port between freePort() and the bind: try a new one.
      if (attempt < 3) continue;
      throw error;
    }
    return {
      endpoint,
      reset: async () => {
        const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
        if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
      },
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        }),
    };
  }
}

/** One moto for the calling test file (started before all, stopped after all), reset before each test. */
export function useMoto(): { readonly endpoint: string } {
  let moto: Moto | undefined;
  beforeAll(async () => {
    moto = await startMoto();
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
