/**
 * The recent event history of the billing services: `cloudtrail:LookupEvents` in us-east-1, where
 * the billing and Cost Management services log (billing-facts.md §4). Read-only (the client has the
 * allow-list middleware) and loaded only for `doctor --recent-denials`.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ExitError } from '../../errors.js';
import { guardedConfig, profileIdentity } from './client-config.js';
import { credentialsLabel, errorCode, errorMessage, fatalAwsError, isReadRefusal } from './errors.js';
import { readOnly } from './read-only.js';

/** Billing events are recorded in us-east-1 whatever --region says. */
export const CLOUDTRAIL_REGION = 'us-east-1';
/** LookupEvents returns at most 50 events a page. */
const PAGE_SIZE = 50;

export function cloudTrailClient(profile: string | undefined): CloudTrailClient {
  // Adaptive retries also pace the calls: LookupEvents allows 2 requests a second per account and region.
  const client = new CloudTrailClient(guardedConfig('cloudtrail', profileIdentity(profile, CLOUDTRAIL_REGION)));
  client.middlewareStack.use(readOnly('cloudtrail'));
  return client;
}

export interface LookupQuery {
  profile?: string;
  since: Date;
  until: Date;
  /** Event sources to read, one LookupEvents query each (it filters on one attribute only). */
  sources: readonly string[];
  /** Pages read per source before stopping (the rest is reported as not read). */
  maxPages: number;
  /** Keeps the records wanted (the denied ones); the rest are only counted. */
  keep: (record: unknown) => boolean;
}

export interface LookupResult {
  records: unknown[];
  /** Events read in all. */
  read: number;
  /** Sources with more events than `maxPages` pages. */
  truncated: string[];
}

export async function lookupEvents(query: LookupQuery): Promise<LookupResult> {
  const client = cloudTrailClient(query.profile);
  const who = query.profile ?? process.env.AWS_PROFILE ?? 'default';
  const records: unknown[] = [];
  const truncated: string[] = [];
  let read = 0;
  try {
    for (const source of query.sources) {
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: source }],
            StartTime: query.since,
            EndTime: query.until,
            MaxResults: PAGE_SIZE,
            NextToken: token,
          }),
        );
        for (const event of page.Events ?? []) {
          read++;
          const record = parseRecord(event.CloudTrailEvent);
          if (record !== undefined && query.keep(record)) records.push(record);
        }
        token = page.NextToken;
        pages++;
      } while (token !== undefined && pages < query.maxPages);
      if (token !== undefined) truncated.push(source);
    }
  } catch (error) {
    if (isReadRefusal(error)) {
      throw new ExitError(
        `--recent-denials: cloudtrail:LookupEvents in ${CLOUDTRAIL_REGION} was refused for ${credentialsLabel(who)} (${errorCode(error)}: ${errorMessage(error)}); allow it, or paste the error with --error`,
      );
    }
    throw fatalAwsError(error, 'cloudtrail:LookupEvents', who);
  } finally {
    client.destroy();
  }
  return { records, read, truncated };
}

/** An event's CloudTrailEvent string as an object; an unreadable one is left out, not guessed. */
function parseRecord(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
