/**
 * Every HTTP request billing-access sends to AWS, credential exchanges included, goes through one
 * request handler (design section 6, "never hangs"):
 * - a connection timeout, a per-request timeout that covers the whole answer (a trickling body
 *   too) and an overall deadline for the run, each failing with one line naming the endpoint;
 *   none of them is retried, so a silent endpoint costs one timeout, not one per attempt;
 * - proxies as the aws CLI takes them: HTTPS_PROXY / HTTP_PROXY (lower case wins, Basic
 *   credentials in the URL) and NO_PROXY, resolved per request
 *   (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-proxy.html);
 * - an answer that is empty or not from an AWS API (an HTML page from a proxy or captive portal)
 *   is a read error, never data;
 * - the same allow-list as the read-only middleware, checked on the wire, so a client built by a
 *   credential provider (AssumeRole for a profile's role_arn, SSO) cannot send anything else.
 */
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ALLOWED_ON_THE_WIRE, ReadOnlyViolation, wireOperation } from './read-only.js';

/** Limits for live runs, in milliseconds (flags in seconds: --connect-timeout, --request-timeout, --deadline). */
export interface NetworkSettings {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  deadlineMs: number;
}

export const DEFAULT_NETWORK: NetworkSettings = { connectTimeoutMs: 10_000, requestTimeoutMs: 30_000, deadlineMs: 300_000 };

/** Why a request was given up: which limit, or what came back instead of an AWS answer. */
export type NetworkFaultKind = 'connect-timeout' | 'request-timeout' | 'deadline' | 'not-aws';

/** A request that failed in a way no retry would mend. Its name is not one the SDK retries. */
export class NetworkFault extends Error {
  constructor(
    readonly kind: NetworkFaultKind,
    readonly endpoint: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'BillingAccessNetworkFault';
  }
}

let settings: NetworkSettings = DEFAULT_NETWORK;
let deadline: { controller: AbortController; timer: NodeJS.Timeout } | undefined;
/** The endpoint each service was last sent to, for error messages and --debug. */
const lastEndpoint = new Map<string, string>();

/**
 * Sets the limits for this run; the overall deadline starts now. Called again with the same limits
 * (doctor reads CloudTrail, then the account) it keeps the deadline running: one run, one deadline.
 */
export function configureNetwork(next: Partial<NetworkSettings> = {}): void {
  const wanted = { ...DEFAULT_NETWORK, ...next };
  if (deadline && (Object.keys(wanted) as (keyof NetworkSettings)[]).every((k) => wanted[k] === settings[k])) return;
  settings = wanted;
  if (deadline) clearTimeout(deadline.timer);
  const controller = new AbortController();
  // unref: the deadline never keeps a finished run alive.
  deadline = { controller, timer: setTimeout(() => controller.abort(), settings.deadlineMs).unref() };
}

