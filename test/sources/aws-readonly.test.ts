/** Read-only by construction: the middleware on every client refuses writes before anything is sent. */
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateUserCommand, AttachUserPolicyCommand, GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateUserCommand as CreateStoreUserCommand } from '@aws-sdk/client-identitystore';
import { CreatePermissionSetCommand, ProvisionPermissionSetCommand } from '@aws-sdk/client-sso-admin';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { cloudTrailClient } from '../../src/sources/aws/cloudtrail.js';
import { createClients, destroyClients, type AwsClients } from '../../src/sources/aws/clients.js';
import { identityCenterClients } from '../../src/sources/aws/identity-center.js';
import { GuardedHandler } from '../../src/sources/aws/network.js';
import { ORG_SWEEP_OPERATIONS, READ_OPERATIONS, ReadOnlyViolation, wireOperation } from '../../src/sources/aws/read-only.js';
import { ROOT } from '../helpers/run.js';
import { serveStubAws } from '../live/aws.js';

/** A stub AWS endpoint that records every request it receives. */
let server: Server;
let received: string[] = [];
let clients: AwsClients;
let stopStub: () => Promise<void>;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(String(req.headers['x-amz-target'] ?? new URLSearchParams(body).get('Action')));
      if (req.headers['x-amz-target']) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ Organization: { Id: 'o-stub', MasterAccountId: '111122223333' } }));
      } else {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/stub</Arn><UserId>AIDASTUB</UserId><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
        );
      }
    });
  });
  stopStub = await serveStubAws(server);
  clients = createClients(undefined, 'us-east-1');
});
afterAll(async () => {
  destroyClients(clients);
  await stopStub();
});
beforeEach(() => {
  received = [];
});

describe('read-only middleware', () => {
  it('refuses iam:CreateUser before anything is sent', async () => {
    await expect(clients.iam.send(new CreateUserCommand({ UserName: 'mallory' }))).rejects.toThrow(ReadOnlyViolation);
    await expect(clients.iam.send(new AttachUserPolicyCommand({ UserName: 'm', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }))).rejects.toThrow(
      /refused to send iam:AttachUserPolicy/,
    );
    expect(received).toEqual([]);
  });

  it('refuses writes on the Organizations (JSON) and STS clients too', async () => {
    await expect(clients.organizations.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' }))).rejects.toThrow(
      /refused to send organizations:CreateAccount/,
    );
    await expect(clients.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/x', RoleSessionName: 's' }))).rejects.toThrow(
      /refused to send sts:AssumeRole/,
    );
    expect(received).toEqual([]);
  });

  it('refuses Identity Center writes (permission sets, provisioning, assignments, the identity store)', async () => {
    const { sso, store } = identityCenterClients({ region: 'us-east-1' });
    const instance = 'arn:aws:sso:::instance/ssoins-1';
    await expect(sso.send(new CreatePermissionSetCommand({ InstanceArn: instance, Name: 'x' }))).rejects.toThrow(/refused to send sso-admin:CreatePermissionSet/);
    await expect(sso.send(new ProvisionPermissionSetCommand({ InstanceArn: instance, PermissionSetArn: `${instance}/ps-1`, TargetType: 'ALL_PROVISIONED_ACCOUNTS' }))).rejects.toThrow(ReadOnlyViolation);
    await expect(store.send(new CreateStoreUserCommand({ IdentityStoreId: 'd-1', UserName: 'mallory' }))).rejects.toThrow(/refused to send identitystore:CreateUser/);
    sso.destroy();
    store.destroy();
    expect(received).toEqual([]);
  });

  it('lets the allow-listed reads through (the stub sees them)', async () => {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111122223333');
    const org = await clients.organizations.send(new DescribeOrganizationCommand({}));
    expect(org.Organization?.Id).toBe('o-stub');
    expect(received).toEqual(['GetCallerIdentity', 'AWSOrganizationsV20161128.DescribeOrganization']);
  });

  it('refuses cloudtrail:StopLogging on the CloudTrail client (doctor --recent-denials) before anything is sent', async () => {
    const cloudtrail = cloudTrailClient(undefined);
    await expect(cloudtrail.send(new StopLoggingCommand({ Name: 'management-events' }))).rejects.toThrow(/refused to send cloudtrail:StopLogging/);
    cloudtrail.destroy();
    expect(received).toEqual([]);
  });

  it('an allowed operation of one service is not allowed on another client', async () => {
    // GetAccountAuthorizationDetails is an IAM read; the allow-list is per service.
    const misrouted = new GetAccountAuthorizationDetailsCommand({});
    await expect(clients.sts.send(misrouted as never)).rejects.toThrow(/refused to send sts:GetAccountAuthorizationDetails/);
    expect(received).toEqual([]);
  });
});

