import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, sidewaysOverflow } from '#tests/helpers/axe.ts';
import { launchBrowser } from '#tests/helpers/browser.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { signInAs } from '#tests/shots/sign-in.ts';

/*
 * The accessibility sweep: every main page of the demo community, signed out and in,
 * light and dark, at desktop and phone width, checked with axe-core (WCAG 2.2 A and AA)
 * and for sideways scrolling. A phone at 320 px must not scroll sideways either.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ seedDemo: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

interface SweepPage {
  path: string;
  /** Follow the first link matching this selector from `path` (pages whose address the demo does not fix). */
  follow?: string;
  /** Something to do first, e.g. submit a form empty to check the error state. */
  prepare?: (page: Page) => Promise<void>;
}

const submitEmpty = (button: string) => async (page: Page) => {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
};

const VISITOR_PAGES: SweepPage[] = [
  { path: '/' },
  { path: '/people?q=kubernetes' },
  { path: '/people/tunde-adeyemi' },
  { path: '/events' },
  { path: '/events/postgres-query-clinic' },
  { path: '/topics' },
  { path: '/topics/rust' },
  { path: '/search?q=rust' },
  { path: '/lists' },
  { path: '/lists', follow: 'main a[href^="/lists/"]' },
  { path: '/guides' },
  { path: '/guides', follow: 'main a[href^="/guides/"]' },
  { path: '/insights' },
  { path: '/signin' },
  { path: '/signup', prepare: submitEmpty('Create account') },
];

const MEMBER_PAGES: SweepPage[] = [
  { path: '/' },
  { path: '/requests' },
  { path: '/requests', follow: 'main h3 a[href^="/requests/"]' },
  { path: '/requests/new?to=tunde-adeyemi' },
  { path: '/requests/new?to=tunde-adeyemi', prepare: submitEmpty('Send request') },
  { path: '/requests/open' },
  { path: '/inbox' },
  { path: '/matches' },
  { path: '/mentoring' },
  { path: '/people/amara-okafor' },
  { path: '/events/postgres-query-clinic' },
  { path: '/settings/profile' },
  { path: '/settings/skills' },
  { path: '/settings/avatar' },
];

/** Each page loads once; the sweep then resizes it and switches the colour scheme. */
const CHECKS = [
  { width: 1280, height: 800, axe: true },
  { width: 390, height: 844, axe: true },
  { width: 320, height: 640, axe: false },
] as const;

async function context(member: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL: server.url,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    bypassCSP: true, // axe is injected as a script
  });
  if (member) await signInAs(ctx, 'amara.okafor@example.org');
  return ctx;
}

async function open(ctx: BrowserContext, sweep: SweepPage): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(sweep.path);
  if (sweep.follow) {
    const href = await page.locator(sweep.follow).first().getAttribute('href');
    if (!href) throw new Error(`No link ${sweep.follow} on ${sweep.path}`);
    await page.goto(href);
  }
  await sweep.prepare?.(page);
  return page;
}

const label = (s: SweepPage) => `${s.path}${s.follow ? ' → first link' : ''}${s.prepare ? ' (submitted empty)' : ''}`;

/** Every check of one page at every width and in both schemes; one line per problem. */
async function sweepPage(ctx: BrowserContext, sweep: SweepPage): Promise<string[]> {
  const page = await open(ctx, sweep);
  const problems: string[] = [];
  for (const check of CHECKS) {
    await page.setViewportSize({ width: check.width, height: check.height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const where = `${label(sweep)} at ${check.width}px, ${scheme}`;
      if (check.axe) for (const v of await axeViolations(page)) problems.push(`${where}: ${v}`);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) problems.push(`${where}: scrolls ${overflow}px sideways`);
      if (!check.axe) break; // the width alone matters for scrolling
    }
  }
  await page.close();
  return problems;
}

describe('the accessibility sweep (axe-core, WCAG 2.2 AA)', () => {
  for (const member of [false, true]) {
    const who = member ? 'signed in' : 'signed out';
    it(`finds no violation on any page ${who}, light and dark, at 1280 and 390 px; nothing scrolls sideways at 320 px`, async () => {
      const ctx = await context(member);
      const problems: string[] = [];
      for (const sweep of member ? MEMBER_PAGES : VISITOR_PAGES) problems.push(...(await sweepPage(ctx, sweep)));
      await ctx.close();
      expect(problems).toEqual([]);
    }, 600_000);
  }

  it('on a phone, people search shows the first result on the first screen, and filters behind a button', async () => {
    const ctx = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    await page.goto('/people?q=kubernetes');
    const first = await page.locator('[data-result]').first().boundingBox();
    expect(first).not.toBeNull();
    expect(first!.y).toBeLessThan(844 - 100);
    // The filters are folded: their first option is not on screen until "Filters" opens them.
    const firstFilter = page.locator('details.facets input').first();
    expect(await firstFilter.isVisible()).toBe(false);
    await page.locator('details.facets > summary').click();
    expect(await firstFilter.isVisible()).toBe(true);
    const header = await page.locator('header.site-header').boundingBox();
    expect(header!.height).toBeLessThan(80);
    await ctx.close();
  });
});

