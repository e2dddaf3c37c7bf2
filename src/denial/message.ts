/**
 * Reads AWS access-denied messages out of pasted text: the console's, the API's
 * ("User: ARN is not authorized to perform: ACTION …"), the aws CLI's wrapper and SDK error codes.
 * Pure: text in, denials out. Where each form is documented is cited in test/fixtures/denials/.
 */
import { ACTION_PATTERN, actionForOperation } from './actions.js';
import { NO_REASON, type DenialForm, type ParsedDenial, type StatedPolicyType, type StatedReason } from './types.js';

/** Typographic characters that a copy from a web page, a PDF or a chat brings in, made plain. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/`/g, ' ')
    .replace(/[\u00A0\u2002-\u200A\u202F\u3000\t]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2010-\u2013\u2212]/g, '-');
}

/** The error codes AWS SDKs and the CLI report for a denied request. */
const DENIAL_CODE = /^(?:Client\.)?(?:AccessDenied|AccessDeniedException|UnauthorizedOperation)$/;

export function isDenialCode(code: string): boolean {
  return DENIAL_CODE.test(code);
}

type Anchor =
  | { kind: 'wrapper'; start: number; end: number; code: string; operation: string }
  | { kind: 'code'; start: number; end: number; code: string }
  | { kind: 'api'; start: number; end: number; principal: string }
  | { kind: 'console'; start: number; end: number; action?: string; taskHint?: string };

const WRAPPER = /An error occurred \(([A-Za-z][\w.]*)\) when calling the ([A-Za-z0-9]+) operation(?: \(reached max retries: \d+\))?:?/g;
const CODE = /\b((?:Client\.)?(?:AccessDenied(?:Exception)?|UnauthorizedOperation))\s*:(?!:)/g;
/** A JSON error body (`"__type": "…#AccessDeniedException"`, `"Code": "AccessDenied"`) or an XML one (`<Code>AccessDenied</Code>`). */
const BODY_CODE = /"(?:__type|[Cc]ode|errorCode)"\s*:\s*"(?:[^"#]*#)?((?:Client\.)?(?:AccessDenied(?:Exception)?|UnauthorizedOperation))"|<Code>\s*((?:Client\.)?(?:AccessDenied|UnauthorizedOperation))\s*<\/Code>/g;
/** The principal runs up to "is not authorized"; an ARN broken over lines comes back whole once the whitespace goes. */
const API = /(?:\bUser:\s*)?\b(arn:\S*(?:\s+\S+){0,3}?|(?<=User:\s*)anonymous)\s+is\s+not\s+authori[sz]ed\s+to\s+perform\b:?/g;

const SVC_ACTION = String.raw`[A-Za-z0-9][A-Za-z0-9-]*:\s*[A-Za-z0-9*?]+`;
const DONT = String.raw`(?:don't|do not)`;

/** Console texts; `action` is the capture group that holds the action, if the text names one. */
const CONSOLE: { pattern: RegExp; action?: number; taskHint?: string }[] = [
  { pattern: new RegExp(String.raw`You ${DONT} have permissions? to perform the following operation on the AWS [A-Za-z ]+? console:?\s*(${SVC_ACTION})`, 'gi'), action: 1 },
  { pattern: new RegExp(String.raw`You ${DONT} have permissions? to perform:?\s+(${SVC_ACTION})`, 'gi'), action: 1 },
  { pattern: new RegExp(String.raw`You ${DONT} have (?:the )?(${SVC_ACTION}) permission`, 'gi'), action: 1 },
  { pattern: new RegExp(String.raw`You ${DONT} have permissions? to access billing information for this account`, 'gi') },
  { pattern: /You Need Permissions/gi },
  { pattern: /Cost allocation tags are managed at the payer account level/gi, taskHint: 'cost-allocation-tags' },
  { pattern: /IAM user access (?:is )?not activated/gi },
];
/** Last resort: a bare "Access Denied" names nothing, but it is a denial. */
const BARE = /\bAccess\s*Denied\b/i;

function findAnchors(text: string): Anchor[] {
  const anchors: Anchor[] = [];
  for (const m of text.matchAll(WRAPPER)) {
    anchors.push({ kind: 'wrapper', start: m.index, end: m.index + m[0].length, code: m[1] as string, operation: m[2] as string });
  }
  for (const m of text.matchAll(CODE)) anchors.push({ kind: 'code', start: m.index, end: m.index + m[0].length, code: m[1] as string });
  for (const m of text.matchAll(BODY_CODE)) anchors.push({ kind: 'code', start: m.index, end: m.index + m[0].length, code: (m[1] ?? m[2]) as string });
  for (const m of text.matchAll(API)) {
    anchors.push({ kind: 'api', start: m.index, end: m.index + m[0].length, principal: (m[1] as string).replace(/\s+/g, '') });
  }
  for (const { pattern, action, taskHint } of CONSOLE) {
    for (const m of text.matchAll(pattern)) {
      const named = action !== undefined ? m[action]?.replace(/\s+/g, '') : undefined;
      anchors.push({ kind: 'console', start: m.index, end: m.index + m[0].length, ...(named ? { action: named } : {}), ...(taskHint ? { taskHint } : {}) });
    }
  }
  anchors.sort((a, b) => a.start - b.start || b.end - a.end);
  // An anchor inside another (a console phrase quoted inside a longer one) adds nothing.
  return anchors.filter((a, i) => !anchors.some((b, j) => j !== i && b.start <= a.start && b.end >= a.end && (b.start < a.start || b.end > a.end || j < i)));
}

