/**
 * collectSnapshot in-process against a stub AWS endpoint that paginates every list (moto returns
 * one page): pages are merged, parents are walked to the root, and calls stay within the bound.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, targetUsers } from '../../src/sources/aws/collect.js';
import { serveStubAws } from '../live/aws.js';

const ACCOUNT = '111122223333';
const SCP_IDS = Array.from({ length: 10 }, (_, i) => `p-scp${i}`);
let server: Server;
let stopStub: () => Promise<void>;
let inFlight = 0;
let maxInFlight = 0;

const xml = (op: string, inner: string): string =>
  `<${op}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${op}Result>${inner}</${op}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${op}Response>`;
const user = (name: string): string => `<member><UserName>${name}</UserName><UserId>AIDA${name}</UserId><Arn>arn:aws:iam::${ACCOUNT}:user/${name}</Arn><Path>/</Path></member>`;

function answer(operation: string, params: URLSearchParams, json: Record<string, unknown>): { status: number; body: string; json: boolean } {
  switch (operation) {
    case 'GetCallerIdentity':
      return { status: 200, json: false, body: xml('GetCallerIdentity', `<Arn>arn:aws:iam::${ACCOUNT}:user/alice</Arn><UserId>AIDAalice</UserId><Account>${ACCOUNT}</Account>`) };
    case 'GetAccountAuthorizationDetails':
      return params.get('Marker') === null
        ? { status: 200, json: false, body: xml('GetAccountAuthorizationDetails', `<UserDetailList>${user('alice')}</UserDetailList><GroupDetailList/><RoleDetailList/><Policies/><IsTruncated>true</IsTruncated><Marker>page2</Marker>`) }
        : { status: 200, json: false, body: xml('GetAccountAuthorizationDetails', `<UserDetailList>${user('bob')}</UserDetailList><GroupDetailList/><RoleDetailList/><Policies/><IsTruncated>false</IsTruncated>`) };
    case 'ListMFADevices': {
      const serial = params.get('Marker') === null ? 'one' : 'two';
      const more = serial === 'one' ? '<IsTruncated>true</IsTruncated><Marker>m2</Marker>' : '<IsTruncated>false</IsTruncated>';
      return { status: 200, json: false, body: xml('ListMFADevices', `<MFADevices><member><UserName>alice</UserName><SerialNumber>arn:aws:iam::${ACCOUNT}:mfa/${serial}</SerialNumber><EnableDate>2026-01-01T00:00:00Z</EnableDate></member></MFADevices>${more}`) };
    }
    case 'GetLoginProfile':
      return { status: 404, json: false, body: '<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Login Profile for User alice cannot be found.</Message></Error><RequestId>r</RequestId></ErrorResponse>' };
    case 'DescribeOrganization':
      return { status: 200, json: true, body: JSON.stringify({ Organization: { Id: 'o-stub', MasterAccountId: '999988887777', FeatureSet: 'ALL' } }) };
    case 'DescribeAccount':
      return { status: 200, json: true, body: JSON.stringify({ Account: { Id: ACCOUNT, JoinedMethod: 'INVITED', Name: 'stub' } }) };
    case 'ListParents': {
      // First page of every child is empty with a token, as the API may return.
      if (json.NextToken === undefined) return { status: 200, json: true, body: JSON.stringify({ Parents: [], NextToken: 'more' }) };
      const parent = json.ChildId === ACCOUNT ? { Id: 'ou-ab-child', Type: 'ORGANIZATIONAL_UNIT' } : json.ChildId === 'ou-ab-child' ? { Id: 'ou-ab-parent', Type: 'ORGANIZATIONAL_UNIT' } : { Id: 'r-ab', Type: 'ROOT' };
      return { status: 200, json: true, body: JSON.stringify({ Parents: [parent] }) };
    }
    case 'ListPoliciesForTarget': {
      // The OU holds every SCP, split over two pages.
      const ids = json.TargetId === 'ou-ab-child' ? (json.NextToken === undefined ? SCP_IDS.slice(0, 5) : SCP_IDS.slice(5)) : ['p-FullAWSAccess'];
      const token = json.TargetId === 'ou-ab-child' && json.NextToken === undefined ? { NextToken: 'p2' } : {};
      return { status: 200, json: true, body: JSON.stringify({ Policies: ids.map((Id) => ({ Id, Name: Id, Type: 'SERVICE_CONTROL_POLICY' })), ...token }) };
    }
    case 'DescribePolicy':
      return {
        status: 200,
        json: true,
        body: JSON.stringify({ Policy: { PolicySummary: { Id: json.PolicyId, Name: `name-${String(json.PolicyId)}` }, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } }),
      };
    default:
      return { status: 400, json: true, body: JSON.stringify({ __type: 'UnexpectedOperation', message: operation }) };
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const operation = typeof target === 'string' ? target.split('.')[1] ?? '' : new URLSearchParams(body).get('Action') ?? '';
      const json = typeof target === 'string' ? (JSON.parse(body || '{}') as Record<string, unknown>) : {};
      const reply = answer(operation, new URLSearchParams(body), json);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(reply.status, { 'content-type': reply.json ? 'application/x-amz-json-1.1' : 'text/xml', ...(reply.status >= 400 && reply.json ? { 'x-amzn-errortype': 'UnexpectedOperation' } : {}) });
        res.end(reply.body);
      }, operation === 'DescribePolicy' ? 30 : 0);
    });
  });
  stopStub = await serveStubAws(server);
});
afterAll(async () => {
  await stopStub();
});

describe('collectSnapshot (stub endpoint)', () => {
  it('merges every page, walks the OU path to the root, and keeps calls within the concurrency bound', async () => {
    const steps: string[] = [];
    const warnings: string[] = [];
    let stopped = 0;
    const snap = await collectSnapshot({ region: 'us-east-1' }, { step: (t) => steps.push(t), warn: (t) => warnings.push(t), stop: () => void stopped++ });

    expect(snap.iam.UserDetailList.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    // The caller is the IAM user alice: her console facts, MFA devices over two pages, no login profile.
    expect(snap.users).toEqual({ alice: { mfaDevices: 2, consolePassword: false } });
    const org = snap.organizations;
    expect(org?.parents).toEqual([
      { Id: 'ou-ab-child', Type: 'ORGANIZATIONAL_UNIT' },
      { Id: 'ou-ab-parent', Type: 'ORGANIZATIONAL_UNIT' },
      { Id: 'r-ab', Type: 'ROOT' },
    ]);
    expect(org?.policies?.['ou-ab-child']?.map((p) => p.PolicySummary.Id)).toEqual(SCP_IDS);
    expect(org?.policies?.['ou-ab-child']?.[0]?.PolicySummary.Name).toBe('name-p-scp0');
    expect(Object.keys(org?.policies ?? {}).sort()).toEqual([ACCOUNT, 'ou-ab-child', 'ou-ab-parent', 'r-ab'].sort());
    expect(snap.gaps).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    expect(steps).toEqual(expect.arrayContaining([expect.stringContaining('page 2'), expect.stringContaining('SCPs at 4 levels')]));
    expect(stopped).toBeGreaterThan(0);
  });
});

describe('targetUsers', () => {
  const iam = { UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::1:user/alice' }], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  it('is the --principal when it names a known user (by name or ARN), else the caller when it is a user', () => {
    expect(targetUsers('alice', 'arn:aws:iam::111122223333:user/bob', iam)).toEqual(['alice']);
    expect(targetUsers('arn:aws:iam::111122223333:user/path/alice', '', iam)).toEqual(['alice']);
    expect(targetUsers('FinOps', 'arn:aws:iam::111122223333:user/alice', iam)).toEqual([]);
    expect(targetUsers('arn:aws:iam::111122223333:role/alice', '', iam)).toEqual([]);
    expect(targetUsers(undefined, 'arn:aws:iam::111122223333:user/alice', iam)).toEqual(['alice']);
    expect(targetUsers(undefined, 'arn:aws:sts::111122223333:assumed-role/Admin/alice', iam)).toEqual([]);
    // IAM could not be read: trust the name.
    expect(targetUsers('carol', '', undefined)).toEqual(['carol']);
  });
});
