/**
 * audit --json written in pieces (auditJsonChunks): joined, exactly the text of the whole result
 * stringified at once (inertJson, indent 2, a newline), for empty, small and multi-piece audits,
 * drift included, and with characters inert output escapes.
 */
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generate.mjs';
import { auditAccount, compareExpect, type AuditResult } from '../../src/checks/audit.js';
import { TASKS } from '../../src/model/catalogue.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { auditJsonChunks } from '../../src/render/audit.js';
import { inertJson } from '../../src/render/inert.js';
import { model } from '../checks/builders.js';

const whole = (a: AuditResult): string => inertJson(a, 2) + '\n';

describe('auditJsonChunks', () => {
  const rows = auditAccount(model(generateSnapshot(450, 2) as SnapshotV1), TASKS.slice(0, 4), { actionSet: 'fine-grained' });
  const result = (principals = rows): AuditResult => ({ schemaVersion: 1, source: { kind: 'snapshot', file: 'a\u2028b.json' } as AuditResult['source'], tasks: TASKS.slice(0, 4).map((t) => t.id), principals });

  it.each([0, 1, 199, 200, 201, 450])('%i rows: the same text as one string', (n) => {
    const a = result(rows.slice(0, n));
    const chunks = [...auditJsonChunks(a)];
    expect(chunks.join('')).toBe(whole(a));
    expect(chunks.length).toBe(n === 0 ? 1 : Math.floor(n / 200) + 1);
  });

  it('with characters inert output escapes in a principal and a cell, and a row without cells', () => {
    const odd = { task: 'home' as const, verdict: 'inconclusive' as const, blockedBy: [], undecided: ['principal' as const], missing: ['a\u2028b\u202e"cells": []'] };
    const principals = [
      { principal: { arn: 'arn:aws:iam::1:user/x\u200b', type: 'user' as const, name: 'x\u200b\n  "cells": []' }, cells: [odd, rows[0]!.cells[1]!, odd] },
      { principal: { arn: 'arn:aws:iam::1:user/y', type: 'user' as const, name: 'y' }, cells: [] },
      ...rows.slice(0, 3),
    ];
    const a = result(principals);
    expect([...auditJsonChunks(a)].join('')).toBe(whole(a));
  });

  it('with drift after the principals', () => {
    const a = { ...result(), drift: compareExpect(rows, new Map([['user0000*', ['home' as const]]])) };
    expect([...auditJsonChunks(a)].join('')).toBe(whole(a));
  });
});