/** Text between a CLI/SDK wrapper and the API text it carries: punctuation, JSON keys, EC2's preamble. */
function onlyFiller(gap: string): boolean {
  return gap.replace(/You are not authori[sz]ed to perform this operation\.?/gi, '').replace(/[\s"'{}<>:,/\\.]|\b[Mm]essage\b/g, '').length === 0;
}

const POLICY_TYPES: [RegExp, StatedPolicyType][] = [
  [/^identity[- ]?based$|^identity$/, 'identity'],
  [/^service control$/, 'scp'],
  [/^resource control$/, 'rcp'],
  [/^permissions? boundar(?:y|ies)$/, 'boundary'],
  [/^sessions?$/, 'session'],
  // A role trust policy is a resource-based policy (IAM User Guide, "Identity-based policies and resource-based policies").
  [/^resource[- ]?based$|^(?:role )?trust$/, 'resource'],
];

function policyTypeOf(words: string): { type: StatedPolicyType | null; text: string } {
  let text = words.toLowerCase().replace(/\s+/g, ' ').trim();
  // "… in a VPC endpoint policy transitively through a service control policy": the SCP decided.
  const through = /transitively through (?:a|an|the) (.+)$/.exec(text);
  if (through?.[1]) text = through[1];
  text = text.replace(/ polic(?:y|ies)$/, '');
  const hit = POLICY_TYPES.find(([re]) => re.test(text));
  return { type: hit ? hit[1] : null, text };
}

/** An ARN at the start of `text`, with a line break inside it healed: the line ended mid-ARN. */
function leadingArn(text: string): string | undefined {
  const m = /^\s*(arn:\S+)((?:\n[ ]*[A-Za-z0-9/:._*+=,@-]+)*)/.exec(text);
  if (!m?.[1]) return undefined;
  let arn = m[1];
  for (const piece of (m[2] ?? '').split('\n').slice(1)) {
    const next = piece.trim();
    if (/[/:_-]$/.test(arn) || /^[/:]/.test(next) || !/^[A-Z]/.test(next)) arn += next;
    else break;
  }
  return arn.replace(/[.,;]+$/, '');
}

function parseReason(reason: string): { stated: StatedReason; typeText?: string } {
  const implicit = /^because\s+no\s+([\s\S]+?)\s+allows?\s+the\s+\S+\s+action/i.exec(reason);
  if (implicit?.[1]) {
    const { type, text } = policyTypeOf(implicit[1]);
    return { stated: { effect: 'implicit-deny', policyType: type, policyArn: null }, ...(type ? {} : { typeText: text }) };
  }
  // The IAM guide's trust-policy example reads "because the role trust policy allows"; it is an implicit deny.
  const the = /^because\s+the\s+([\s\S]+?)\s+allows?\b/i.exec(reason);
  if (the?.[1]) {
    const { type, text } = policyTypeOf(the[1]);
    return { stated: { effect: 'implicit-deny', policyType: type, policyArn: null }, ...(type ? {} : { typeText: text }) };
  }
  const explicit = /^(?:with|due to)\s+an\s+explicit\s+deny(?:\s+in\s+(?:a|an|the)\s+([^:.\n]+(?:\n(?!\n)[^:.\n]+)*))?(\s*:\s*arn:[\s\S]*)?/i.exec(reason);
  if (explicit) {
    const { type, text } = explicit[1] ? policyTypeOf(explicit[1]) : { type: null, text: '' };
    const arn = explicit[2] ? leadingArn(explicit[2].replace(/^\s*:/, '')) : undefined;
    return { stated: { effect: 'explicit-deny', policyType: type, policyArn: arn ?? null }, ...(type || !text ? {} : { typeText: text }) };
  }
  return { stated: NO_REASON };
}

/** What follows "is not authorized to perform:": the action, "on resource: R", and the reason. */
function parseApiBody(body: string): { action?: string; resource?: string; stated: StatedReason; typeText?: string } {
  const rest = body.split(/\s(?:status code:|request id:|Encoded authori[sz]ation failure message:|Go to https?:\/\/)/i)[0] ?? '';
  const at = rest.search(/\b(?:because\s+(?:no|the)\b|(?:with|due to)\s+an\s+explicit\s+deny\b)/i);
  const head = at >= 0 ? rest.slice(0, at) : rest;
  const [actionPart = '', resourcePart] = head.split(/\bon\s+resource\s*:/i);
  const action = new RegExp(`^\\s*(${SVC_ACTION})`).exec(actionPart)?.[1]?.replace(/\s+/g, '').replace(/\.$/, '');
  let resource: string | undefined;
  if (resourcePart !== undefined) {
    // S3's enhanced messages quote the resource (Amazon S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors").
    const arn = leadingArn(resourcePart.replace(/^\s*"([^"]*)"/, ' $1'));
    // With a reason after it the resource is everything up to the reason; without one, its first word.
    resource = arn ?? (at >= 0 ? resourcePart.trim().replace(/\s+/g, ' ') : resourcePart.trim().split(/\s+/)[0])?.replace(/[.,;]+$/, '');
  }
  const { stated, typeText } = at >= 0 ? parseReason(rest.slice(at)) : { stated: NO_REASON, typeText: undefined };
  return {
    ...(action && ACTION_PATTERN.test(action) ? { action } : {}),
    ...(resource ? { resource } : {}),
    stated,
    ...(typeText ? { typeText } : {}),
  };
}

const short = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
};

function denialKey(d: ParsedDenial): string {
  return JSON.stringify([d.form === 'console' ? 'console' : 'api', d.principalArn, d.actions, d.resource, d.stated, d.taskHint]);
}

/**
 * Every access-denied message in the text, in order (several pasted at once are all read;
 * identical ones once). Empty when the text holds none.
 */
export function parseDenialText(input: string): ParsedDenial[] {
  const text = normalizeText(input);
  const anchors = findAnchors(text);
  const out: ParsedDenial[] = [];
  const used = new Set<number>();
  anchors.forEach((anchor, i) => {
    if (used.has(i)) return;
    const next = anchors[i + 1];
    const stop = (j: number): number => anchors[j]?.start ?? text.length;
    if (anchor.kind === 'wrapper' || anchor.kind === 'code') {
      if (!isDenialCode(anchor.code)) return;
      const form: DenialForm = anchor.kind === 'wrapper' ? 'cli' : 'sdk';
      const operation = anchor.kind === 'wrapper' ? anchor.operation : undefined;
      if (next?.kind === 'api' && onlyFiller(text.slice(anchor.end, next.start))) {
        used.add(i + 1);
        out.push(apiDenial(text, next, stop(i + 2), form, anchor.code, operation, text.slice(anchor.start, stop(i + 2))));
        return;
      }
      const action = operation !== undefined ? actionForOperation(operation) : undefined;
      const notes =
        operation !== undefined && action === undefined ? [`the aws CLI names the ${operation} operation, which the tool cannot map to one IAM action`] : [];
      out.push({
        form,
        actions: action ? [action] : [],
        stated: NO_REASON,
        errorCode: anchor.code,
        ...(operation !== undefined ? { operation } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        origin: short(text.slice(anchor.start, stop(i + 1))),
      });
      return;
    }
    if (anchor.kind === 'api') {
      out.push(apiDenial(text, anchor, stop(i + 1), 'api', undefined, undefined, text.slice(anchor.start, stop(i + 1))));
      return;
    }
    out.push({
      form: 'console',
      actions: anchor.action && ACTION_PATTERN.test(anchor.action) ? [anchor.action] : [],
      stated: NO_REASON,
      ...(anchor.taskHint ? { taskHint: anchor.taskHint } : {}),
      origin: short(text.slice(anchor.start, Math.min(stop(i + 1), anchor.end + 60))),
    });
  });
  if (out.length === 0 && BARE.test(text)) out.push({ form: 'console', actions: [], stated: NO_REASON, origin: short(BARE.exec(text)?.[0] ?? '') });
  const seen = new Set<string>();
  return out.filter((d) => {
    const k = denialKey(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function apiDenial(
  text: string,
  anchor: Extract<Anchor, { kind: 'api' }>,
  stop: number,
  form: DenialForm,
  errorCode: string | undefined,
  operation: string | undefined,
  whole: string,
): ParsedDenial {
  const body = parseApiBody(text.slice(anchor.end, stop));
  const fromOperation = body.action === undefined && operation !== undefined ? actionForOperation(operation) : undefined;
  const action = body.action ?? fromOperation;
  return {
    form,
    ...(anchor.principal.startsWith('arn:') ? { principalArn: anchor.principal.replace(/[.,;]+$/, '') } : {}),
    actions: action ? [action] : [],
    ...(body.resource ? { resource: body.resource } : {}),
    stated: body.stated,
    ...(body.typeText ? { statedTypeText: body.typeText } : {}),
    ...(errorCode ? { errorCode } : {}),
    ...(operation ? { operation } : {}),
    origin: short(whole),
  };
}
