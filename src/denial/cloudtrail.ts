/**
 * Reads denied requests out of CloudTrail: one record, a log file (`{"Records": […]}`), or
 * `aws cloudtrail lookup-events` output (`CloudTrailEvent` strings). Pure: parsed JSON in,
 * denials and skipped events out. Field meanings: CloudTrail User Guide, "CloudTrail record
 * contents" and "CloudTrail userIdentity element"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 */
import { TASKS } from '../model/catalogue.js';
import { ACTION_PATTERN, actionForOperation } from './actions.js';
import { parseDenialText } from './message.js';
import { eventResource } from './resource.js';
import { NO_REASON, type ParsedDenial, type SkippedEvent } from './types.js';

/** A value that is not CloudTrail at all; the caller turns it into a one-line usage error. */
export class NotCloudTrail extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** errorCode values of a denied request ("AccessDenied*", and EC2's UnauthorizedOperation). */
const DENIED = /^(?:Client\.)?(?:AccessDenied\w*|UnauthorizedOperation)$/;

/**
 * Event sources whose event names are console operations, not IAM actions (AWS Billing User Guide,
 * "Logging Billing and Cost Management API calls with AWS CloudTrail").
 */
const CONSOLE_SOURCES = new Set(['billingconsole.amazonaws.com', 'taxconsole.amazonaws.com', 'customer-verification.amazonaws.com']);

/** The event sources of billing requests: every service a catalogue page calls, and the console sources. */
export function billingEventSources(): string[] {
  const services = new Set(TASKS.flatMap((t) => [...t.actions, ...t.legacyActions]).map((a) => a.slice(0, a.indexOf(':')).toLowerCase()));
  return [...[...services].sort().map((s) => `${s}.amazonaws.com`), ...CONSOLE_SOURCES];
}

/** Whether a record is a denied request (errorCode AccessDenied…, or EC2's UnauthorizedOperation). */
export function isDeniedRecord(record: unknown): boolean {
  return isObject(record) && typeof record.errorCode === 'string' && DENIED.test(record.errorCode);
}

function looksLikeRecord(v: Json): boolean {
  return typeof v.eventSource === 'string' && typeof v.eventName === 'string';
}

/** The records in any of the accepted shapes; anything else is not CloudTrail. */
export function cloudTrailRecords(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap((v) => cloudTrailRecords(v));
  if (!isObject(value)) throw new NotCloudTrail('not a JSON object');
  if (Array.isArray(value.Records)) return value.Records.filter(isObject);
  if (Array.isArray(value.Events)) {
    return value.Events.filter(isObject).map((e, i) => {
      const raw = e.CloudTrailEvent;
      if (typeof raw !== 'string') throw new NotCloudTrail(`Events[${i}] has no CloudTrailEvent string`);
      try {
        const parsed: unknown = JSON.parse(raw);
        if (isObject(parsed)) return parsed;
      } catch {
        // reported below
      }
      throw new NotCloudTrail(`Events[${i}].CloudTrailEvent is not a JSON object`);
    });
  }
  // An EventBridge "AWS API Call via CloudTrail" event carries the record in `detail`.
  if (isObject(value.detail) && looksLikeRecord(value.detail)) return [value.detail];
  if (looksLikeRecord(value)) return [value];
  throw new NotCloudTrail('no eventSource/eventName, Records or Events');
}

/** The IAM principal a record's userIdentity stands for: sessions map to the role that issued them. */
function principalOf(identity: Json | undefined, notes: string[]): { principalArn?: string; sessionArn?: string } {
  const type = str(identity?.type);
  const arn = str(identity?.arn);
  const issuer = isObject(identity?.sessionContext) && isObject(identity.sessionContext.sessionIssuer) ? identity.sessionContext.sessionIssuer : undefined;
  switch (type) {
    case 'IAMUser':
    case 'Root':
      return arn ? { principalArn: arn } : {};
    case 'AssumedRole': {
      const role = str(issuer?.arn);
      if (role) return { principalArn: role, ...(arn ? { sessionArn: arn } : {}) };
      return arn ? { principalArn: arn } : {};
    }
    case 'FederatedUser': {
      const user = str(issuer?.arn);
      notes.push('a federated-user session: its session policy is not in the event, so only the issuing user\'s policies are evaluated');
      return user ? { principalArn: user, ...(arn ? { sessionArn: arn } : {}) } : {};
    }
    case 'IdentityCenterUser':
      notes.push('an IAM Identity Center user acting through an application: no IAM role is named; pass --principal with her Identity Center user name, or the AWSReservedSSO_* role if there is one');
      return {};
    default:
      notes.push(`userIdentity.type ${type ?? '(none)'} names no IAM user or role; pass --principal`);
      return arn ? { sessionArn: arn } : {};
  }
}

/** The IAM action for eventSource + eventName, and a note when the event name is no IAM action. */
function actionOf(source: string, name: string, notes: string[]): string | undefined {
  if (CONSOLE_SOURCES.has(source)) {
    const known = actionForOperation(name);
    notes.push(`${name} from ${source} is a console event, not an IAM action${known ? `; evaluated as ${known}, the action of the same name` : ''}`);
    return known;
  }
  const prefix = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(source)?.[1];
  if (prefix === undefined) {
    notes.push(`eventSource ${source} is not an AWS service endpoint name; no IAM action could be derived`);
    return undefined;
  }
  const action = `${prefix}:${name}`;
  if (!ACTION_PATTERN.test(action)) return undefined;
  if (actionForOperation(name)?.toLowerCase() !== action.toLowerCase()) {
    notes.push(`${action} is taken from the event name; the tool does not list it among the billing actions, so check it is the IAM action`);
  }
  return action;
}

const IPV4_OR_V6 = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:]*)$/i;

