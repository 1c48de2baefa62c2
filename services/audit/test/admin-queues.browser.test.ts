import type { AddressInfo } from 'node:net';
import { createProducer, openQueue, redisConnection } from '@bulwark/queue';
import type { ServiceApp } from '@bulwark/service-kit';
import { createTestIssuer, type ServedTestIssuer, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/admin-queues/dashboard-session.js';
import { buildTestAuditApp } from './support/test-audit-app.js';
import { migrationSources } from '../src/db/migration-sources.js';
import { PartitionGuard } from '../src/db/partitions.js';
import { startAuditConsumer } from '../src/pipeline/audit-consumer.js';
import { chromiumInstalled, launchChromium, localOnlyContext, MISSING_CHROMIUM } from './support/chromium.js';
import { agentEvent } from './support/events.js';
import { waitFor } from './support/wait-for.js';

/**
 * The queue dashboard (/admin/queues) in a real Chromium against the real app on an ephemeral port,
 * with jobs the real audit worker completed and failed (README "Queue dashboard").
 */
const db = useTestDatabase(migrationSources, { poolMax: 4 });
const redis = useRedisPrefix();
let served: ServedTestIssuer | undefined;
let app: ServiceApp | undefined;
let connection: Redis | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let baseUrl = '';
const credentials = { operator: '', root: '', tenantAdmin: '', operatorReader: '', foreign: '' };
/** What the audit queue holds once beforeAll is done. */
const AUDIT_COUNTS = { waiting: 2, completed: 3, failed: 1, delayed: 1 };
const jobIds = { failed: '', delayed: '' };

/** Button names of every bull-board action that writes (the text buttons and the queue menus). */
const WRITE_ACTION =
  /retry|clean|promote|delete|remove|empty|obliterate|add job|pause|resume|duplicate|concurrency|rate limit/i;
/**
 * bull-board's job cards draw their actions as icon-only buttons: retry (refresh-cw), promote
 * (corner-up-left), reschedule (clock), duplicate (files), edit data (pencil), clean (trash-2); seen
 * on the same pages of a board built without readOnlyMode.
 */
const WRITE_ICON_BUTTONS = ['refresh-cw', 'corner-up-left', 'clock', 'files', 'pencil', 'trash-2']
  .map((icon) => `button:has(svg.lucide-${icon})`)
  .join(', ');

beforeAll(async () => {
  const built = await buildTestAuditApp(db.pool, redis, { adminTenants: ['ten_ops'] });
  ({ app, served } = built);
  const { issuer } = built;
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  credentials.operator = await issuer.mint({ sub: 'usr_ops', tenant_id: 'ten_ops', scope: 'audit:admin' });
  credentials.root = await issuer.mint({ sub: 'usr_root', tenant_id: 'ten_root', scope: '*' });
  credentials.tenantAdmin = await issuer.mint({ sub: 'usr_a', tenant_id: 'ten_a', scope: 'audit:admin' });
  credentials.operatorReader = await issuer.mint({ sub: 'usr_r', tenant_id: 'ten_ops', scope: 'audit:read' });
  // Well-formed, but signed by a key this service does not trust.
  credentials.foreign = await (await createTestIssuer()).mint({
    sub: 'usr_ops',
    tenant_id: 'ten_ops',
    scope: 'audit:admin',
  });

  connection = redisConnection(redis.url);
  await fillAuditQueue(connection);
  if (chromiumInstalled()) browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.close();
  await served?.close();
  connection?.disconnect();
});

/**
 * Through the real worker: three events stored (completed) and one that Postgres refuses (a NUL
 * byte), which fails for good. Then, with the worker stopped, two waiting jobs and a delayed one.
 */
async function fillAuditQueue(redisClient: Redis): Promise<void> {
  const consumer = startAuditConsumer({
    pool: db.pool,
    partitions: new PartitionGuard(db.pool),
    connection: redisClient,
    redisPrefix: redis.prefix,
    batchSize: 100,
    batchWaitMs: 20,
    lockDurationMs: 5000,
    stalledIntervalMs: 2000,
  });
  const producer = createProducer('audit', { connection: redisClient, prefix: redis.prefix });
  const queue = openQueue('audit', { connection: redisClient, prefix: redis.prefix });
  let consumerOpen = true;
  try {
    await producer.addBulk([1, 2, 3].map(() => ({ payload: agentEvent('ten_a') })));
    jobIds.failed = await producer.add(agentEvent('ten_a', { target: { type: 'doc', id: 'bad\u0000byte' } }));
    await waitFor('the worker to settle every job', async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed');
      return counts.waiting === 0 && counts.active === 0 && counts.completed === 3 && counts.failed === 1;
    });
    await consumer.close();
    consumerOpen = false;
    await producer.addBulk([1, 2].map(() => ({ payload: agentEvent('ten_a') })));
    jobIds.delayed = await producer.add(agentEvent('ten_a'), { delay: 24 * 3600 * 1000 });
    expect(await auditCounts()).toEqual(AUDIT_COUNTS);
  } finally {
    if (consumerOpen) await consumer.close();
    await producer.close();
    await queue.close();
  }
}

