/** The doctor handler in-process: the wizard hooks run only when someone can answer. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/io.js';
import { ExitError } from '../../src/errors.js';

const calls: string[] = [];
vi.mock('../../src/ui/wizard.js', () => ({
  askSourceAndLoad: async (o: Record<string, unknown>, _io: unknown, load: (o: Record<string, unknown>) => Promise<unknown>) => (
    calls.push('askSource'), { options: o, facts: await load(o) }
  ),
  askRest: async (o: Record<string, unknown>) => (calls.push('askRest'), { ...o, principal: o.principal ?? 'alice' }),
  afterDiagnosis: async () => void calls.push('afterDiagnosis'),
}));

const { doctor } = await import('../../src/cli/handlers/doctor.js');

function io(interactive: boolean): Io & { stdout: string } {
  const sink = {
    stdout: '',
    out: (t: string) => void (sink.stdout += t),
    err: () => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    interactive,
    env: {},
    cwd: process.cwd(),
  };
  return sink;
}

const options = (extra: Record<string, unknown> = {}) => ({
  snapshot: 'test/fixtures/checks/scp-deny.json',
  actionSet: 'fine-grained',
  region: 'us-east-1',
  format: 'json',
  interactive: true,
  ...extra,
});

describe('doctor handler', () => {
  beforeEach(() => void calls.splice(0));

  it('with a terminal: askSource, askRest and afterDiagnosis run in that order, and the answers are used', async () => {
    const out = io(true);
    // scp-deny has no caller: the (mocked) wizard supplies the principal.
    const code = await doctor(options(), out);
    expect(calls).toEqual(['askSource', 'askRest', 'afterDiagnosis']);
    expect(JSON.parse(out.stdout).principal.name).toBe('alice');
    expect(code).toBe(1);
  });

  it('--no-interactive, or no terminal: no hook runs, and a missing principal is a usage error naming --principal', async () => {
    for (const [tty, flag] of [[true, false], [false, true]] as const) {
      const error = await doctor(options({ interactive: flag }), io(tty)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExitError);
      expect((error as ExitError).code).toBe(2);
      expect((error as ExitError).message).toContain('--principal');
    }
    expect(calls).toEqual([]);
  });

  it('exit codes follow the verdict: 1 denied, 0 allowed, 3 inconclusive', async () => {
    expect(await doctor(options({ interactive: false, principal: 'alice' }), io(false))).toBe(1);
    expect(await doctor(options({ interactive: false, snapshot: 'test/fixtures/checks/allowed-management.json' }), io(false))).toBe(0);
    expect(await doctor(options({ interactive: false, snapshot: 'test/fixtures/checks/activation-unknown.json' }), io(false))).toBe(3);
  });
});
