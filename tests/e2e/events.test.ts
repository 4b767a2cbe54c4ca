import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedTimeToUtc } from '#server/time/zones.ts';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';
import { icalDate, parseIcal, prop } from '#tests/helpers/ical.ts';
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

async function signIn(who: Member): Promise<Page> {
  const { page } = await newPage(browser, server.url);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

/** A date a few weeks ahead as YYYY-MM-DD (the wall-clock date typed into the form). */
const ahead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('events journey in Chromium', () => {
  it('publishes a workshop, fills it, promotes from the waitlist, exports .ics, and attaches a reading list', async () => {
    const db = server.database.db;
    const organizer = await createMember({ displayName: 'Olga Organiser', timezone: 'Europe/Berlin' }, db);
    const [ana, ben, cleo] = await Promise.all([
      createMember({ displayName: 'Ana Attendee', timezone: 'Europe/Berlin' }, db),
      createMember({ displayName: 'Ben Attendee', timezone: 'America/New_York' }, db),
      createMember({ displayName: 'Cleo Waiting', timezone: 'Asia/Tokyo' }, db),
    ]);

    // The organiser creates a workshop from the events page and publishes it.
    const host = await signIn(organizer);
    await host.goto('/events');
    await host.getByRole('link', { name: 'Organise an event' }).click();
    await host.getByLabel('Title').fill('Hands-on Rust workshop');
    await host.getByLabel('Kind').selectOption('workshop');
    await host.getByLabel('Description').fill('We build a **CLI** together.');
    await host.getByLabel('Topics').fill('Rust');
    const day = ahead(30);
    await host.getByLabel('Starts').fill(`${day}T18:00`);
    await host.getByLabel('Ends').fill(`${day}T20:00`);
    // The zone field is the profile's: suggestions filled in by the browser, a city typed in any case is understood.
    await expect.poll(() => host.locator('#timezone-options option').count()).toBeGreaterThan(300);
    expect(await host.locator('#timezone-options option[value="Asia/Tokyo"]').getAttribute('label')).toBe(
      'UTC+9 · Asia/Tokyo',
    );
    await host.getByLabel('Time zone').fill('berlin');
    await host.getByLabel('Format').selectOption('online');
    await host.getByLabel('Online link').fill('https://meet.example.test/rust-room');
    await host.getByLabel('Capacity').fill('2');
    await host.getByRole('button', { name: 'Save draft' }).click();
    await host.waitForURL('**/events/hands-on-rust-workshop?created=1');
    await host.getByText('Draft saved. Only you can see it until you publish it.').waitFor();
    await host.getByRole('button', { name: 'Publish' }).click();
    await host.waitForURL('**/events/hands-on-rust-workshop?done=published');
    await host.getByText('Published. The event is now listed').waitFor();

    // Members RSVP until it is full; the third joins the waitlist.
    const anaPage = await signIn(ana);
    await anaPage.goto('/events');
    await anaPage.getByRole('link', { name: 'Hands-on Rust workshop' }).click();
    await anaPage.getByRole('button', { name: 'RSVP: I’m going' }).click();
    await anaPage.getByText('You are going.').first().waitFor();
    expect(await anaPage.getByRole('link', { name: 'https://meet.example.test/rust-room' }).isVisible()).toBe(true);

    const benPage = await signIn(ben);
    await benPage.goto('/events/hands-on-rust-workshop');
    // Ben sees the time in New York, with the organiser's Berlin time beside it.
    expect(await benPage.getByText('your time, America/New York').isVisible()).toBe(true);
    expect(await benPage.getByText('18:00–20:00 in Europe/Berlin').isVisible()).toBe(true);
    await benPage.getByRole('button', { name: 'RSVP: I’m going' }).click();
    await benPage.getByText('You are going.').first().waitFor();

    const cleoPage = await signIn(cleo);
    await cleoPage.goto('/events/hands-on-rust-workshop');
    expect(await cleoPage.getByText('Full.').isVisible()).toBe(true);
    await cleoPage.getByRole('button', { name: 'Join the waitlist' }).click();
    await cleoPage.getByText('number 1').waitFor();
    expect(await cleoPage.getByText('meet.example.test/rust-room').count()).toBe(0);

    // Ana cancels: Cleo moves up and is told in her inbox.
    await anaPage.getByRole('button', { name: 'Cancel my RSVP' }).click();
    await anaPage.getByText('Your RSVP is cancelled').waitFor();
    await cleoPage.goto('/inbox');
    await cleoPage.getByText('You have a seat at Hands-on Rust workshop').waitFor();
    expect(await cleoPage.locator('.inbox .badge').textContent()).toBe('1 unread');
    await cleoPage.getByText('You have a seat at Hands-on Rust workshop').click();
    await cleoPage.waitForURL('**/events/hands-on-rust-workshop');
    await cleoPage.getByText('You are going.').first().waitFor();

    // The organiser sees the new attendee list.
    await host.goto('/events/hands-on-rust-workshop/attendees');
    const going = await host.locator('section', { has: host.getByRole('heading', { name: 'Going' }) }).textContent();
    expect(going).toContain('Ben Attendee');
    expect(going).toContain('Cleo Waiting');
    expect(going).not.toContain('Ana Attendee');

    // An attendee downloads the calendar file; it parses, with the link for people going.
    const [download] = await Promise.all([
      benPage.waitForEvent('download'),
      benPage.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hands-on-rust-workshop.ics');
    const ics = parseIcal(await readFile((await download.path())!, 'utf8'));
    const vevent = ics.events[0]!;
    expect(prop(vevent, 'SUMMARY')).toBe('Hands-on Rust workshop');
    expect(icalDate(prop(vevent, 'DTSTART'))).toEqual(zonedTimeToUtc(`${day}T18:00`, 'Europe/Berlin')!.instant);
    expect(prop(vevent, 'DESCRIPTION')).toContain('https://meet.example.test/rust-room');

    // After an earlier event, the organiser builds a reading list and attaches it.
    const past = await createEvent(
      {
        organizer,
        title: 'Rust meetup, last month',
        startsAt: new Date(Date.now() - 20 * 86_400_000),
        topics: ['Rust'],
      },
      db,
    );
    await host.goto('/lists');
    await host.getByRole('link', { name: 'New reading list' }).click();
    await host.getByLabel('Title').fill('Rust after the meetup');
    await host.getByLabel('Topics').fill('Rust');
    await host.getByRole('button', { name: 'Create and add items' }).click();
    await host.waitForURL('**/lists/rust-after-the-meetup/edit?created=1');
    const add = async (title: string, url: string, kind: string, minutes: string) => {
      const form = host.locator('#add-item');
      await form.getByLabel('Link').fill(url);
      await form.getByLabel('Title').fill(title);
      await form.getByLabel('Kind').selectOption(kind);
      await form.getByLabel('Minutes').fill(minutes);
      await form.getByLabel('Why read this').fill(`Why: ${title}.`);
      await form.getByRole('button', { name: 'Add item' }).click();
      await host.getByText('Item added.').waitFor();
    };
    await add('The Rust Book', 'https://doc.rust-lang.org/book/', 'book', '1200');
    await add('Rustlings', 'https://github.com/rust-lang/rustlings', 'repo', '600');
    await add('Rust by Example', 'https://doc.rust-lang.org/rust-by-example/', 'book', '480');

    // Reorder with the keyboard in the island: Rustlings goes first.
    const handle = host.getByRole('button', { name: /Reorder “Rustlings”/ });
    await handle.focus();
    await host.keyboard.press('ArrowUp');
    await host.getByText('Saved: “Rustlings” is now 1 of 3.').waitFor();
    // …and by drag: Rust by Example onto the first place.
    await host.getByRole('button', { name: /Reorder “Rust by Example”/ }).dragTo(host.locator('li[data-item]').first());
    await host.getByText('Saved: “Rust by Example” is now 1 of 3.').waitFor();
    await host.reload();
    const order = await host.locator('li[data-item] strong').allTextContents();
    expect(order).toEqual(['Rust by Example', 'Rustlings', 'The Rust Book']);

    await host.goto('/lists/rust-after-the-meetup');
    await host.getByLabel('Attach to an event you run').selectOption({ label: await optionLabel(host, past.id) });
    await host.getByRole('button', { name: 'Attach' }).click();
    await host.waitForURL(`**/events/${past.slug}?done=materials#materials`);
    await host.getByRole('heading', { name: 'After the event' }).waitFor();
    expect(await host.getByRole('link', { name: 'Rust after the meetup' }).isVisible()).toBe(true);

    // Anyone can see the list on the past event's page.
    const { page: visitor } = await newPage(browser, server.url);
    await visitor.goto(`/events/${past.slug}`);
    expect(await visitor.locator('#materials').textContent()).toMatch(
      /Rust by Example[\s\S]*Rustlings[\s\S]*The Rust Book/,
    );
  });
});

async function optionLabel(page: Page, value: string): Promise<string> {
  return (await page.locator(`select[name="eventId"] option[value="${value}"]`).textContent())!.trim();
}
