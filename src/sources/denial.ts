/**
 * Reads the denial a person has in front of them: `--error TEXT`, `--error-file FILE` (`-` for
 * stdin) or `--cloudtrail-event FILE`. Input that holds no denial is a one-line usage error that
 * says what was expected.
 */
import { resolve } from 'node:path';
import type { DenialEvidence } from '../checks/denial.js';
import { NotCloudTrail, parseCloudTrail } from '../denial/cloudtrail.js';
import { parseDenialText } from '../denial/message.js';
import { usageError } from '../errors.js';
import { readText } from './file.js';
import { parseJsonText } from './json-error.js';

export interface DenialFlags {
  error?: string;
  errorFile?: string;
  cloudtrailEvent?: string;
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
export async function readDenialEvidence(flags: DenialFlags, cwd: string): Promise<DenialEvidence | undefined> {
  const given = (['error', 'errorFile', 'cloudtrailEvent'] as const).filter((k) => flags[k] !== undefined);
  if (given.length > 1) throw usageError('--error, --error-file and --cloudtrail-event each give the denial: pass only one');
  if (flags.error !== undefined || flags.errorFile !== undefined) {
    const label = flags.error !== undefined ? '--error' : `--error-file ${flags.errorFile === '-' ? '- (stdin)' : flags.errorFile}`;
    const text = flags.error ?? (await readInput(flags.errorFile as string, cwd, 'a text file with the error message'));
    const denials = parseDenialText(text);
    if (denials.length === 0) throw usageError(`${label}: not an access-denied message; ${EXPECTED_TEXT}`);
    return { source: 'message', denials, skipped: [] };
  }
  if (flags.cloudtrailEvent === undefined) return undefined;
  const file = flags.cloudtrailEvent;
  const label = `--cloudtrail-event ${file === '-' ? '- (stdin)' : file}`;
  const value = parseJsonText(await readInput(file, cwd, EXPECTED_EVENTS), label, EXPECTED_EVENTS);
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
