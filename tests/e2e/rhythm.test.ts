import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestEntries } from '#db/schema/index.ts';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { startSmtpServer } from '#tests/helpers/smtp.ts';

// Mail goes to the in-process SMTP test server (no real relay here): digests are queued only on a site that sends mail.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: TestServer;
let browser: Browser;
let learner: Member;
let organiser: Member;
let helper: Member;

beforeAll(async () => {
  smtp = await startSmtpServer();
  [server, browser] = await Promise.all([startServer({ env: { SMTP_URL: smtp.url } }), launchBrowser()]);
  const db = server.database.db;
  learner = await createMember(
    {
      handle: 'lee-learner',
      displayName: 'Lee Learner',
      timezone: 'America/New_York',
      skills: [{ skill: 'Bun', wantsToLearn: true }],
    },
    db,
  );
  organiser = await createMember(
    { handle: 'ola-organiser', displayName: 'Ola Organiser', timezone: 'Europe/Berlin' },
    db,
  );
  helper = await createMember(
    {
      handle: 'hana-helper',
      displayName: 'Hana Helper',
      timezone: 'Europe/Berlin',
      openToOngoing: true,
      skills: [{ skill: 'Bun', level: 5, canTeach: true }],
    },
    db,
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await smtp?.close();
});

async function signIn(page: Page, member: Member): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
}

/** A date `days` from now as YYYY-MM-DD (UTC). */
const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const JOURNEY =
  'a learner follows Bun; an organiser publishes a weekly Bun meetup; the learner sees it in the inbox and waiting ' +
  'for the digest, books a slot from a helper’s free time; the helper moves it and both calendars show the new time';

describe('the rhythm of a community in Chromium', () => {
  it(JOURNEY, async () => {
    const l = await newPage(browser, server.url);
    const o = await newPage(browser, server.url);
    const h = await newPage(browser, server.url);
    await Promise.all([signIn(l.page, learner), signIn(o.page, organiser), signIn(h.page, helper)]);

    // The learner follows the topic and asks for a daily digest of what they follow.
    await l.page.goto('/topics/bun');
    await l.page.getByRole('button', { name: 'Follow Bun' }).click();
    await expect.poll(() => l.page.getByRole('button', { name: 'Following Bun' }).count()).toBe(1);
    await l.page.goto('/settings/notifications');
    await l.page
      .getByRole('group', { name: 'Topics and people you follow' })
      .getByLabel('Inbox, and a daily email digest')
      .check();
    await l.page.getByRole('button', { name: 'Save' }).click();
    await l.page.waitForURL(/saved/);

    // The organiser publishes a weekly meetup on Bun.
    await o.page.goto('/events/new');
    await o.page.getByLabel('Title').fill('Bun evenings');
    await o.page.getByLabel('Kind').selectOption('meetup');
    await o.page.getByLabel('Description').fill('Show what you built with **Bun** this week.');
    await o.page.getByLabel('Topics').fill('Bun');
    await o.page.getByLabel('Starts').fill(`${dayIn(5)}T18:30`);
    await o.page.getByLabel('Ends').fill(`${dayIn(5)}T20:00`);
    await o.page.getByLabel('Time zone').fill('Europe/Berlin');
    await o.page.getByLabel('Format').selectOption('online');
    await o.page.getByLabel('Online link').fill('https://meet.example.test/bun');
    await o.page.getByLabel('Capacity').fill('30');
    await o.page.getByLabel(/^Weekly, on the same weekday/).check();
    await o.page.getByLabel('Last date').fill(dayIn(5 + 7 * 5));
    await o.page.getByRole('button', { name: 'Save draft' }).click();
    await o.page.waitForURL(/\/events\/series\//);
    await o.page.getByRole('button', { name: 'Publish all dates' }).click();
    await o.page.waitForURL(/done=published|published/);

    // The follower hears once, in the inbox, and it waits for their digest.
    await l.page.goto('/inbox');
    await expect.poll(() => l.page.getByText(/Bun evenings/).count()).toBeGreaterThan(0);
    // Queued once for the digest (the digest job may already have taken it into today's digest, so ask the database).
    const queued = await server.database.db.select().from(digestEntries).where(eq(digestEntries.userId, learner.id));
    expect(queued).toHaveLength(1);

    // The helper publishes bookable time: every day 17:00–19:00 in Berlin.
    await h.page.goto('/settings/availability');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await h.page.getByLabel('Day', { exact: true }).selectOption({ label: day });
      await h.page.getByRole('button', { name: 'Add window' }).click();
      await h.page.waitForURL(/availability/);
    }
    await h.page.getByLabel('Publish my bookable time', { exact: false }).check();
    await h.page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => h.page.getByText('Saved. Requesters now pick from your free slots.').count()).toBe(1);

    // The learner books a slot, shown in New York time.
    await l.page.goto('/requests/new?to=hana-helper&topic=bun');
    await l.page
      .getByLabel(/Ongoing/)
      .first()
      .check();
    await l.page.getByLabel('What do you want help with?').fill('Review my Bun HTTP server and plan next steps.');
    expect(await l.page.getByText('in your time zone (America/New York)').count()).toBe(1);
    const firstSlot = l.page.locator('input[name="bookedSlot"]').first();
    const booked = await firstSlot.getAttribute('value');
    await firstSlot.check();
    await l.page.getByRole('button', { name: 'Send request' }).click();
    await l.page.waitForURL(/\/requests\/[a-z0-9]+\?done=sent/);
    const requestPath = new URL(l.page.url()).pathname;

    // The helper accepts the booked time, then asks to move it two days later.
    await h.page.goto(requestPath);
    await h.page.getByRole('button', { name: 'Accept', exact: true }).click();
    await h.page.waitForURL(/done=accept/);
    const moved = new Date(new Date(booked!).getTime() + 2 * 86_400_000);
    const berlin = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(moved)
      .replace(' ', 'T');
    await h.page.getByText('Propose a new time').click();
    await h.page.getByLabel(/^New time/).fill(berlin);
    await h.page.getByRole('button', { name: /Ask .* to move it/ }).click();
    await h.page.waitForURL(/done=reschedule/);

    // The learner accepts the new time.
    await l.page.goto(requestPath);
    await l.page.getByRole('button', { name: 'Accept the new time' }).click();
    await l.page.waitForURL(/done=answerMove/);

    // Both calendar files carry the new time, as a new version of the same entry.
    const stamp = `DTSTART:${moved.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
    for (const who of [l, h]) {
      const ics = await (await who.context.request.get(`${requestPath}.ics`)).text();
      expect(ics).toContain(stamp);
      expect(ics).toMatch(/SEQUENCE:[1-9]/);
    }
    for (const who of [l, o, h]) await who.context.close();
  });
});
