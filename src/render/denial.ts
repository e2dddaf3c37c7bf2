/**
 * The denial the person pasted (or the CloudTrail event) and how the diagnosis compares with what
 * AWS stated: shown first in the text and Markdown reports. Strings arrive inert (text) or are
 * made inert here (Markdown).
 */
import type { ChalkInstance } from 'chalk';
import { statedPhrase } from '../checks/denial.js';
import type { DenialAgreement, DenialReport } from '../model/diagnosis.js';
import { markdownCode, markdownText } from './inert.js';

const VERDICT: Record<DenialAgreement, string> = {
  agrees: 'agrees with AWS',
  disagrees: 'DISAGREES with AWS',
  unknown: 'cannot be compared with AWS',
};

const from = (r: DenialReport): string => (r.source === 'cloudtrail' ? 'the CloudTrail event' : 'the message');

function contextLine(r: DenialReport): string | undefined {
  const entries = Object.entries(r.context);
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : undefined;
}

function skippedLine(r: DenialReport): string | undefined {
  if (!r.skipped || r.skipped.length === 0) return undefined;
  const shown = r.skipped.map((s) => `${[s.eventId, s.eventName].filter(Boolean).join(' ') || 'event'} (${s.reason})`);
  return `${r.skipped.length}: ${shown.join('; ')}`;
}

export function denialText(r: DenialReport, c: ChalkInstance): string[] {
  const tone = r.agreement === 'agrees' ? c.green : r.agreement === 'disagrees' ? c.red : c.magenta;
  const rows: [string, string | undefined][] = [
    ['Principal', r.principalArn ?? 'not named in the denial'],
    ['Actions', r.actions.length > 0 ? `${r.actions.join(', ')}${r.resource ? ` on ${r.resource}` : ''}` : 'none named'],
    ['AWS says', statedPhrase(r.stated)],
    ['Diagnosis', tone(VERDICT[r.agreement])],
    ['Why', r.explanation],
    ['Context', contextLine(r)],
    ...(r.notes ?? []).map((n): [string, string] => ['Note', n]),
    ['Skipped', skippedLine(r)],
  ];
  return [c.bold(`The denial, from ${from(r)}`), ...rows.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${`${k}:`.padEnd(11)}${v}`), ''];
}

export function denialMarkdown(r: DenialReport): string[] {
  const out = [
    `## The denial, from ${from(r)}`,
    '',
    `- **Principal:** ${r.principalArn ? markdownCode(r.principalArn) : 'not named in the denial'}`,
    `- **Actions:** ${r.actions.length > 0 ? r.actions.map(markdownCode).join(', ') : 'none named'}${r.resource ? ` on ${markdownCode(r.resource)}` : ''}`,
    `- **AWS says:** ${markdownText(statedPhrase(r.stated))}`,
    `- **Diagnosis:** ${VERDICT[r.agreement]}: ${markdownText(r.explanation)}`,
  ];
  const context = contextLine(r);
  if (context) out.push(`- **Context:** ${markdownCode(context)}`);
  for (const n of r.notes ?? []) out.push(`- **Note:** ${markdownText(n)}`);
  const skipped = skippedLine(r);
  if (skipped) out.push(`- **Skipped:** ${markdownText(skipped)}`);
  return [...out, ''];
}
