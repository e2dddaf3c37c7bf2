/**
 * The wizard against a live account: a real moto_server seeded with IAM users and roles, the
 * built bin in a tmux pseudo-terminal, a profile chosen from AWS_CONFIG_FILE, and a principal
 * picked from the account's own users and roles.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.js';
import { DEFAULT_CREDENTIALS, liveEnv, MANAGEMENT_ACCOUNT, seedClients, writeProfiles } from '../live/aws.js';
import { startMoto, type Moto } from '../live/moto.js';
import { seedAccount, seedOrganization } from '../live/scenarios.js';
import { declineOffers, skipPaste } from '../ui/steps.js';
import { Terminal } from '../ui/tmux.js';
import { scratch } from '../ui/scratch.js';

const tempDir = scratch('ba-wizard-live-');
/** The principal prompt with its list drawn: the search prompt draws its question before its choices. */
const PRINCIPAL_LIST = /Who cannot open the Billing console\?[\s\S]*(user|role) \S/;

let moto: Moto;
let terminal: Terminal | undefined;
beforeAll(async () => {
  moto = await startMoto();
  await seedAccount(seedClients(moto.endpoint));
});
afterAll(async () => moto?.stop());
afterEach(() => terminal?.close());

/** liveEnv without its unset entries: the terminal's environment is built from scratch. */
function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

describe('doctor wizard, live (moto)', () => {
  it('chooses a profile, reads the account, lists its principals and diagnoses the one picked', async () => {
    const profiles = writeProfiles(tempDir('aws-'), { dev: DEFAULT_CREDENTIALS, prod: DEFAULT_CREDENTIALS });
    const env = definedEnv(liveEnv(moto.endpoint, profiles));
    terminal = new Terminal();
    const t = terminal;
    t.start([process.execPath, BIN, 'doctor'], { cwd: ROOT, env: { ...env, HOME: tempDir('home-'), NO_COLOR: '1' } });

    await skipPaste(t);
    await t.waitFor(/What should be diagnosed\?/);
    t.send('Enter'); // credentials were found: the live account is the default
    const profileScreen = await t.waitFor(/Which AWS profile\?/);
    expect(profileScreen).toMatch(/dev[\s\S]*prod/);
    t.send('Down');
    t.send('Enter'); // prod
    const principals = await t.waitFor(PRINCIPAL_LIST, 60_000);
    for (const name of ['user alice', 'user bob', 'user carol', 'role Analyst', 'role FinOps']) expect(t.screen() + principals).toContain(name);
    t.type('finops');
    t.send('Enter');
    await t.waitFor(/Which console page fails\?/);
    t.send('Enter'); // I don't know
    await t.waitFor(/sign in to the console with MFA\?/);
    t.send('Enter'); // yes
    await t.waitFor(/Activate IAM Access" on\?/);
    t.send('Up');
    t.send('Up');
    t.send('Enter'); // yes, activated
    await t.waitFor(/Save a Markdown report\?/);
    const report = t.history();
    expect(report).toContain('Billing console access for role FinOps');
    expect(report).toMatch(/Source: live account \d{12} \(profile prod\)/);
    expect(report).toContain('Verdict: ALLOWED');
    expect(await declineOffers(t)).toBe(0);
  }, 90_000);

  it('reads the facts of the user picked (not only the caller\'s): alice\'s password and MFA device, no MFA question', async () => {
    const profiles = writeProfiles(tempDir('aws-'), { dev: DEFAULT_CREDENTIALS });
    const env = definedEnv(liveEnv(moto.endpoint, profiles));
    terminal = new Terminal();
    const t = terminal;
    t.start([process.execPath, BIN, 'doctor', '--activation', 'enabled', '--task', 'bills'], { cwd: ROOT, env: { ...env, HOME: tempDir('home-'), NO_COLOR: '1' } });
    await skipPaste(t);
    await t.waitFor(/What should be diagnosed\?/);
    t.send('Enter'); // live, the only profile
    await t.waitFor(PRINCIPAL_LIST, 60_000);
    expect(t.screen()).toMatch(/\(you\)/);
    t.type('alice\r'); // typed and entered in one read, as a paste or a busy machine gives it
    await t.waitFor(/Save a Markdown report\?/, 60_000);
    const report = t.history(true);
    expect(report).not.toMatch(/with MFA\?/);
    expect(report).toMatch(/✔ principal +user alice exists and has a console password/);
    expect(report).toContain('Verdict: ALLOWED');
    expect(await declineOffers(t)).toBe(0);
    expect(t.history(true)).toContain(`billing-access doctor --profile dev --principal arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/finance/alice --task bills --activation enabled --no-interactive`);
  }, 90_000);

  it('in a member account whose SCPs cannot be read, offers the other profile as the organization profile', async () => {
    const scenario = await seedOrganization(moto.endpoint);
    const profiles = writeProfiles(tempDir('aws-'), { member: scenario.member.credentials, mgmt: DEFAULT_CREDENTIALS });
    const env = definedEnv(liveEnv(moto.endpoint, profiles));
    terminal = new Terminal();
    const t = terminal;
    t.start([process.execPath, BIN, 'doctor', '--profile', 'member', '--principal', 'alice', '--task', 'bills', '--activation', 'enabled'], {
      cwd: ROOT,
      env: { ...env, HOME: tempDir('home-'), NO_COLOR: '1' },
    });
    await skipPaste(t);
    await t.waitFor(/SCPs could not be read with this profile/, 60_000);
    expect(t.screen()).toContain('mgmt');
    t.send('Enter'); // mgmt
    await t.waitFor(/Save a Markdown report\?/, 60_000);
    const report = t.history(true);
    expect(report).toContain('DenyAllOutsideEU');
    expect(report).toMatch(/Verdict: DENIED by region/);
    t.send('C-c');
    expect(await t.exitStatus()).toBe(130);
  }, 90_000);
});
