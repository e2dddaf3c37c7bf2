/**
 * Seeding moto with the SDK (tests may send writes; src/ never does) and the environment the built
 * CLI runs with: everything points at the local endpoint, no real profile or credential leaks in.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

// The SDK's "Node 22 will be required" notice would clutter every test run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** moto's default caller: account 123456789012. */
export const DEFAULT_CREDENTIALS: Credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const MANAGEMENT_ACCOUNT = '123456789012';

export interface SeedClients {
  iam: IAMClient;
  organizations: OrganizationsClient;
  sts: STSClient;
}

export function seedClients(endpoint: string, credentials: Credentials = DEFAULT_CREDENTIALS): SeedClients {
  const config = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
  return { iam: new IAMClient(config), organizations: new OrganizationsClient(config), sts: new STSClient(config) };
}

/** Creates the organization (the default account becomes its management account) and returns its root id. */
export async function createOrganization(clients: SeedClients): Promise<string> {
  await clients.organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const roots = await clients.organizations.send(new ListRootsCommand({}));
  return roots.Roots?.[0]?.Id ?? '';
}

/** create-account + AssumeRole into OrganizationAccountAccessRole: a member account and credentials inside it. */
export async function createMemberAccount(clients: SeedClients, name: string): Promise<{ accountId: string; credentials: Credentials }> {
  const created = await clients.organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  const status = await clients.organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }));
  const accountId = status.CreateAccountStatus?.AccountId ?? '';
  const assumed = await clients.sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }),
  );
  const c = assumed.Credentials;
  return { accountId, credentials: { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken } };
}

/** An AWS config + credentials file in `dir` with these named profiles; returns the child's env entries for them. */
export function writeProfiles(dir: string, profiles: Record<string, Credentials>): Record<string, string | undefined> {
  const credentials = Object.entries(profiles)
    .map(([name, c]) => `[${name}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n${c.sessionToken ? `aws_session_token = ${c.sessionToken}\n` : ''}`)
    .join('\n');
  const config = Object.keys(profiles)
    .map((name) => `[profile ${name}]\nregion = us-east-1\n`)
    .join('\n');
  writeFileSync(join(dir, 'credentials'), credentials);
  writeFileSync(join(dir, 'config'), config);
  // No key pair in the environment next to --profile (the SDK would warn about two sources).
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
}

/**
 * The child's environment: every inherited AWS_* variable removed (no real profile, key, SSO
 * session or endpoint override can leak in), the endpoint set to the local server, dummy keys,
 * no instance metadata lookups.
 */
export function liveEnv(endpoint: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_') || /^(https?|no|all)_proxy$/i.test(key)) env[key] = undefined;
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(tmpdir(), 'billing-access-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'billing-access-no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/**
 * Starts `server` on a free port of 127.0.0.1 and points this process's SDK at it (every inherited
 * AWS_* variable removed, dummy keys), for in-process tests against a stub AWS endpoint. The returned
 * function stops the server and restores the environment.
 */
export async function serveStubAws(server: Server): Promise<() => Promise<void>> {
  const saved = { ...process.env };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    AWS_ACCESS_KEY_ID: 'stub',
    AWS_SECRET_ACCESS_KEY: 'stub',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  return async () => {
    process.env = saved;
    await new Promise<void>((r) => server.close(() => r()));
  };
}
