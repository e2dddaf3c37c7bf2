/**
 * A small HTTP proxy in front of moto that answers the first N requests of chosen operations with
 * a fault, as AWS would (or, with a stub, a canned answer): throttling (IAM/STS query API: 400 `Throttling`; Organizations JSON API:
 * 400 `ThrottlingException`), 5xx, AccessDenied, an expired session token, or a JSON API's
 * `ResourceNotFoundException` (`not-found`: what AWS answers for "there is none"). Or as a broken
 * network would: a connection that is never answered (`hang`), an answer that trickles a byte
 * at a time and never ends (`slow`), a reset connection, an empty HTTP 200, an HTML error page
 * (a proxy or captive portal). Everything else is forwarded unchanged.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** What to inject. */
export type Fault = 'throttle' | 'server-error' | 'access-denied' | 'expired-token' | 'not-found' | 'hang' | 'slow' | 'reset' | 'empty' | 'html';

/** Faults of the network rather than of the service: answered by the proxy itself, in its own way. */
function networkFault(res: ServerResponse, fault: Fault): number | undefined {
  switch (fault) {
    case 'hang':
      return 0; // the connection stays open, unanswered, until stop()
    case 'slow': {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const timer = setInterval(() => res.write(' '), 500);
      res.on('close', () => clearInterval(timer));
      return 200;
    }
    case 'reset':
      res.socket?.destroy();
      return 0;
    case 'empty':
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      return 200;
    case 'html':
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>502 Proxy Error</title></head><body><h1>Proxy Error</h1></body></html>');
      return 500;
    default:
      return undefined;
  }
}

export interface FaultRule {
  /** Operation name as sent (`GetAccountAuthorizationDetails`), or a pattern. */
  operation: string | RegExp;
  fault: Fault;
  /** Only requests whose body matches (e.g. one account's RoleArn in AssumeRole). */
  body?: RegExp;
  /** How many matching requests get the fault; `Infinity` = every one. */
  times: number;
}

export interface ProxyLogEntry {
  operation: string;
  /** The fault injected, if any (else the request was forwarded). */
  fault?: Fault;
  status: number;
}

export interface FaultProxy {
  endpoint: string;
  log: ProxyLogEntry[];
  /** Requests seen for an operation, and how many of them got a fault. */
  count(operation: string): { requests: number; faults: number };
  stop(): Promise<void>;
}

function operationOf(req: IncomingMessage, body: string): { operation: string; json: boolean } {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return { operation: target.slice(target.lastIndexOf('.') + 1), json: true };
  return { operation: new URLSearchParams(body).get('Action') ?? 'unknown', json: false };
}

function respondWithFault(res: ServerResponse, fault: Fault, json: boolean, id: number): number {
  const [status, code, message] =
    fault === 'throttle'
      ? [400, json ? 'ThrottlingException' : 'Throttling', 'Rate exceeded']
      : fault === 'server-error'
        ? [json ? 500 : 503, json ? 'ServiceException' : 'ServiceUnavailable', 'injected server error']
        : fault === 'expired-token'
          ? [json ? 400 : 403, json ? 'ExpiredTokenException' : 'ExpiredToken', 'The security token included in the request is expired']
          : fault === 'not-found'
            ? [400, json ? 'ResourceNotFoundException' : 'NoSuchEntity', 'not found']
            : [json ? 400 : 403, json ? 'AccessDeniedException' : 'AccessDenied', "You don't have permissions to access this resource."];
  if (json) {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code, 'x-amzn-requestid': `fault-${id}` });
    res.end(JSON.stringify({ __type: code, Message: message }));
  } else {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': `fault-${id}` });
    res.end(
      `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-${id}</RequestId></ErrorResponse>`,
    );
  }
  return status;
}

/** A canned answer for an operation moto cannot serve (e.g. SimulatePrincipalPolicy, HTTP 500 in moto 5.2.1). */
export type Stub = (operation: string, body: string) => { status: number; contentType: string; body: string } | undefined;

export function startFaultProxy(upstream: string, rules: FaultRule[], stub?: Stub): Promise<FaultProxy> {
  const remaining = rules.map((r) => r.times);
  const log: ProxyLogEntry[] = [];
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { operation, json } = operationOf(req, body.toString());
      const text = body.toString();
      const index = rules.findIndex(
        (r, i) =>
          (remaining[i] ?? 0) > 0 &&
          (typeof r.operation === 'string' ? r.operation === operation : r.operation.test(operation)) &&
          (r.body === undefined || r.body.test(decodeURIComponent(text.replace(/\+/g, ' ')))),
      );
      const rule = rules[index];
      if (rule !== undefined) {
        remaining[index] = (remaining[index] ?? 0) - 1;
        log.push({ operation, fault: rule.fault, status: networkFault(res, rule.fault) ?? respondWithFault(res, rule.fault, json, log.length) });
        return;
      }
      const canned = stub?.(operation, body.toString());
      if (canned !== undefined) {
        log.push({ operation, status: canned.status });
        res.writeHead(canned.status, { 'content-type': canned.contentType });
        res.end(canned.body);
        return;
      }
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (upstreamRes) => {
          log.push({ operation, status: upstreamRes.statusCode ?? 0 });
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        log,
        count: (operation) => {
          const entries = log.filter((e) => e.operation === operation);
          return { requests: entries.length, faults: entries.filter((e) => e.fault !== undefined).length };
        },
        stop: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