async function auditCounts(): Promise<Record<string, number>> {
  const queue = openQueue('audit', { connection: connection as Redis, prefix: redis.prefix });
  try {
    return await queue.getJobCounts(...(Object.keys(AUDIT_COUNTS) as (keyof typeof AUDIT_COUNTS)[]));
  } finally {
    await queue.close();
  }
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  expect(browser, MISSING_CHROMIUM).toBeDefined();
  const context = await localOnlyContext(browser as Browser);
  contexts.push(context);
  return { context, page: await context.newPage() };
}

/** Fills the sign-in form and submits it; resolves to the status of the form POST's answer. */
async function submitSignIn(page: Page, credential: string): Promise<number> {
  await page.goto(`${baseUrl}/admin/queues/login`);
  await page.locator('input[name="credential"]').fill(credential);
  const answer = page.waitForResponse(
    (response) =>
      response.request().method() === 'POST' && response.url() === `${baseUrl}/admin/queues/login`,
  );
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
  return (await answer).status();
}

async function signedInPage(credential: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage();
  expect(await submitSignIn(opened.page, credential)).toBe(303);
  await opened.page.waitForURL(`${baseUrl}/admin/queues/`);
  return opened;
}

async function sessionCookies(context: BrowserContext) {
  return (await context.cookies()).filter((cookie) => cookie.name === SESSION_COOKIE);
}

/** The overview's card of the audit queue, once it shows the queue's total. */
async function renderedAuditCard(page: Page) {
  const card = page
    .getByRole('main')
    .locator('li')
    .filter({ has: page.getByRole('link', { name: 'audit', exact: true }) });
  const total = Object.values(AUDIT_COUNTS).reduce((sum, count) => sum + count, 0);
  await expect.poll(() => card.innerText()).toMatch(new RegExp(`\\b${total} Jobs\\b`));
  return card;
}

type Write = [method: string, url: string, body?: unknown];

/** Sends each request with fetch from the page (same origin: the session cookie goes along). */
function sendFromPage(page: Page, requests: Write[]): Promise<string[]> {
  return page.evaluate(
    (list) =>
      Promise.all(
        list.map(async ([method, url, body]) => {
          const response = await fetch(url, {
            method,
            ...(body !== undefined && {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            }),
          });
          return `${method} ${url} ${response.status}`;
        }),
      ),
    requests,
  );
}

const bodyText = (page: Page) => page.locator('body').innerText();
/** The board's sidebar with its queue links: present only once bull-board has rendered. */
const boardQueueLinks = (page: Page) => page.locator('#bull-board-sidebar nav a');

