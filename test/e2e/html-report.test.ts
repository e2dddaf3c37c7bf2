/**
 * The HTML audit report in a real browser: Debian's headless Chromium driven by playwright-core
 * (no browser download). The report is made by the built CLI, opened from a file:// URL with every
 * network request recorded, and its heatmap, matrix, filters and cell details are checked in the DOM.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = scratch('ba-html-');
const HOSTILE = '<img src=x onerror="window.pwned=1">';

let browser: Browser;
let page: Page;
let requests: string[] = [];
let errors: string[] = [];
let work: string;

/** eu-only-org plus a user whose name is markup: it must show as text and run nothing. */
function hostileSnapshot(): string {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'examples/eu-only-org.json'), 'utf8'));
  const account = snapshot.caller?.Account ?? snapshot.account?.id ?? '111122223333';
  snapshot.iam.UserDetailList.push({
    UserName: HOSTILE,
    Arn: `arn:aws:iam::${account}:user/${HOSTILE}`,
    UserPolicyList: [],
    AttachedManagedPolicies: [],
    GroupList: [],
  });
  const file = join(work, 'hostile.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

async function open(file: string): Promise<void> {
  requests = [];
  errors = [];
  page = await browser.newPage();
  page.on('request', (r) => void (r.url() !== pathToFileURL(file).href && requests.push(r.url())));
  page.on('pageerror', (e) => void errors.push(String(e)));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  await page.goto(pathToFileURL(file).href);
}

const rows = (p: Page, selector: string): Promise<number> => p.locator(selector).count();

beforeAll(async () => {
  work = dir('report');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('audit --format html', () => {
  it('Chromium is installed where the test looks for it (.ci/run installs Debian chromium)', () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install chromium`).toBe(true);
  });

  it('is one self-contained page: heatmap, matrix, details on click, no network, markup in names inert', async () => {
    const snapshot = hostileSnapshot();
    const result = await runCli(['audit', '--snapshot', snapshot, '--task', 'home', '--task', 'bills', '--task', 'cost-explorer', '--format', 'html']);
    expect(result.stderr).toBe('');
    expect(result.code).not.toBe(2);
    const html = join(work, 'audit.html');
    writeFileSync(html, result.stdout);
    expect(result.stdout).not.toMatch(/<(link|img|iframe)\b|src=["']https?:|href=["']https?:/i);

    const json = await runCli(['audit', '--snapshot', snapshot, '--task', 'home', '--task', 'bills', '--task', 'cost-explorer', '--json']);
    const audit = JSON.parse(json.stdout) as { principals: { principal: { name: string }; cells: { task: string; verdict: string }[] }[] };

    await open(html);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#matrix img').count()).toBe(0);
    expect(await page.locator('#matrix th', { hasText: HOSTILE }).count()).toBe(1);

    // One heatmap row per account; one matrix row per principal, one cell per page, coloured by verdict.
    expect(await rows(page, '#heatmap tr.heat-row')).toBe(1);
    expect(await rows(page, '#matrix tr.principal-row')).toBe(audit.principals.length);
    expect(await rows(page, '#matrix td.cell')).toBe(audit.principals.length * 3);
    const denied = audit.principals.flatMap((p) => p.cells).filter((c) => c.verdict === 'denied').length;
    expect(denied).toBeGreaterThan(0);
    expect(await rows(page, '#matrix td.cell.denied')).toBe(denied);
    const heat = await page.locator('#heatmap td.heat[data-page="bills"]').textContent();
    const allowedBills = audit.principals.filter((p) => p.cells.some((c) => c.task === 'bills' && c.verdict === 'allowed')).length;
    expect(heat).toBe(`${allowedBills}/${audit.principals.length}`);

    // A denied cell opens its reason and the doctor command that explains it.
    const cell = page.locator('#matrix td.cell.denied').first();
    const arn = await cell.locator('xpath=..').getAttribute('data-arn');
    const task = await cell.getAttribute('data-page');
    await cell.click();
    await expect.poll(() => page.locator('#details').isVisible()).toBe(true);
    expect(await page.locator('#details .why').textContent()).toMatch(/^denied by /);
    const command = await page.locator('#details .cmd').textContent();
    expect(command).toContain(`--snapshot ${snapshot}`);
    expect(command).toContain(`--task ${task}`);
    expect(command).toContain(arn?.includes('<') ? `'${arn}'` : `--principal ${arn}`);

    // Filters: principal text, pages.
    await page.fill('#f-principal', 'alice');
    const alice = audit.principals.filter((p) => p.principal.name.toLowerCase().includes('alice')).length;
    expect(alice).toBeGreaterThan(0);
    expect(await rows(page, '#matrix tr.principal-row')).toBe(alice);
    await page.fill('#f-principal', '');
    await page.locator('#f-pages input[value="bills"]').uncheck();
    expect(await rows(page, '#matrix td.cell')).toBe(audit.principals.length * 2);
    expect(await rows(page, '#heatmap td[data-page="bills"]')).toBe(0);

    const shot = join(work, 'audit.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(1000);
    await page.close();
  });

  it('an organization report: one heatmap row per account, OU and account filters, unread accounts marked', async () => {
    const snapshots = dir('org');
    const eu = readFileSync(join(ROOT, 'examples/eu-only-org.json'), 'utf8');
    writeFileSync(join(snapshots, '111122223333.json'), eu);
    writeFileSync(join(snapshots, '444455556666.json'), eu.replaceAll('111122223333', '444455556666'));
    writeFileSync(join(snapshots, '210987654321.json'), readFileSync(join(ROOT, 'examples/healthy.json'), 'utf8'));
    writeFileSync(
      join(snapshots, '777788889999.json'),
      JSON.stringify({
        billingAccessSnapshot: 1,
        account: { id: '777788889999' },
        iam: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
        gaps: [{ part: 'caller', operation: 'sts:AssumeRole', error: 'AccessDenied', message: 'denied' }],
      }),
    );
    const result = await runCli(['audit', '--snapshot-dir', snapshots, '--task', 'home', '--task', 'bills', '--format', 'html']);
    expect(result.code).toBe(3);
    const html = join(work, 'org.html');
    writeFileSync(html, result.stdout);
    await open(html);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await rows(page, '#heatmap tr.heat-row')).toBe(4);
    expect(await page.locator('#heatmap tr[data-account="777788889999"] td.gap').count()).toBe(2);
    expect(await page.locator('#matrix tr.account th', { hasText: 'not read' }).count()).toBe(1);
    await page.selectOption('#f-ou', 'ou-a1b2-eu7x3k9q');
    expect(await rows(page, '#heatmap tr.heat-row')).toBe(2);
    await page.selectOption('#f-ou', '');
    await page.selectOption('#f-account', '210987654321');
    expect(await rows(page, '#heatmap tr.heat-row')).toBe(1);
    const command = await (async () => {
      await page.locator('#matrix td.cell').first().click();
      return page.locator('#details .cmd').textContent();
    })();
    expect(command).toContain(`--snapshot ${join(snapshots, '210987654321.json')}`);
    await page.screenshot({ path: join(work, 'org.png'), fullPage: true });
    await page.close();
  });

  it('with a Terraform plan: the planned state, each moved cell outlined before → after, the changes and differences listed', async () => {
    const F = 'test/fixtures/change';
    const plan = `${F}/plan-eu-region-deny.json`;
    const result = await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--terraform-plan', plan, '--format', 'html']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse((await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--terraform-plan', plan, '--json'])).stdout) as {
      principals: number;
      differences: { principal: { arn: string }; task: string; effect: string }[];
    };
    const html = join(work, 'plan.html');
    writeFileSync(html, result.stdout);
    await open(html);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('#planned').isVisible()).toBe(true);
    expect(await page.locator('#changes li code').allTextContents()).toEqual(['module.guardrails.aws_organizations_policy_attachment.workloads']);
    expect(await page.locator('#ignored').textContent()).toContain('aws_s3_bucket.audit_logs: not a policy, attachment or boundary that billing access depends on');

    // One row per difference, and the same cells outlined in the matrix of the planned state.
    expect(json.differences.length).toBe(8);
    expect(await rows(page, '#differences tr.difference')).toBe(json.differences.length);
    expect(await rows(page, '#differences tr.difference[data-effect="loses"]')).toBe(8);
    expect(await rows(page, '#matrix tr.principal-row')).toBe(json.principals);
    const changed = page.locator('#matrix td.cell.changed');
    expect(await changed.count()).toBe(8);
    for (const d of json.differences) {
      expect(await page.locator(`#matrix tr[data-arn="${d.principal.arn}"] td.cell.changed.denied[data-page="${d.task}"][data-effect="loses"]`).count()).toBe(1);
    }
    expect(await changed.first().textContent()).toBe('\u2714\u2192\u2716');
    expect(await page.locator('#differences tr.difference').first().textContent()).toContain('statement DenyAllOutsideEU');

    // A moved cell's details: before → after, the cause, the statement; doctor's command carries the plan.
    await page.locator('#matrix tr[data-arn$=":role/FinOps"] td.cell.changed[data-page="bills"]').click();
    await expect.poll(() => page.locator('#details').isVisible()).toBe(true);
    expect(await page.locator('#details .change').textContent()).toBe('planned: allowed \u2192 denied, caused by module.guardrails.aws_organizations_policy_attachment.workloads');
    expect(await page.locator('#details .faults').textContent()).toContain('statement DenyAllOutsideEU');
    expect(await page.locator('#details .cmd').textContent()).toBe(
      `billing-access doctor --snapshot ${F}/org-account.json --principal arn:aws:iam::111122223333:role/FinOps --task bills --terraform-plan ${plan}`,
    );

    // Only the principals a change moves: the four who lose home and bills.
    await page.locator('#f-changed').check();
    expect(await rows(page, '#matrix tr.principal-row')).toBe(4);
    await page.screenshot({ path: join(work, 'plan.png'), fullPage: true });
    await page.close();
  });

  it('with --change: a removed principal is listed as removed; a page without planned changes hides the section', async () => {
    const F = 'test/fixtures/change';
    const result = await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--change', '-role/FinOps', '--format', 'html']);
    expect(result.code).toBe(0);
    const html = join(work, 'removed.html');
    writeFileSync(html, result.stdout);
    await open(html);
    expect(errors).toEqual([]);
    expect(await page.locator('#differences tr.difference[data-effect="removed"]').count()).toBe(3);
    expect(await page.locator('#differences tr.difference').first().textContent()).toContain('allowed \u2192 absent (removed)');
    expect(await page.locator('#matrix tr[data-arn$=":role/FinOps"]').count()).toBe(0);
    await page.close();
    const plain = join(work, 'plain.html');
    writeFileSync(plain, (await runCli(['audit', '--snapshot', `${F}/org-account.json`, '--format', 'html'])).stdout);
    await open(plain);
    expect(await page.locator('#planned').isVisible()).toBe(false);
    expect(await page.locator('#f-changed').isVisible()).toBe(false);
    await page.close();
  });
});
