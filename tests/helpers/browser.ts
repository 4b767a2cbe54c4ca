import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; CI installs it with `apt-get install -y chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium the way this machine allows: no sandbox (tests run as
 * root), and no background networking (the network is closed; Chromium's own
 * connections would only fail and slow things down).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const violations = new WeakMap<BrowserContext, string[]>();

/** Content-Security-Policy violations Chromium reported in this browser profile so far. */
export function cspViolations(context: BrowserContext): string[] {
  return violations.get(context) ?? [];
}

/** A fresh browser profile (own cookies) pointed at the test server; CSP violations are recorded. */
export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  const seen: string[] = [];
  violations.set(context, seen);
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}
