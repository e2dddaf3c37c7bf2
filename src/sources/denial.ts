/**
 * Reads the denial a person has in front of them: `--error TEXT`, `--error-file FILE` (`-` for
 * stdin) or `--cloudtrail-event FILE`. Input that holds no denial is a one-line usage error that
 * says what was expected.
 */
import { resolve } from 'node:path';
import type { DenialEvidence } from '../checks/denial.js';
import { usageError } from '../errors.js';
import type { NetworkSettings } from './aws/network.js';
import { readText } from './read-text.js';
import { parseJsonText } from './json-error.js';

export interface DenialFlags {
  error?: string;
  errorFile?: string;
  cloudtrailEvent?: string;
  /** `--recent-denials`: read the denials from CloudTrail's event history (live). */
  recentDenials?: boolean;
  /** `--since`: how far back (`24h`, `90m`, `7d`, or an ISO time). */
  since?: string;
  profile?: string;
  /** Limits for the CloudTrail read (--connect-timeout, --request-timeout, --deadline). */
  network?: NetworkSettings;
}

/** CloudTrail event history keeps the last 90 days (CloudTrail User Guide, "Working with CloudTrail event history"). */
const HISTORY_DAYS = 90;
/** Pages of 50 events read per event source: 1,000 events, about 10 s at LookupEvents' 2 requests a second. */
const MAX_PAGES = 20;
const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY_MS };

/** `--since` as a start time: a duration back from `now`, or an ISO 8601 time, within the 90 days of history. */
export function sinceTime(text: string, now: Date): Date {
  const duration = /^(\d+)\s*([mhd])$/i.exec(text.trim());
  const start = duration ? new Date(now.getTime() - Number(duration[1]) * (UNIT_MS[(duration[2] as string).toLowerCase()] as number)) : new Date(text);
  if (Number.isNaN(start.getTime()) || !/\d/.test(text)) {
    throw usageError(`--since ${text}: expected a duration such as 24h, 90m or 7d, or an ISO time such as 2026-11-30T09:00:00Z`);
  }
  if (start.getTime() >= now.getTime()) throw usageError(`--since ${text}: that is not in the past`);
  if (now.getTime() - start.getTime() > HISTORY_DAYS * DAY_MS) {
    throw usageError(`--since ${text}: CloudTrail event history keeps only the last ${HISTORY_DAYS} days; for older events pass a trail's log file with --cloudtrail-event`);
  }
  return start;
}

const EXPECTED_TEXT =
  'expected an AWS access-denied message, such as "User: arn:… is not authorized to perform: ACTION …", "An error occurred (AccessDeniedException) when calling …" or the console\'s "You don\'t have permission to perform …"';
const EXPECTED_EVENTS = 'a CloudTrail record, a CloudTrail log file ({"Records": […]}) or `aws cloudtrail lookup-events` output';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(file: string, cwd: string, what: string): Promise<string> {
  return file === '-' ? readStdin() : readText(resolve(cwd, file), file, what);
}

/** The parsed denial, or undefined when none of the flags is given. */
export async function readDenialEvidence(flags: DenialFlags, cwd: string, now: Date): Promise<DenialEvidence | undefined> {
  const given = (['error', 'errorFile', 'cloudtrailEvent', 'recentDenials'] as const).filter((k) => flags[k] !== undefined && flags[k] !== false);
  if (given.length > 1) throw usageError('--error, --error-file, --cloudtrail-event and --recent-denials each give the denial: pass only one');
  if (flags.since !== undefined && flags.recentDenials !== true) throw usageError('--since goes with --recent-denials');
  if (flags.recentDenials === true) return recentDenials(flags, now);
  if (flags.error !== undefined || flags.errorFile !== undefined) {
    const label = flags.error !== undefined ? '--error' : `--error-file ${flags.errorFile === '-' ? '- (stdin)' : flags.errorFile}`;
    const text = flags.error ?? (await readInput(flags.errorFile as string, cwd, 'a text file with the error message'));
    // The readers load only when there is a denial to read (most runs have none).
    const { parseDenialText } = await import('../denial/message.js');
    const denials = parseDenialText(text);
    if (denials.length === 0) throw usageError(`${label}: not an access-denied message; ${EXPECTED_TEXT}`);
    return { source: 'message', denials, skipped: [] };
  }
  if (flags.cloudtrailEvent === undefined) return undefined;
  const file = flags.cloudtrailEvent;
  const label = `--cloudtrail-event ${file === '-' ? '- (stdin)' : file}`;
  const value = parseJsonText(await readInput(file, cwd, EXPECTED_EVENTS), label, EXPECTED_EVENTS);
  const { NotCloudTrail, parseCloudTrail } = await import('../denial/cloudtrail.js');
  let read;
  try {
    read = parseCloudTrail(value);
  } catch (error) {
    if (error instanceof NotCloudTrail) throw usageError(`${label}: not CloudTrail (${error.message}); expected ${EXPECTED_EVENTS}`);
    throw error;
  }
  if (read.denials.length === 0) {
    const n = read.skipped.length;
    throw usageError(`${label}: none of its ${n} event${n === 1 ? '' : 's'} is a denied request (${read.skipped[0]?.reason ?? 'no records'}${n > 1 ? ', …' : ''}); expected an event with errorCode AccessDenied…`);
  }
  return { source: 'cloudtrail', denials: read.denials, skipped: read.skipped };
}

/** The denied billing requests of the last `--since` (default 24h), from CloudTrail's event history. */
async function recentDenials(flags: DenialFlags, now: Date): Promise<DenialEvidence> {
  const since = sinceTime(flags.since ?? '24h', now);
  const { billingEventSources, isDeniedRecord, parseCloudTrail } = await import('../denial/cloudtrail.js');
  const sources = billingEventSources();
  // The SDK loads only here.
  (await import('./aws/network.js')).configureNetwork(flags.network);
  const { lookupEvents, CLOUDTRAIL_REGION } = await import('./aws/cloudtrail.js');
  const found = await lookupEvents({ profile: flags.profile, since, until: now, sources, maxPages: MAX_PAGES, keep: isDeniedRecord });
  const window = `since ${since.toISOString()} (${found.read} events of ${sources.length} billing event sources in ${CLOUDTRAIL_REGION})`;
  if (found.records.length === 0) {
    const more = found.truncated.length > 0 ? `; ${found.truncated.join(', ')} had more events than were read` : '';
    throw usageError(`--recent-denials: no denied billing request in CloudTrail ${window}${more}; widen --since, or paste the error with --error`);
  }
  const { denials } = parseCloudTrail({ Records: found.records });
  const notes = [`read from CloudTrail event history ${window}; ${found.read - found.records.length} were not denied`];
  if (found.truncated.length > 0) notes.push(`only the latest ${MAX_PAGES * 50} events of ${found.truncated.join(', ')} were read: narrow --since to see older ones`);
  return { source: 'cloudtrail', denials, skipped: [], notes };
}