describe('queue dashboard in Chromium', () => {
  it('without a session sends a browser to the sign-in form; the board API answers 401', async () => {
    const { page } = await newPage();
    for (const path of ['/admin/queues', '/admin/queues/queue/audit']) {
      const response = await page.goto(`${baseUrl}${path}`);
      expect(page.url(), path).toBe(`${baseUrl}/admin/queues/login`);
      expect(response?.status(), path).toBe(200);
      expect(response?.request().redirectedFrom()?.url(), path).toBe(`${baseUrl}${path}`);
      await page.getByRole('heading', { name: 'Bulwark queues' }).waitFor();
      expect(await page.locator('#root').count()).toBe(0);
    }
    const api = await page.goto(`${baseUrl}/admin/queues/api/queues`);
    expect(api?.status()).toBe(401);
    expect(await bodyText(page)).toContain('sign in at /admin/queues/login');

    await page.goto(`${baseUrl}/admin/queues/login`);
    const field = page.getByLabel('Operator credential');
    expect(await field.getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Open the dashboard' }).waitFor();
    expect(await boardQueueLinks(page).count()).toBe(0);
  });

  it('refuses a wrong credential with a clear error, sets no session and shows no board', async () => {
    const { context, page } = await newPage();
    for (const credential of ['not-a-credential', credentials.foreign]) {
      expect(await submitSignIn(page, credential)).toBe(401);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText()).toMatch(/not accepted/);
      expect(await bodyText(page)).not.toContain(credential);
      expect(await page.getByLabel('Operator credential').count()).toBe(1);
      expect(await sessionCookies(context)).toEqual([]);
    }
    await page.goto(`${baseUrl}/admin/queues/`);
    expect(page.url()).toBe(`${baseUrl}/admin/queues/login`);
    expect(await boardQueueLinks(page).count()).toBe(0);
  });

  it('signs an operator in through the form and shows the audit queue with its counts', async () => {
    const { context, page } = await signedInPage(credentials.operator);

    // The session is an HttpOnly, SameSite=Strict cookie scoped to the dashboard, at most 15 minutes.
    const [cookie, ...others] = await sessionCookies(context);
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/admin/queues',
      secure: false,
    });
    const nowSeconds = Date.now() / 1000;
    expect(cookie?.expires).toBeGreaterThan(nowSeconds);
    expect(cookie?.expires).toBeLessThanOrEqual(nowSeconds + 15 * 60);
    expect(await page.evaluate('document.cookie')).toBe('');

    await expect.poll(() => boardQueueLinks(page).allInnerTexts()).toEqual(['audit', 'metering', 'webhooks']);
    // bull-board's template links Google Fonts; the forwarded page must not send the operator there.
    expect(await page.locator('link[href*="fonts.googleapis.com"]').count()).toBe(0);
    expect(await page.title()).toBe('Bulwark queues');
    const auditCard = await renderedAuditCard(page);
    expect(await auditCard.innerText()).toMatch(/Failed\s*1\b/i);

    await auditCard.getByRole('link', { name: 'audit', exact: true }).click();
    await page.waitForURL(`${baseUrl}/admin/queues/queue/audit`);
    await page.getByRole('heading', { name: 'audit' }).waitFor();
    for (const [status, count] of Object.entries(AUDIT_COUNTS)) {
      const tab = page.locator(`a[href="/admin/queues/queue/audit?status=${status}"]`);
      await expect
        .poll(() => tab.innerText(), { message: status })
        .toMatch(new RegExp(`^${status}\\s*${count}$`, 'i'));
    }
    await page.locator(`a[href="/admin/queues/queue/audit?status=failed"]`).click();
    await page.getByText(/UnrecoverableError: Event [0-9a-f-]+ cannot be stored/).waitFor();
  });

  it('is read-only: no write action is rendered, and the board API refuses them', async () => {
    // The bootstrap '*' credential is an operator too.
    const { page } = await signedInPage(credentials.root);
    await renderedAuditCard(page);

    const overviewMenu = page.locator('button[aria-haspopup="menu"]');
    expect(await overviewMenu.count()).toBe(1); // the sort menu; a writable board adds one per queue
    await overviewMenu.click();
    await page.getByRole('menuitem').first().waitFor();
    const menuItems = await page.getByRole('menuitem').allInnerTexts();
    expect(menuItems.filter((item) => WRITE_ACTION.test(item))).toEqual([]);
    await page.keyboard.press('Escape');

    for (const [status, jobText] of [
      ['failed', 'UnrecoverableError'],
      ['delayed', 'Will run at'],
    ] as const) {
      await page.goto(`${baseUrl}/admin/queues/queue/audit?status=${status}`);
      await page.getByText(jobText).first().waitFor();
      // The job card's own buttons are rendered (copy), just none that writes.
      await page.locator('button:has(svg.lucide-copy)').first().waitFor();
      expect(await page.getByRole('button', { name: WRITE_ACTION }).allInnerTexts(), status).toEqual([]);
      expect(await page.locator(WRITE_ICON_BUTTONS).count(), status).toBe(0);
      expect(await page.locator('button[aria-haspopup="menu"]').count(), status).toBe(0);
    }

    // What the hidden buttons would call, sent from the signed-in page (same origin, session cookie).
    const api = '/admin/queues/api/queues';
    // Each with a body its route accepts, so the refusal is the read-only check, not validation.
    const writes: Write[] = [
      ['PUT', `${api}/audit/${jobIds.failed}/retry`],
      ['PUT', `${api}/audit/retry/failed`],
      ['PUT', `${api}/audit/${jobIds.failed}/clean`],
      ['PUT', `${api}/audit/clean/failed`],
      ['PUT', `${api}/audit/${jobIds.delayed}/promote`],
      ['PUT', `${api}/audit/promote`],
      ['PATCH', `${api}/audit/${jobIds.delayed}/delay`, { runAt: 0 }],
      ['PATCH', `${api}/audit/${jobIds.failed}/update-data`, { jobData: agentEvent('ten_a') }],
      ['POST', `${api}/audit/add`, { name: 'audit', data: agentEvent('ten_a'), options: {} }],
      ['PUT', `${api}/audit/pause`],
      ['PUT', `${api}/audit/empty`],
      ['PUT', `${api}/audit/obliterate`, {}],
    ];
    expect(await sendFromPage(page, writes)).toEqual(writes.map(([method, url]) => `${method} ${url} 405`));
    // "Pause all" skips read-only queues rather than refusing.
    expect(await sendFromPage(page, [['PUT', `${api}/pause`]])).toEqual([`PUT ${api}/pause 200`]);

    expect(await auditCounts()).toEqual(AUDIT_COUNTS);
    for (const name of ['audit', 'metering', 'webhooks'] as const) {
      const queue = openQueue(name, { connection: connection as Redis, prefix: redis.prefix });
      expect(await queue.isPaused(), name).toBe(false);
      await queue.close();
    }
  });

  it("refuses credentials that are not an operator's and sets no session", async () => {
    const { context, page } = await newPage();
    for (const credential of [credentials.tenantAdmin, credentials.operatorReader]) {
      expect(await submitSignIn(page, credential)).toBe(403);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText()).toContain('AUDIT_ADMIN_TENANTS');
      expect(await bodyText(page)).not.toContain(credential);
      expect(await sessionCookies(context)).toEqual([]);
    }
    await page.goto(`${baseUrl}/admin/queues/`);
    expect(page.url()).toBe(`${baseUrl}/admin/queues/login`);
    expect(await boardQueueLinks(page).count()).toBe(0);
  });
});
