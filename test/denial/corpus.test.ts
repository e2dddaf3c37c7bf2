/**
 * The access-denied corpus (test/fixtures/denials/): every message and event is read by the parser,
 * and only the fields a case names are compared, so a case says exactly what it is about.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { NotCloudTrail, parseCloudTrail } from '../../src/denial/cloudtrail.js';
import { parseDenialText } from '../../src/denial/message.js';

interface Case {
  name: string;
  source: string;
  text?: string;
  /** A CloudTrail record, log file or lookup-events output. */
  event?: unknown;
  expect: Record<string, unknown>[];
  /** Events listed as skipped (fields compared as for `expect`). */
  skipped?: Record<string, unknown>[];
  /** The event file is not CloudTrail: the reason given. */
  error?: string;
  /** Runs of the built `doctor` with this input against a snapshot. */
  doctor?: DoctorRun[];
}

/** What `doctor --json` must say for a case, against one snapshot (paths relative to the corpus). */
interface DoctorRun {
  snapshot: string;
  exit: number;
  /** For exit 2: the one-line error must contain this. */
  stderr?: string;
  agreement?: string;
  /** Phrases the explanation must contain. */
  explains?: string[];
  actions?: string[];
  principal?: string;
  context?: Record<string, string>;
  notes?: string[];
  tasks?: string[];
  /** How many events are listed as skipped. */
  skipped?: number;
  /** The Identity Center user whose permission sets are diagnosed (her user name). */
  identityCenterUser?: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validResult = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/doctor-result.schema.json'), 'utf8')) as object);

async function runDoctor(c: Case, run: DoctorRun): Promise<void> {
  const input = c.text ?? JSON.stringify(c.event);
  const flag = c.text !== undefined ? '--error-file' : '--cloudtrail-event';
  const r = await runCli(['doctor', '--snapshot', join(DIR, run.snapshot), '--no-interactive', '--json', flag, '-'], { input });
  expect(r.code, r.stderr).toBe(run.exit);
  if (run.exit === 2) {
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(run.stderr);
    return;
  }
  const result = JSON.parse(r.stdout) as {
    tasks: string[];
    denial: Record<string, unknown> & { explanation: string; skipped?: unknown[] };
    identityCenter?: { user: { userName: string } };
  };
  expect(validResult(result), JSON.stringify(validResult.errors)).toBe(true);
  const { denial } = result;
  if (run.agreement) expect(denial.agreement, denial.explanation).toBe(run.agreement);
  for (const phrase of run.explains ?? []) expect(denial.explanation).toContain(phrase);
  if (run.actions) expect(denial.actions).toEqual(run.actions);
  if (run.principal) expect(denial.principalArn).toBe(run.principal);
  if (run.context) expect(denial.context).toEqual(run.context);
  if (run.notes) expect(denial.notes).toEqual(run.notes);
  if (run.tasks) expect(result.tasks).toEqual(run.tasks);
  if (run.skipped !== undefined) expect(denial.skipped ?? []).toHaveLength(run.skipped);
  if (run.identityCenterUser !== undefined) expect(result.identityCenter?.user.userName).toBe(run.identityCenterUser);
}

const DIR = join(import.meta.dirname, '../fixtures/denials');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

function pick(actual: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (actual as Record<string, unknown>)[k]]));
}

describe('access-denied corpus', () => {
  it('holds at least 40 cases, each with its source', () => {
    const cases = files.flatMap((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { cases: Case[] }).cases);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c.source.length, c.name).toBeGreaterThan(5);
  });

  for (const file of files) {
    const { cases } = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { cases: Case[] };
    describe(file, () => {
      for (const c of cases) {
        for (const run of c.doctor ?? []) {
          it(`${c.name}: doctor against ${run.snapshot} exits ${run.exit}${run.agreement ? `, ${run.agreement}` : ''}`, () => runDoctor(c, run));
        }
      }
      for (const c of cases.filter((x) => x.text !== undefined)) {
        it(c.name, () => {
          const got = parseDenialText(c.text as string);
          expect(got.map((d, i) => pick(d, Object.keys(c.expect[i] ?? {})))).toEqual(c.expect);
        });
      }
      for (const c of cases.filter((x) => x.event !== undefined)) {
        it(c.name, () => {
          if (c.error !== undefined) {
            expect(() => parseCloudTrail(c.event)).toThrow(NotCloudTrail);
            expect(() => parseCloudTrail(c.event)).toThrow(c.error);
            return;
          }
          const { denials, skipped } = parseCloudTrail(c.event);
          expect(denials.map((d, i) => pick(d, Object.keys(c.expect[i] ?? {})))).toEqual(c.expect);
          expect(skipped.map((s, i) => pick(s, Object.keys(c.skipped?.[i] ?? {})))).toEqual(c.skipped ?? []);
        });
      }
    });
  }
});
