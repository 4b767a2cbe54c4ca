import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '#db/schema/index.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { addFeedback, addRsvps } from '#tests/helpers/event-outcomes.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function signIn(who: Member, width = 1280): Promise<Page> {
  const { page } = await newPage(browser, server.url);
  await page.setViewportSize({ width, height: 844 });
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

const MINUTE = 60_000;

describe('an event from the door to /insights, in Chromium', () => {
  it('runs an event, checks people in, collects feedback and shows it to the organiser and on /insights', async () => {
    const db = server.database.db;
    const organizer = await createMember({ displayName: 'Olga Organiser', timezone: 'Europe/Berlin' }, db);
    const ana = await createMember({ displayName: 'Ana Attendee' }, db);
    const ben = await createMember({ displayName: 'Ben Attendee' }, db);
    const others: Member[] = [];
    for (const name of ['Chen Wu', 'Dara Quinn', 'Eli Moss', 'Fay Noor'])
      others.push(await createMember({ displayName: name }, db));

    // The organiser starts a workshop from the "start an event on a topic" link, prefilled.
    const host = await signIn(organizer);
    await host.goto('/events/new?topic=rust');
    expect(await host.getByLabel('Topics').inputValue()).toBe('Rust');
    await host.getByLabel('Title').fill('Rust at the door');
    const start = new Date(Date.now() + 20 * MINUTE);
    await host.getByLabel('Starts').fill(toLocalInputValue(start, 'Europe/Berlin'));
    await host.getByLabel('Ends').fill(toLocalInputValue(new Date(start.getTime() + 60 * MINUTE), 'Europe/Berlin'));
    await host.getByLabel('Time zone').fill('Europe/Berlin');
    await host.getByLabel('Format').selectOption('online');
    await host.getByLabel('Online link').fill('https://meet.example.test/rust-door');
    await host.getByLabel('Capacity').fill('10');
    await host.getByRole('button', { name: 'Save draft' }).click();
    await host.waitForURL('**/events/rust-at-the-door?created=1');
    await host.getByRole('button', { name: 'Publish' }).click();
    await host.waitForURL('**/events/rust-at-the-door?done=published');
    const event = (await db.select().from(events).where(eq(events.slug, 'rust-at-the-door')).get())!;

    // Ana and Ben RSVP in the browser; four more are going too.
    for (const who of [ana, ben]) {
      const page = await signIn(who);
      await page.goto('/events/rust-at-the-door');
      await page.getByRole('button', { name: 'RSVP: I’m going' }).click();
      await page.getByText('You are going.').first().waitFor();
      await page.context().close();
    }
    await addRsvps(event, others, {}, db);

    // At the door, on a phone: find Ana by typing part of her name, one tap checks her in.
    const door = await signIn(organizer, 390);
    await door.goto('/events/rust-at-the-door');
    await door.getByRole('link', { name: 'Check people in' }).click();
    await door.waitForURL('**/events/rust-at-the-door/check-in');
    await door.locator('astro-island:not([ssr])').waitFor({ state: 'attached' });
    await door.getByLabel('Find a name').fill('ana');
    await door.getByText('1 of 6 match').waitFor();
    await door.getByRole('button', { name: 'Check in Ana Attendee' }).click();
    await door.getByText('✓ Ana Attendee is checked in.').waitFor();
    for (const name of ['Chen Wu', 'Dara Quinn', 'Eli Moss']) {
      await door.getByRole('button', { name: `Check in ${name}` }).click();
      await door.getByText(`✓ ${name} is checked in.`).waitFor();
    }
    // A mistaken tap is undone.
    await door.getByRole('button', { name: 'Undo check-in: Eli Moss' }).click();
    await door.getByText('Eli Moss is no longer checked in.').waitFor();
    await door.getByRole('button', { name: 'Check in Eli Moss' }).click();
    await door.getByText('✓ Eli Moss is checked in.').waitFor();
    const code = (await door.locator('.code .value').textContent())!.trim();

    // Ben checks himself in with the code shown at the event.
    const benPage = await signIn(ben);
    await benPage.goto('/events/rust-at-the-door');
    await benPage.getByLabel('Check in with the code shown at the event').fill(code.toLowerCase());
    await benPage.getByRole('button', { name: 'Check me in' }).click();
    await benPage.getByText('You are checked in. Enjoy the event!').waitFor();
    await door.reload();
    expect(await door.locator('.tally').textContent()).toMatch(/5\s*checked in\s*of 6 going/);

    // The event ends (the clock moves on).
    await db
      .update(events)
      .set({ startsAt: new Date(Date.now() - 3 * 60 * MINUTE), endsAt: new Date(Date.now() - 60 * MINUTE) })
      .where(eq(events.id, event.id));

    // Ana and Ben leave feedback; Ana signs hers.
    const anaPage = await signIn(ana);
    await anaPage.goto('/events/rust-at-the-door');
    await anaPage.getByRole('link', { name: 'How was it? Give feedback' }).click();
    await anaPage.getByLabel('5 · Excellent').check();
    await anaPage.getByLabel('What worked?').fill('Pairing on real code.');
    await anaPage.getByLabel('What should we run next?').fill('Rust');
    await anaPage.getByLabel('Put my name to my comments').check();
    await anaPage.getByRole('button', { name: 'Send feedback' }).click();
    await anaPage.getByText('Thank you! Your feedback is with the organisers.').waitFor();

    await benPage.goto('/events/rust-at-the-door/feedback');
    await benPage.getByLabel('4 · Very useful').check();
    await benPage.getByLabel('What should we improve?').fill('A break halfway.');
    await benPage.getByLabel('What should we run next?').fill('rust');
    await benPage.getByRole('button', { name: 'Send feedback' }).click();
    await benPage.getByText('Thank you!').waitFor();
    // Three more who came answered from their inbox.
    for (const [i, rating] of [5, 4, 5].entries()) await addFeedback(event, others[i]!, rating, { next: ['Rust'] }, db);

    // The organiser's summary: attendance, the average, comments with a name only where signed.
    await host.goto('/events/rust-at-the-door/summary');
    const figures = await host.locator('dl.figures').textContent();
    expect(figures).toMatch(/Checked in\s*5/);
    expect(figures).toMatch(/No-shows\s*1/);
    expect(figures).toMatch(/Average rating\s*4\.6 \/ 5/);
    const worked = host.locator('blockquote', { hasText: 'Pairing on real code.' });
    expect(await worked.textContent()).toContain('Ana Attendee');
    const improve = host.locator('blockquote', { hasText: 'A break halfway.' });
    expect(await improve.textContent()).not.toContain('Ben');
    expect(await host.getByRole('link', { name: 'Rust · 5' }).isVisible()).toBe(true);

    // /insights: the event, its attendance and feedback, and Rust asked for next.
    await host.goto('/insights?period=30d');
    const eventFigures = await host.locator('#events dl.figures').textContent();
    expect(eventFigures).toMatch(/Events held\s*1/);
    expect(eventFigures).toMatch(/Came, of those with a seat\s*83%/);
    expect(eventFigures).toMatch(/Average feedback\s*4\.6 \/ 5/);
    await host.locator('#supply details').last().locator('summary').click();
    const rust = host.locator('#supply tr', { has: host.getByRole('link', { name: 'Rust', exact: true }) });
    expect(await rust.locator('td').allTextContents()).toEqual([
      'fewer than 5',
      'fewer than 5',
      'fewer than 5',
      'fewer than 5',
      '5',
      '5',
    ]);
  }, 120_000);
});
