import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '#server/time/format.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { createMember, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
let browser: Browser;
let senior: Member;
let junior: Member;
/** The request the journey created, for the privacy check after it. */
let journeyPath = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  senior = await createMember(
    {
      handle: 'sam-senior',
      displayName: 'Sam Senior',
      seniority: 'senior',
      timezone: 'Europe/Berlin',
      skills: [{ skill: 'Bun', wantsToLearn: true }],
    },
    server.database.db,
  );
  junior = await createMember(
    {
      handle: 'jo-junior',
      displayName: 'Jo Junior',
      seniority: 'junior',
      timezone: 'Asia/Kolkata',
      openToReverse: true,
      skills: [{ skill: 'Bun', level: 4, canTeach: true }],
    },
    server.database.db,
  );
  // Made directly in the database: queue them for the people index as the services would.
  await queuePeopleIndexing([senior.id, junior.id], server.database.db);
  await outboxApplied(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function signIn(page: Page, member: Member): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
}

/** `days` from now at 10:00 UTC, as typed into a datetime-local field in `zone`. */
function localSlot(days: number, zone: string): { typed: string; instant: Date } {
  const instant = new Date(Date.now() + days * 86_400_000);
  instant.setUTCHours(10, 0, 0, 0);
  return { typed: toLocalInputValue(instant, zone), instant };
}

const JOURNEY =
  'a senior finds a junior through search and asks for help on Bun; the junior accepts a slot; ' +
  'they complete it, leave feedback, and the endorsement shows on the profile';