/** What Chromium's accessibility tree says about a button's expanded state (the Popover API sets it, not an attribute). */
async function expandedState(page: Page, name: RegExp): Promise<boolean | undefined> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: {
      role?: { value?: string };
      name?: { value?: string };
      properties?: { name: string; value: { value?: unknown } }[];
    }[];
  };
  await cdp.detach();
  const button = nodes.find((n) => n.role?.value === 'button' && name.test(String(n.name?.value ?? '')));
  const expanded = button?.properties?.find((p) => p.name === 'expanded')?.value.value;
  return typeof expanded === 'boolean' ? expanded : undefined;
}

describe('keyboard and forms', () => {
  it('the account menu, with no script: opens from its button, closes on Escape (focus back) and on a click outside', async () => {
    const ctx = await context(true);
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/events');
    expect(await page.locator('script').count()).toBe(0); // the browser does it all (Popover API)
    const button = page.locator('.account-button');
    const menu = page.locator('#account-menu');
    const isOpen = () => menu.evaluate((el) => el.matches(':popover-open'));
    const focused = (el: Element) => el === document.activeElement;
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await isOpen()).toBe(true);
    // The browser tells assistive technology it is expanded, and tabbing goes into it next.
    expect(await expandedState(page, /^Account menu for/)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await menu.getByRole('link', { name: 'My profile' }).evaluate(focused)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await isOpen()).toBe(false);
    expect(await button.evaluate(focused)).toBe(true);
    expect(await expandedState(page, /^Account menu for/)).toBe(false);

    // Tabbing past its last item leaves it open over the page (popovers do not close on blur); Escape
    // closes it from wherever focus went, and focus stays there: the focused item is never left hidden
    // under it (WCAG 2.4.11, note 2).
    await page.keyboard.press('Enter');
    const items = await menu.locator('a, button').count();
    for (let i = 0; i < items + 1; i++) await page.keyboard.press('Tab');
    expect(await menu.evaluate((el) => el.contains(document.activeElement))).toBe(false);
    const outside = await page.evaluate(() => document.activeElement?.outerHTML);
    await page.keyboard.press('Escape');
    expect(await isOpen()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(outside);

    // A click anywhere else closes it too; a click on its button again closes it.
    await button.click();
    expect(await isOpen()).toBe(true);
    await page.locator('main h1').click();
    expect(await isOpen()).toBe(false);
    await button.click();
    await button.click();
    expect(await isOpen()).toBe(false);

    // On a phone the one "Menu" behaves the same.
    await page.setViewportSize({ width: 390, height: 844 });
    const phoneMenu = page.locator('#site-menu');
    await page.locator('.site-button').click();
    expect(await phoneMenu.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await phoneMenu.evaluate((el) => el.matches(':popover-open'))).toBe(false);
    await ctx.close();
  });

  it('a refused sign-up names every problem at once in a summary that takes focus, links each field, says Error', async () => {
    const ctx = await context(false);
    const page = await ctx.newPage();
    await page.goto('/signup');
    await page.getByLabel('Email').fill('not-an-address');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create account' }).click()]);
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.locator('.error-summary');
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const links = summary.locator('a');
    expect(await links.count()).toBe(4); // name, handle, email, password: all at once
    await links.nth(2).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-email');
    expect(await page.getByLabel('Email').inputValue()).toBe('not-an-address'); // kept as typed
    await ctx.close();
  });

  it('on a phone: search, open a profile, ask for help from the one action beside the name, then RSVP to an event', async () => {
    const ctx = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    await signInAs(ctx, 'amara.okafor@example.org');
    const page = await ctx.newPage();
    await page.goto('/people?q=Tunde');
    await page.locator('[data-result]', { hasText: 'Tunde Adeyemi' }).first().click();
    await page.waitForURL('**/people/tunde-adeyemi');
    const ask = page.getByRole('link', { name: 'Ask Tunde for help' });
    expect((await ask.boundingBox())!.y).toBeLessThan(844); // the main action on the first screen
    await ask.click();
    await page.waitForURL('**/requests/new?to=tunde-adeyemi');
    // His skills are the choices; the first is chosen, and kind and reverse stay two separate answers.
    expect(await page.locator('input[name="topic"][type="radio"]').count()).toBeGreaterThan(1);
    expect(await page.locator('input[name="topic"][type="radio"]:checked').count()).toBe(1);
    await page.getByLabel('What do you want help with?').fill('Could you look at my Bun HTTP server before I ship it?');
    await Promise.all([
      page.waitForURL(/\/requests\/[a-z0-9]+\?done=sent/),
      page.getByRole('button', { name: 'Send request' }).click(),
    ]);

    // The first upcoming event this member has not answered yet.
    await page.goto('/events');
    const hrefs = await page
      .locator('main .event-card h2 a, main .event-card h3 a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    const rsvp = page.getByRole('button', { name: /RSVP: I’m going|Join the waitlist/ });
    for (const href of hrefs) {
      await page.goto(href);
      if ((await rsvp.count()) > 0) break;
    }
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    const button = await rsvp.boundingBox();
    expect(button!.y).toBeGreaterThan(title!.y); // the panel follows the title…
    expect(button!.y).toBeLessThan(844 * 1.5); // …and is near the top
    await rsvp.click();
    await page
      .getByText(/You are going|you are on the waitlist/)
      .first()
      .waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    await ctx.close();
  });
});