/** Request-context facts the record states (design 5.1: they override the tool's defaults). */
function contextOf(record: Json, identity: Json | undefined): Record<string, string> {
  const context: Record<string, string> = {};
  const region = str(record.awsRegion);
  if (region) context['aws:RequestedRegion'] = region;
  // Console calls log "AWS Internal" or a service name here: only an address is a source IP.
  const ip = str(record.sourceIPAddress);
  if (ip && IPV4_OR_V6.test(ip)) context['aws:SourceIp'] = ip;
  const time = str(record.eventTime);
  if (time) context['aws:CurrentTime'] = time;
  const agent = str(record.userAgent);
  if (agent) context['aws:UserAgent'] = agent;
  const attributes = isObject(identity?.sessionContext) && isObject(identity.sessionContext.attributes) ? identity.sessionContext.attributes : undefined;
  const mfa = str(attributes?.mfaAuthenticated)?.toLowerCase();
  if (mfa === 'true' || mfa === 'false') context['aws:MultiFactorAuthPresent'] = mfa;
  return context;
}

function skip(record: Json, reason: string): SkippedEvent {
  const fields = { eventId: str(record.eventID), eventName: str(record.eventName), eventSource: str(record.eventSource), eventTime: str(record.eventTime) };
  return { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), reason };
}

/** Denied requests become denials; every other record is listed as skipped, with why. */
export function parseCloudTrail(value: unknown): { denials: ParsedDenial[]; skipped: SkippedEvent[] } {
  const records = cloudTrailRecords(value);
  if (records.length === 0) throw new NotCloudTrail('it holds no records');
  const denials: ParsedDenial[] = [];
  const skipped: SkippedEvent[] = [];
  for (const record of records) {
    if (!looksLikeRecord(record)) {
      skipped.push(skip(record, 'not a CloudTrail record (no eventSource/eventName)'));
      continue;
    }
    const code = str(record.errorCode);
    if (code === undefined) {
      skipped.push(skip(record, 'the request was not denied (no errorCode)'));
      continue;
    }
    if (!DENIED.test(code)) {
      skipped.push(skip(record, `errorCode ${code} is not an access denial`));
      continue;
    }
    denials.push(denialOf(record, code));
  }
  return { denials, skipped };
}

function denialOf(record: Json, code: string): ParsedDenial {
  const notes: string[] = [];
  const identity = isObject(record.userIdentity) ? record.userIdentity : undefined;
  const who = principalOf(identity, notes);
  // Identity Center names the user a session or an application acts for (userIdentity element, onBehalfOf).
  const onBehalfOf = isObject(identity?.onBehalfOf) ? str(identity.onBehalfOf.userId) : undefined;
  // The errorMessage often carries the full API text, with the policy type AWS stated.
  const message = str(record.errorMessage);
  const fromMessage = message ? parseDenialText(message)[0] : undefined;
  const source = record.eventSource as string;
  const name = record.eventName as string;
  const action = fromMessage?.actions[0] ?? actionOf(source, name, notes);
  // The message's "on resource:" is AWS's own word; else what the record lists or its parameters name.
  const partition = (who.principalArn ?? str(identity?.arn) ?? '').split(':')[1] || 'aws';
  const named = fromMessage?.resource !== undefined ? { resource: fromMessage.resource } : eventResource(record, partition);
  if (named.note) notes.push(named.note);
  return {
    form: 'cloudtrail',
    ...(who.principalArn ? { principalArn: who.principalArn } : fromMessage?.principalArn ? { principalArn: fromMessage.principalArn } : {}),
    ...(who.sessionArn ? { sessionArn: who.sessionArn } : {}),
    ...(onBehalfOf ? { identityCenterUserId: onBehalfOf } : {}),
    actions: action ? [action] : [],
    ...(named.resource ? { resource: named.resource } : {}),
    stated: fromMessage?.stated ?? NO_REASON,
    ...(fromMessage?.statedTypeText ? { statedTypeText: fromMessage.statedTypeText } : {}),
    errorCode: code,
    operation: name,
    context: contextOf(record, identity),
    ...(notes.length > 0 ? { notes } : {}),
    origin: `${str(record.eventID) ?? 'event'} ${source} ${name} ${str(record.eventTime) ?? ''}`.trim(),
  };
}
