/**
 * A stand-in for CloudTrail's LookupEvents (moto has none), speaking its JSON 1.1 protocol: the
 * request names one EventSource attribute, a time window, MaxResults and NextToken; the answer is
 * `{ Events: [{ EventId, EventName, EventSource, EventTime, CloudTrailEvent }], NextToken }` with
 * the record as a JSON string (CloudTrail API Reference, LookupEvents). Use it as the `stub` of
 * startFaultProxy, so every other call still reaches moto.
 */
import type { Stub } from './fault-proxy.js';

export interface LookupRequest {
  source?: string;
  start?: number;
  end?: number;
  maxResults?: number;
  nextToken?: string;
}

export interface CloudTrailStub {
  stub: Stub;
  /** Every LookupEvents request, in order. */
  requests: LookupRequest[];
}

/** Serves `records` (CloudTrail records) by their eventSource, `pageSize` a page. */
export function cloudTrailStub(records: readonly Record<string, unknown>[], pageSize = 50): CloudTrailStub {
  const requests: LookupRequest[] = [];
  const stub: Stub = (operation, body) => {
    if (operation !== 'LookupEvents') return undefined;
    const input = JSON.parse(body) as { LookupAttributes?: { AttributeKey: string; AttributeValue: string }[]; StartTime?: number; EndTime?: number; MaxResults?: number; NextToken?: string };
    const source = input.LookupAttributes?.find((a) => a.AttributeKey === 'EventSource')?.AttributeValue;
    requests.push({ source, start: input.StartTime, end: input.EndTime, maxResults: input.MaxResults, nextToken: input.NextToken });
    const matching = records.filter((r) => r.eventSource === source);
    const from = input.NextToken ? Number(input.NextToken) : 0;
    const page = matching.slice(from, from + Math.min(pageSize, input.MaxResults ?? 50));
    const next = from + page.length < matching.length ? String(from + page.length) : undefined;
    const events = page.map((r) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      EventSource: r.eventSource,
      EventTime: Date.parse(String(r.eventTime)) / 1000,
      ReadOnly: 'true',
      CloudTrailEvent: JSON.stringify(r),
    }));
    return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ Events: events, ...(next ? { NextToken: next } : {}) }) };
  };
  return { stub, requests };
}
