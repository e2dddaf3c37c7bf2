/**
 * Runs every engine case in test/engine/cases/*.json. Each case's expectation is derived from the
 * AWS documentation page named in its `source`, not from the engine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decidingStatements, evaluate, type PolicyLayers } from '../../src/engine/index.js';

const DIR = fileURLToPath(new URL('./cases/', import.meta.url));

interface CaseStatementRef {
  layer?: string;
  source?: string;
  statement: string;
  effect?: string;
  /** For uncertain statements: text the reason must contain. */
  reason?: string;
}

interface EngineCase {
  name: string;
  source: string;
  /** `resource` may be `{ "unknown": why }`: a request resource nobody can name. */
  request: { action: string; resource?: string | { unknown: string }; principalArn?: string; context?: Record<string, string | string[]> };
  policies: {
    identity?: unknown[];
    scpLevels?: unknown[][];
    boundary?: unknown;
  };
  expect: {
    decision: string;
    layers?: Record<string, string>;
    statements?: CaseStatementRef[];
    missingContextKeys?: string[];
    /** JSON paths of expected policy problems (any policy). */
    problems?: string[];
    /** Statements or documents that may apply but could not be read (all of them, in order). */
    uncertain?: CaseStatementRef[];
  };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const cases: { file: string; c: EngineCase }[] = files.flatMap((file) =>
  (JSON.parse(readFileSync(DIR + file, 'utf8')) as EngineCase[]).map((c) => ({ file, c })),
);

function layersOf(c: EngineCase): PolicyLayers {
  const named = (doc: unknown, name: string) => compilePolicy({ source: name, document: doc });
  const p = c.policies;
  return {
    identity: (p.identity ?? []).map((d, i) => named(d, `identity[${i}]`)),
    ...(p.scpLevels ? { scpLevels: p.scpLevels.map((level, l) => level.map((d, i) => named(d, `scp[${l}][${i}]`))) } : {}),
    ...(p.boundary !== undefined ? { boundary: named(p.boundary, 'boundary') } : {}),
  };
}

describe('engine cases', () => {
  it('has at least 250 cases, each citing an AWS documentation page', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    for (const { c } of cases) expect(c.source, c.name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('case names are unique', () => {
    const names = cases.map(({ c }) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const { file, c } of cases) {
    it(`${file}: ${c.name}`, () => {
      const context = Object.fromEntries(
        Object.entries(c.request.context ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
      );
      const result = evaluate(
        {
          action: c.request.action,
          resource: c.request.resource ?? '*',
          ...(c.request.principalArn ? { principalArn: c.request.principalArn } : {}),
          context,
        },
        layersOf(c),
      );
      expect(result.decision).toBe(c.expect.decision);
      if (c.expect.layers) expect(result.layers).toMatchObject(c.expect.layers);
      if (c.expect.statements) {
        const deciding = decidingStatements(result).map((s) => ({ layer: s.layer, source: s.source, statement: s.statement, effect: s.effect }));
        expect(deciding).toEqual(c.expect.statements.map((s) => expect.objectContaining(s)));
      }
      if (c.expect.missingContextKeys) {
        expect([...result.missingContextKeys].map((k) => k.toLowerCase()).sort()).toEqual(
          c.expect.missingContextKeys.map((k) => k.toLowerCase()).sort(),
        );
      }
      if (c.expect.uncertain) {
        const uncertain = result.uncertain.map((u) => ({ layer: u.layer, source: u.source, statement: u.statement, reason: u.reason }));
        expect(uncertain).toEqual(
          c.expect.uncertain.map(({ reason, ...u }) => expect.objectContaining({ ...u, ...(reason === undefined ? {} : { reason: expect.stringContaining(reason) }) })),
        );
      }
      // A decision is unknown exactly when something that may decide it could not be read.
      if (result.decision === 'unknown') expect(result.uncertain.length).toBeGreaterThan(0);
      const problemPaths = result.problems.map((p) => p.path);
      if (c.expect.problems) {
        for (const path of c.expect.problems) expect(problemPaths).toContain(path);
      } else expect(problemPaths).toEqual([]);
    });
  }
});
