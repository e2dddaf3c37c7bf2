/** The marks every command prints, one set for all: ✔ allowed/pass, ✖ denied/fail, ⚠ warning, ? unknown, – not applicable. */
import type { Decision } from '../engine/types.js';
import type { CheckStatus, Verdict } from '../model/diagnosis.js';

export const SYMBOL: Readonly<Record<CheckStatus, string>> = { pass: '✔', fail: '✖', warn: '⚠', unknown: '?', 'not-applicable': '–' };

export const VERDICT_SYMBOL: Readonly<Record<Verdict, string>> = { allowed: SYMBOL.pass, denied: SYMBOL.fail, inconclusive: SYMBOL.unknown };

export const decisionSymbol = (decision: Decision): string => (decision === 'allowed' ? SYMBOL.pass : decision === 'unknown' ? SYMBOL.unknown : SYMBOL.fail);
