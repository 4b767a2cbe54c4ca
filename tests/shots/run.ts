/**
 * `npm run shots`: screenshots of the main pages at desktop (1280 × 800) and phone
 * (390 × 844) width, light and dark, signed out and as a demo member, into
 * `screenshots/` (git-ignored), so anyone can look at the site without setting it up.
 * Runs the built server on a temporary database with the demo community.
 *
 *   npm run shots                       every page
 *   SHOTS=home,profile npm run shots    only pages whose name contains one of these
 *   SHOTS_TILES=1 npm run shots         also one picture per screenful (name-1.png, name-2.png…)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#tests/helpers/browser.ts';
import { startServer } from '#tests/helpers/server.ts';
import { SHOT_PAGES, type ShotPage } from './pages.ts';
import { signInAs } from './sign-in.ts';

const OUT = fileURLToPath(new URL('../../screenshots', import.meta.url));
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Very long pages are cut here, so every picture stays readable. */
const MAX_HEIGHT = 4000;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const only = (process.env.SHOTS ?? '').split(',').filter(Boolean);
  const pages = SHOT_PAGES.filter((p) => only.length === 0 || only.some((o) => p.name.includes(o)));
  const [server, browser] = await Promise.all([startServer({ seedDemo: true }), launchBrowser()]);
  let count = 0;
  try {
    for (const width of WIDTHS) {
      for (const scheme of SCHEMES) {
        for (const signedIn of [false, true]) {
          const group = pages.filter((p) => p.signedIn === signedIn);
          if (group.length === 0) continue;
          const context = await newContext(browser, server.url, width, scheme);
          if (signedIn) await signInAs(context, 'amara.okafor@example.org');
          for (const page of group) {
            await shoot(context, page, `${page.name}-${width.name}-${scheme}.png`);
            count++;
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.dispose();
  }
  console.log(`${count} screenshots in ${OUT}`);
}

async function newContext(
  browser: Browser,
  baseURL: string,
  width: (typeof WIDTHS)[number],
  colorScheme: (typeof SCHEMES)[number],
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    colorScheme,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    reducedMotion: 'reduce',
    ...width,
  });
}

async function shoot(context: BrowserContext, shot: ShotPage, file: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(shot.path, { waitUntil: 'networkidle' });
  await shot.prepare?.(page);
  await loadLazyImages(page);
  const height = Math.min(MAX_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
  const { width, height: screen } = page.viewportSize()!;
  await page.screenshot({ path: join(OUT, file), fullPage: true, clip: { x: 0, y: 0, width, height } });
  if (process.env.SHOTS_TILES) {
    for (let y = 0, n = 1; y < height; y += screen, n++) {
      const clip = { x: 0, y, width, height: Math.min(screen, height - y) };
      await page.screenshot({ path: join(OUT, file.replace(/\.png$/, `-${n}.png`)), fullPage: true, clip });
    }
  }
  await page.close();
}

/** Loads every lazy picture now (a full-page picture shows the whole page), and waits for them. */
async function loadLazyImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const img of document.images) img.loading = 'eager';
    await Promise.all(
      [...document.images].map((img) =>
        img.complete
          ? null
          : new Promise((resolve) => {
              img.addEventListener('load', resolve, { once: true });
              img.addEventListener('error', resolve, { once: true });
            }),
      ),
    );
  });
}

await main();
