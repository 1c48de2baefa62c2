import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/**
 * Debian's Chromium, as in apps/console's browser test: nothing here may download a browser, and a
 * missing Chromium fails the test (CI installs it) rather than skipping it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const MISSING_CHROMIUM = `Chromium is missing at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); the browser test fails rather than skips.`;

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh context (own cookies) that only reaches the local server: anything else the page asks for
 * (bull-board links a Google Fonts stylesheet) is aborted, so the test never depends on the network.
 */
export async function localOnlyContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route(/^[a-z]+:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  context.setDefaultTimeout(15_000);
  return context;
}