describe('reverse mentoring journey in Chromium', () => {
  it(JOURNEY, async () => {
    const s = await newPage(browser, server.url);
    const j = await newPage(browser, server.url);
    await Promise.all([signIn(s.page, senior), signIn(j.page, junior)]);

    // The senior finds the junior through people search and asks from the profile.
    await s.page.goto('/people');
    await s.page.getByLabel('Who knows…').fill('bun');
    await s.page.getByRole('link', { name: 'Jo Junior' }).click();
    await s.page.waitForURL(`**/people/${junior.handle}`);
    await s.page.getByRole('link', { name: 'Ask Jo for help' }).click();
    await s.page.waitForURL(`**/requests/new?to=${junior.handle}`);
    await expect.poll(() => s.page.getByRole('heading', { level: 1 }).textContent()).toBe('Ask Jo Junior for help');
    // What Jo teaches is offered as the choices; Bun, the only one, is chosen.
    expect(await s.page.getByRole('radio', { name: 'Bun', exact: true }).isChecked()).toBe(true);
    expect(await s.page.locator('#kind-auto').textContent()).toMatch(/labelled reverse mentoring/);
    expect(await s.page.getByLabel('Your time zone').inputValue()).toBe('Europe/Berlin');
    await s.page
      .getByLabel('What do you want help with?')
      .fill('Show me how Bun runs our Node test suite, and what breaks.');
    await s.page.getByText('Add details (optional)').click();
    await s.page.getByLabel('What have you tried so far?').fill('bun install worked; two tests hang.');
    await s.page.getByLabel('Video call').check();
    await s.page.getByLabel('Length').selectOption('45');
    const first = localSlot(3, 'Europe/Berlin');
    const second = localSlot(4, 'Europe/Berlin');
    await s.page.getByLabel('Time 1').fill(first.typed);
    await s.page.getByLabel('Time 2').fill(second.typed);
    await s.page.getByRole('button', { name: 'Send request' }).click();
    await s.page.waitForURL(/\/requests\/[a-z0-9]+\?done=sent/);
    const requestPath = new URL(s.page.url()).pathname;
    journeyPath = requestPath;
    expect(await s.page.getByRole('heading', { level: 1 }).textContent()).toBe('Ad-hoc reverse mentoring on Bun');
    expect(await s.page.getByText('Labelled reverse mentoring automatically').isVisible()).toBe(true);

    // The junior finds it in their inbox and sees the slots in their own zone, with the senior's clock beside them.
    await j.page.goto('/inbox');
    await j.page.getByRole('button', { name: /Sam Senior asks you for ad-hoc reverse mentoring on Bun/ }).click();
    await j.page.waitForURL(`**${requestPath}`);
    const secondInKolkata = formatDateTime(second.instant, 'Asia/Kolkata'); // "Thu, 26 Nov 2026, 15:30"
    const slotLabel = j.page.locator('label.option', { hasText: secondInKolkata });
    expect(await slotLabel.textContent()).toMatch(/UTC\+5:30/);
    expect(await slotLabel.textContent()).toContain(`${second.typed.slice(11)} for Sam`);
    await slotLabel.locator('input').check();
    await j.page.getByLabel('A note to go with it').fill('Happy to! Bring the two hanging tests.');
    await j.page.getByRole('button', { name: 'Accept', exact: true }).click();
    await j.page.waitForURL(/done=accept/);
    expect(await j.page.getByRole('status').first().textContent()).toMatch(/Accepted/);
    expect(await j.page.locator('.session .when').textContent()).toContain(secondInKolkata);

    // The senior sees the answer in their inbox, and can download the session for their calendar.
    await s.page.goto('/inbox');
    await s.page.getByRole('button', { name: /Jo Junior accepted your request on Bun/ }).click();
    await s.page.waitForURL(`**${requestPath}`);
    expect(await s.page.locator('.session .when').textContent()).toContain(second.typed.slice(11));
    const ics = await s.page.request.get(`${requestPath}.ics`);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain('SUMMARY:Ad-hoc reverse mentoring on Bun with Jo Junior');
    expect(await s.page.getByText('Happy to! Bring the two hanging tests.').isVisible()).toBe(true);

    // The junior marks it completed.
    await j.page.reload();
    await j.page.getByRole('button', { name: 'Mark as completed' }).click();
    await j.page.waitForURL(/done=complete/);

    // The senior leaves feedback and endorses the junior on Bun.
    await s.page.reload();
    await s.page.locator('input[name="rating"][value="5"]').check();
    await s.page.getByLabel('A note for Jo Junior').fill('Found the hanging timer in minutes. Thank you!');
    await s.page.getByLabel('Endorse Jo Junior for Bun').check();
    await s.page.getByRole('button', { name: 'Send feedback' }).click();
    await s.page.waitForURL(/done=feedback/);
    expect(await s.page.getByText('You endorsed Jo Junior for Bun.').isVisible()).toBe(true);
    const record = s.page.locator('.track-record');
    expect(await record.textContent()).toContain('Bun: taught once, 1 endorsement');

    // The junior reads the note meant for them, sees the endorsement, and answers with their own feedback.
    await j.page.goto('/inbox');
    await j.page.getByRole('button', { name: /Sam Senior endorsed you for Bun/ }).click();
    await j.page.waitForURL(`**${requestPath}`);
    expect(await j.page.getByText('Found the hanging timer in minutes. Thank you!').isVisible()).toBe(true);
    expect(await j.page.getByText('Sam Senior endorsed you for Bun.').isVisible()).toBe(true);
    expect(await j.page.locator('.track-record').textContent()).toContain('1 completed session · 1 endorsement');
    await j.page.locator('input[name="rating"][value="4"]').check();
    await j.page.getByRole('button', { name: 'Send feedback' }).click();
    await j.page.waitForURL(/done=feedback/);
    expect(await j.page.getByText('You rated it').isVisible()).toBe(true);

    // The endorsement and the completed session show on the junior's public profile.
    await s.page.goto(`/people/${junior.handle}`);
    expect(await s.page.locator('.track-record').textContent()).toContain('Bun: taught once, 1 endorsement');

    await s.context.close();
    await j.context.close();
  });

  it('shows another member a 404 for the request and an empty request list', async () => {
    expect(journeyPath).not.toBe('');
    const other = await createMember({ handle: 'nosy-neighbour' }, server.database.db);
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, other);
    const response = await page.goto(journeyPath);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('We could not find that page');
    await page.goto('/requests');
    expect(await page.getByText('No requests yet.').isVisible()).toBe(true);
    await context.close();
  });
});