describe('every SDK client has the guarded request handler (timeouts, deadline, proxy, allow-list on the wire)', () => {
  it('the IAM, STS, Organizations, Identity Center and CloudTrail clients', async () => {
    const { sso, store } = identityCenterClients({ region: 'us-east-1' });
    const cloudtrail = cloudTrailClient(undefined);
    const all = { iam: clients.iam, sts: clients.sts, organizations: clients.organizations, 'sso-admin': sso, identitystore: store, cloudtrail };
    try {
      for (const [service, client] of Object.entries(all)) {
        const handler = client.config.requestHandler as unknown;
        expect(handler, service).toBeInstanceOf(GuardedHandler);
        expect((handler as GuardedHandler).service).toBe(service);
      }
    } finally {
      for (const client of [sso, store, cloudtrail]) client.destroy();
    }
  });

  it('src/ builds clients only from guardedConfig', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const built = files(join(ROOT, 'src')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/new [A-Z]\w*Client\(([^)]*)/g)].map((m) => `${f.slice(ROOT.length)}: ${m[0]}`));
    expect(built.length).toBeGreaterThanOrEqual(6);
    expect(built.filter((b) => !/Client\(guardedConfig\(/.test(b))).toEqual([]);
  });
});

describe('the org sweep adds sts:AssumeRole, on its management clients only', () => {
  it('adds exactly one operation', () => {
    expect(ORG_SWEEP_OPERATIONS).toEqual({ sts: ['AssumeRole'] });
  });

  it('its STS client sends AssumeRole; its other clients still refuse writes; other clients refuse AssumeRole', async () => {
    const sweep = createClients(undefined, 'us-east-1', { orgSweep: true });
    try {
      const assume = sweep.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/x', RoleSessionName: 'sweep' }));
      // The stub answers with another operation's XML, so the SDK may reject the answer: what matters is that it was sent.
      await assume.catch((error: unknown) => expect(error).not.toBeInstanceOf(ReadOnlyViolation));
      expect(received).toEqual(['AssumeRole']);
      await expect(sweep.iam.send(new CreateUserCommand({ UserName: 'mallory' }))).rejects.toThrow(ReadOnlyViolation);
      await expect(sweep.organizations.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' }))).rejects.toThrow(ReadOnlyViolation);
      await expect(clients.sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/x', RoleSessionName: 's' }))).rejects.toThrow(ReadOnlyViolation);
      expect(received).toEqual(['AssumeRole']);
    } finally {
      destroyClients(sweep);
    }
  });

  it('only the org sweep asks for those clients', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const users = files(join(ROOT, 'src')).filter((f) => /orgSweep: true|AssumeRoleCommand/.test(readFileSync(f, 'utf8')));
    expect(users.map((f) => f.slice(ROOT.length))).toEqual(['src/sources/aws/org-sweep.ts']);
  });
});

describe('wireOperation', () => {
  it('reads the query-protocol Action and the JSON X-Amz-Target', () => {
    expect(wireOperation({ body: 'Action=GetPolicy&Version=2010-05-08' })).toBe('GetPolicy');
    expect(wireOperation({ headers: { 'X-Amz-Target': 'AWSOrganizationsV20161128.ListParents' }, body: '{}' })).toBe('ListParents');
    expect(wireOperation({ body: new Uint8Array() })).toBeUndefined();
  });
});

describe('the allow-list and the source', () => {
  const WRITE = /^(Create|Put|Attach|Detach|Delete|Update|Tag|Untag|Enable|Disable|Set|Upload|Add|Remove|Assume|Invite|Move|Accept|Leave|Register)/;

  it('holds only reads', () => {
    for (const operations of Object.values(READ_OPERATIONS)) for (const op of operations) expect(op).not.toMatch(WRITE);
  });

  it('src/ never names a write command', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const offenders = files(join(ROOT, 'src')).filter((f) =>
      /\b(Create|Put|Attach|Detach|Delete|Update|Tag|Untag|Enable|Disable|Set|Upload|Add|Remove)[A-Z][A-Za-z]*Command\b/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
