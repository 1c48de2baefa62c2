import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLocalStack } from '@bulwark/example-agent/testing';
import { Bulwark, BulwarkError } from '@bulwark/sdk';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../src/server/build-web.js';
import { createConsoleServer } from '../src/server/console-server.js';

/**
 * The console in a real browser against real auth, audit and billing. Debian's Chromium only:
 * nothing here may download a browser. A missing Chromium fails the test on purpose (CI installs it).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MISSING_CHROMIUM = `Chromium is missing at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); the browser test fails rather than skips.`;
// biome-ignore lint/correctness/useHookAtTopLevel: a vitest fixture named use…, not a React hook.
const stack = useLocalStack({ authAuditRelay: true });

let consoleServer: Server | undefined;
let context: BrowserContext | undefined;
let page: Page;
let consoleUrl = '';
const scratch = mkdtempSync(join(tmpdir(), 'bw-console-browser-'));

beforeAll(async () => {
  // Without a browser the test itself fails (below), counted as a failure rather than a skip.
  if (!existsSync(CHROMIUM)) return;
  const distDir = join(scratch, 'dist');
  await buildWeb(distDir);
  consoleServer = createConsoleServer({
    distDir,
    upstreams: { ...stack.urls, licensing: 'http://127.0.0.1:9', flags: 'http://127.0.0.1:9' },
  });
  await new Promise<void>((resolve) => consoleServer?.listen(0, '127.0.0.1', resolve));
  consoleUrl = `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}`;

  context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (consoleServer ? consoleServer.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

describe('console in Chromium against the real stack', () => {
  it('signs in, registers an agent, shows its secret once, revokes it, and finds it in the audit trail', async () => {
    expect(existsSync(CHROMIUM), MISSING_CHROMIUM).toBe(true);
    const serviceClient = new Bulwark({ urls: stack.urls, retries: 0 });
    await page.goto(consoleUrl);

    // A wrong key is refused by auth, and the banner says why with the request id.
    await page.getByLabel('Admin API key').fill('bwk_v1_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toMatch(/code\s*\w+.*HTTP\s*401.*request id/s);

    await page.getByLabel('Admin API key').fill(stack.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    const storage = await page.evaluate(() => ({
      session: sessionStorage.getItem('bulwark.console.apiKey'),
      local: localStorage.length,
      cookies: document.cookie,
    }));
    expect(storage).toEqual({ session: stack.adminKey, local: 0, cookies: '' });

    // Register an agent: the secret is shown once and is the real one.
    const name = `mail-bot-${Date.now().toString(36)}`;
    await page.locator('input[name="agent-name"]').fill(name);
    await page.locator('input[name="agent-scopes"]').fill('email');
    await page.getByRole('button', { name: 'Register agent' }).click();
    const secretBox = page.getByTestId('client-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/shown only this once/);
    const row = page.locator('tr', { hasText: name });
    const agentId = await row.getAttribute('data-agent-id');
    expect(agentId).toMatch(/^agt_/);
    const token = await serviceClient.auth.getAccessToken(
      agentId ?? '',
      secret,
      'email',
      'client_credentials',
    );
    expect(token).toBeTruthy();

    await page.getByRole('button', { name: 'I have stored it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Agents' }).waitFor(); // still signed in (same tab)
    await row.waitFor();
    expect(await page.getByTestId('client-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // Kill switch, with a confirmation that names the agent.
    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(agentId);
    await dialog.getByRole('button', { name: 'Revoke agent' }).click();
    await expect.poll(() => row.locator('td.status').textContent()).toBe('suspended');
    const afterRevoke = await serviceClient.auth
      .getAccessToken(agentId ?? '', secret, 'email', 'client_credentials')
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(afterRevoke).toBeInstanceOf(BulwarkError);

    // The audit trail shows the creation (it arrives through outbox → queue → worker, so poll).
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.locator('input[name="filter-actionPrefix"]').fill('auth.agent');
    const created = page.locator(`tr[data-action="auth.agent.create"]`, { hasText: agentId ?? '' });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Search' }).click();
          return created.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    expect(await created.textContent()).toContain('success');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Chain intact: \d+ events/);

    // Tenants and usage render from the real services.
    await page.getByRole('link', { name: 'Tenants' }).click();
    await page.locator('code', { hasText: stack.rootTenantId }).waitFor();
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.locator('table[aria-label="Usage"][aria-busy="false"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // Sign out forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.evaluate(() => sessionStorage.getItem('bulwark.console.apiKey'))).toBeNull();
  }, 120_000);
});
