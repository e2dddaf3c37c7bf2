/** The guarded request handler on its own: the wire-level allow-list and the proxy choice. */
import { afterEach, describe, expect, it } from 'vitest';
import { GuardedHandler, proxyFor } from '../../src/sources/aws/network.js';
import { ReadOnlyViolation } from '../../src/sources/aws/read-only.js';

const request = (over: Record<string, unknown>) =>
  ({ protocol: 'http:', hostname: '127.0.0.1', port: 9, method: 'POST', path: '/', headers: {}, query: {}, ...over }) as never;

describe('GuardedHandler: nothing but the allow-listed calls leaves, whoever built the client', () => {
  it.each([
    ['a query-protocol write (IAM CreateUser)', { body: 'Action=CreateUser&UserName=x' }],
    ['a JSON-protocol write (Organizations CreateAccount)', { headers: { 'X-Amz-Target': 'AWSOrganizationsV20161128.CreateAccount' }, body: '{}' }],
    ['an SSO OIDC client registration', { path: '/client/register', body: '{}' }],
    ['a request naming no operation', { body: '' }],
  ])('refuses %s before connecting (port 9 would refuse the connection)', async (_what, over) => {
    await expect(new GuardedHandler('test').handle(request(over))).rejects.toBeInstanceOf(ReadOnlyViolation);
  });

  it('lets a credential exchange through (it then fails to connect, which proves it was sent)', async () => {
    await expect(new GuardedHandler('credentials').handle(request({ body: 'Action=AssumeRole&RoleArn=x' }))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('proxyFor: HTTPS_PROXY / HTTP_PROXY / NO_PROXY as the aws CLI reads them', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const set = (env: Record<string, string>): void => {
    for (const key of Object.keys(process.env)) if (/_proxy$/i.test(key)) delete process.env[key];
    Object.assign(process.env, env);
  };

  it.each<[Record<string, string>, boolean, string, string, string]>([
    [{ HTTPS_PROXY: 'http://p:1' }, true, 'iam.amazonaws.com', '', 'http://p:1'],
    [{ HTTPS_PROXY: 'http://p:1' }, false, 'iam.amazonaws.com', '', ''],
    [{ HTTP_PROXY: 'http://p:2' }, false, '127.0.0.1', '5000', 'http://p:2'],
    [{ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' }, true, 'sts.amazonaws.com', '', 'http://lower:1'],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'amazonaws.com' }, true, 'iam.amazonaws.com', '', ''],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: '.amazonaws.com' }, true, 'sts.us-east-1.amazonaws.com', '', ''],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*.amazonaws.com' }, true, 'iam.amazonaws.com', '', ''],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'zonaws.com' }, true, 'iam.amazonaws.com', '', 'http://p:1'],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, true, 'iam.amazonaws.com', '', ''],
    [{ HTTP_PROXY: 'http://p:2', no_proxy: '127.0.0.1:5000' }, false, '127.0.0.1', '5000', ''],
    [{ HTTP_PROXY: 'http://p:2', no_proxy: '127.0.0.1:6000' }, false, '127.0.0.1', '5000', 'http://p:2'],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com, 169.254.169.254' }, true, '169.254.169.254', '', ''],
  ])('%j, https=%s, %s:%s → %j', (env, https, host, port, expected) => {
    set(env);
    expect(proxyFor(https, host, port)).toBe(expected);
  });
});

describe("README: every call it can send is listed under 'What it calls in AWS'", () => {
  it('names each allow-listed read and credential exchange', async () => {
    const { readFileSync } = await import('node:fs');
    const { READ_OPERATIONS, CREDENTIAL_OPERATIONS } = await import('../../src/sources/aws/read-only.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## What it calls in AWS'), readme.indexOf('\n## ', readme.indexOf('## What it calls in AWS') + 5));
    for (const [service, operations] of [...Object.entries(READ_OPERATIONS), ...Object.entries(CREDENTIAL_OPERATIONS)]) {
      for (const operation of operations as readonly string[]) expect(section).toContain(`\`${service}:${operation}\``);
    }
  });
});