export function endpointOf(service: string): string | undefined {
  return lastEndpoint.get(service);
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

function endpointLabel(request: HttpRequest): string {
  return `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
}

/** Operation name for a request of any AWS protocol we may send, including the SSO REST calls. */
function operationOf(request: HttpRequest): string | undefined {
  const fromWire = wireOperation({ headers: request.headers, body: request.body });
  if (fromWire !== undefined) return fromWire;
  if (request.method === 'GET' && request.path === '/federation/credentials') return 'GetRoleCredentials';
  if (request.method === 'POST' && request.path === '/token') return 'CreateToken';
  return undefined;
}

async function readBody(body: unknown, signal: AbortSignal): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  const stream = body as AsyncIterable<Uint8Array>;
  for await (const chunk of stream) {
    if (signal.aborted) throw signal.reason;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Why an answer cannot be from an AWS API (XML for the query protocol, JSON otherwise): empty, HTML, or neither. */
function notAws(status: number, body: Buffer): string | undefined {
  // The body, not the Content-Type, decides: moto labels its JSON answers text/html.
  const text = body.toString('utf8', 0, Math.min(body.length, 512)).replace(/^\ufeff/, '').trimStart();
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!doctype html|<html|<head|<body)/i.test(text)) return `HTTP ${status} with an HTML page, not an AWS answer (a proxy or captive portal in between?)`;
  if (status >= 200 && status < 300 && text === '') return `HTTP ${status} with an empty body, not an AWS answer`;
  if (text !== '' && !text.startsWith('<') && !text.startsWith('{')) return `HTTP ${status} with a body that is neither XML nor JSON, not an AWS answer`;
  return undefined;
}

/** `http_proxy` before `HTTP_PROXY`: the aws CLI lets the lower-case spelling win. */
function env(name: string): string {
  return process.env[name.toLowerCase()] || process.env[name.toUpperCase()] || '';
}

/**
 * The proxy for a request, '' for none. NO_PROXY is a comma-separated list of host names (a
 * name also covers its subdomains; a leading `.` or `*.` is the same), IP addresses, either with
 * an optional `:port`, or `*` for every host.
 */
export function proxyFor(https: boolean, host: string, port: string): string {
  const proxy = env(https ? 'https_proxy' : 'http_proxy');
  if (proxy === '') return '';
  const hostname = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of env('no_proxy').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return '';
    const [, name = '', entryPort] = /^(?:\*\.|\.)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry) ?? [];
    const bare = name.replace(/^\[|\]$/g, '');
    if (entryPort !== undefined && entryPort !== (port || (https ? '443' : '80'))) continue;
    if (hostname === bare || hostname.endsWith(`.${bare}`)) return '';
  }
  return proxy;
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured proxy';
  }
}

/** The request handler for one service's clients (and the credential clients they build). */
export class GuardedHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  private readonly inner = new Map<string, NodeHttpHandler>();

  constructor(readonly service: string) {}

  private handlerFor(request: HttpRequest, proxy: string): NodeHttpHandler {
    const https = request.protocol === 'https:';
    let handler = this.inner.get(proxy);
    if (handler === undefined) {
      const agent = proxy === '' ? undefined : https ? { httpsAgent: new HttpsProxyAgent(proxy) } : { httpAgent: new HttpProxyAgent(proxy) };
      handler = new NodeHttpHandler({ connectionTimeout: settings.connectTimeoutMs, ...agent });
      this.inner.set(proxy, handler);
    }
    return handler;
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const operation = operationOf(request);
    if (operation === undefined || !ALLOWED_ON_THE_WIRE.has(operation)) throw new ReadOnlyViolation(`${this.service}:${operation ?? 'unknown operation'}`);
    const proxy = proxyFor(request.protocol === 'https:', request.hostname, request.port === undefined ? '' : String(request.port));
    // Named in messages with the proxy it went through, never with the proxy's password.
    const endpoint = proxy === '' ? endpointLabel(request) : `${endpointLabel(request)} via proxy ${withoutCredentials(proxy)}`;
    lastEndpoint.set(this.service, endpoint);
    if (deadline === undefined) configureNetwork();
    const overall = (deadline as NonNullable<typeof deadline>).controller.signal;
    if (overall.aborted) throw this.deadlineFault(endpoint);

    const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
    const signals = [timeout, overall, ...(options.abortSignal ? [options.abortSignal as AbortSignal] : [])];
    const signal = AbortSignal.any(signals);
    try {
      const { response } = await this.handlerFor(request, proxy).handle(request as Parameters<NodeHttpHandler["handle"]>[0], { abortSignal: signal });
      // The whole answer is read under the same limits, and checked before the SDK parses it.
      const body = await readBody(response.body, signal);
      const problem = notAws(response.statusCode, body);
      if (problem !== undefined) throw new NetworkFault('not-aws', endpoint, `${endpoint} answered ${problem}`, response.statusCode);
      return { response: { ...response, body: Readable.from([body]) } };
    } catch (error) {
      if (error instanceof NetworkFault) throw error;
      if (overall.aborted) throw this.deadlineFault(endpoint);
      if (timeout.aborted) {
        throw new NetworkFault('request-timeout', endpoint, `no answer from ${endpoint} within ${seconds(settings.requestTimeoutMs)} (--request-timeout)`);
      }
      // The SDK names a reset connection TimeoutError too; only this message is the connection timeout.
      if ((error as Error).name === 'TimeoutError' && /establish(?:ing)? a connection/i.test((error as Error).message)) {
        throw new NetworkFault('connect-timeout', endpoint, `could not connect to ${endpoint} within ${seconds(settings.connectTimeoutMs)} (--connect-timeout)`);
      }
      throw error;
    }
  }

  private deadlineFault(endpoint: string): NetworkFault {
    return new NetworkFault('deadline', endpoint, `the overall deadline of ${seconds(settings.deadlineMs)} (--deadline) passed while waiting for ${endpoint}`);
  }

  updateHttpClientConfig(): void {
    // Limits come from configureNetwork, never from the SDK.
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    for (const handler of this.inner.values()) handler.destroy();
    this.inner.clear();
  }
}
