// Live API call counts (bench/run.mjs): a real moto_server with an organization (root → OU → OU →
// member account, a region-deny SCP) whose member account holds n IAM users, and a counting proxy
// between billing-access and moto. `snapshot` (every user) and `doctor` (one user) run against it
// with the member account's credentials and --org-profile for the management account. The first
// 100 users get policies, login profiles, a group and MFA devices; the rest are plain users.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const doc = (...Statement) => JSON.stringify({ Version: '2012-10-17', Statement });

// Port 0, then the port moto prints: a port picked beforehand may be taken before moto binds it.
async function startMoto() {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('moto_server did not start within 30 s')), 30_000);
    const keep = (d) => {
      output = (output + d.toString()).slice(-2000);
      const found = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (found !== undefined) (clearTimeout(timer), resolve(found));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`moto_server exited with ${code}: ${output}`))));
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  if (!(await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })).ok) throw new Error('moto reset failed');
  return { endpoint, child };
}

/** Forwards every request to moto and counts them by operation. */
async function countingProxy(target) {
  const counts = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = req.headers['x-amz-target'];
      const operation = typeof header === 'string' ? header.slice(header.lastIndexOf('.') + 1) : (new URLSearchParams(body.toString()).get('Action') ?? 'unknown');
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      const url = new URL(req.url ?? '/', target);
      const forward = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    take: () => {
      const out = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
      counts.clear();
      return out;
    },
    stop: () => new Promise((r) => server.close(r)),
  };
}

/** Runs `fs` (async thunks) with at most `limit` in flight. */
async function inParallel(fs, limit) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < fs.length) await fs[next++]();
  }));
}

/** Users seeded with policies, a login profile, a group or MFA (every user below this index). */
const DETAILED_USERS = 100;

/** The organization and the member account's users; returns the member's credentials and a user name. */
async function seed(endpoint, users) {
  const config = (credentials) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const org = new OrganizationsClient(config(MOTO_CREDENTIALS));
  const sts = new STSClient(config(MOTO_CREDENTIALS));
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await org.send(new ListRootsCommand({}))).Roots[0].Id;
  const workloads = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit.Id;
  const eu = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'EU' }))).OrganizationalUnit.Id;
  const scp = await org.send(new CreateOrgPolicyCommand({
    Name: 'DenyOutsideEU',
    Description: 'region guard',
    Type: 'SERVICE_CONTROL_POLICY',
    Content: doc({ Effect: 'Deny', NotAction: ['iam:*', 'ce:*', 'support:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }),
  }));
  await org.send(new AttachPolicyCommand({ PolicyId: scp.Policy.PolicySummary.Id, TargetId: eu }));
  const created = await org.send(new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }));
  const accountId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus.Id }))).CreateAccountStatus.AccountId;
  await org.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: eu }));
  const assumed = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'bench' }))).Credentials;
  const member = { accessKeyId: assumed.AccessKeyId, secretAccessKey: assumed.SecretAccessKey, sessionToken: assumed.SessionToken };

  const iam = new IAMClient(config(member));
  const policies = [];
  for (let i = 0; i < 5; i++) {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: `Team${i}`, PolicyDocument: doc({ Effect: 'Allow', Action: ['billing:Get*', 'ce:Get*', `s3:Get*`], Resource: '*' }) }));
    policies.push(created.Policy.Arn);
  }
  await iam.send(new CreateGroupCommand({ GroupName: 'finance' }));
  const aws = ['arn:aws:iam::aws:policy/job-function/Billing', 'arn:aws:iam::aws:policy/ReadOnlyAccess'];
  await inParallel(Array.from({ length: users }, (_, i) => async () => {
    const name = `user${String(i).padStart(4, '0')}`;
    await iam.send(new CreateUserCommand({ UserName: name }));
    // Beyond the first 100, plain users (one call each): what snapshot reads for them (the GAAD page,
    // the credential report's row) costs the same, and the seed stays short.
    if (i >= DETAILED_USERS) return;
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: i % 3 === 0 ? aws[i % 2] : policies[i % policies.length] }));
    if (i % 4 === 0) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'own', PolicyDocument: doc({ Effect: 'Allow', Action: 'invoicing:List*', Resource: '*' }) }));
    if (i % 2 === 0) await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Correct-Horse-1' }));
    if (i % 5 === 0) await iam.send(new AddUserToGroupCommand({ GroupName: 'finance', UserName: name }));
    if (i % 10 === 0) {
      const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${name}-phone` }));
      await iam.send(new EnableMFADeviceCommand({ UserName: name, SerialNumber: device.VirtualMFADevice.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    }
  }), 8);
  for (const client of [org, sts, iam]) client.destroy();
  return { member, user: 'user0000' };
}

function writeProfiles(dir, profiles) {
  mkdirSync(dir, { recursive: true });
  const entries = Object.entries(profiles);
  writeFileSync(join(dir, 'credentials'), entries.map(([name, c]) => `[${name}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n${c.sessionToken ? `aws_session_token = ${c.sessionToken}\n` : ''}`).join('\n'));
  writeFileSync(join(dir, 'config'), entries.map(([name]) => `[profile ${name}]\nregion = us-east-1\n`).join('\n'));
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

/** Runs the CLI (asynchronously: the counting proxy lives in this process); milliseconds taken. */
function cli(bin, args, env) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...clean, ...env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1 && code !== 3) reject(new Error(`billing-access ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** For each user count: calls (total and per operation) of `snapshot` and of `doctor` for one user. */
export async function measureLive({ bin, work, users }) {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) return { skipped: 'moto_server is not installed' };
  const moto = await startMoto();
  const proxy = await countingProxy(moto.endpoint);
  const runs = [];
  try {
    for (const n of users) {
      await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
      const seeded = process.hrtime.bigint();
      const { member, user } = await seed(moto.endpoint, n);
      const seedMs = Number(process.hrtime.bigint() - seeded) / 1e6;
      const env = { ...writeProfiles(join(work, `aws-${n}`), { member, management: MOTO_CREDENTIALS }), AWS_ENDPOINT_URL: proxy.endpoint };
      const common = ['--profile', 'member', '--org-profile', 'management'];
      proxy.take();
      const snapshotMs = await cli(bin, ['snapshot', '-o', join(work, `live-${n}.json`), '--force', ...common], env);
      const snapshotCalls = proxy.take();
      await cli(bin, ['doctor', '--principal', user, '--json', '--no-interactive', ...common], env);
      const doctorCalls = proxy.take();
      runs.push({ users: n, seedMs, snapshotCalls: total(snapshotCalls), snapshotMs, snapshotByOperation: snapshotCalls, doctorCalls: total(doctorCalls), doctorByOperation: doctorCalls });
    }
  } finally {
    await proxy.stop();
    moto.child.kill('SIGTERM');
  }
  return { runs };
}
