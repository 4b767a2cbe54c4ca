import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '#db/schema/index.ts';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { createMember, createRequest, type Member, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/**
 * Issue 11's journey in Chromium: a member reports another's profile; a moderator hides
 * it and suspends the member; the member sees why and downloads their data; the admin
 * lifts the suspension and the profile is restored; another member deletes their
 * account, and the thread they shared shows "A former member".
 */

let server: TestServer;
let browser: Browser;
const people = {} as Record<'owner' | 'reporter' | 'moderator' | 'admin' | 'leaver' | 'partner', Member>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const db = server.database.db;
  people.owner = await createMember({ handle: 'olga-owner', displayName: 'Olga Owner', headline: 'Buy my course' }, db);
  people.reporter = await createMember({ handle: 'rita-reporter', displayName: 'Rita Reporter' }, db);
  people.moderator = await createMember({ handle: 'mo-moderator', displayName: 'Mo Moderator', role: 'moderator' }, db);
  people.admin = await createMember({ handle: 'ada-admin', displayName: 'Ada Admin', role: 'admin' }, db);
  people.leaver = await createMember({ handle: 'lev-leaver', displayName: 'Lev Leaver' }, db);
  people.partner = await createMember({ handle: 'pat-partner', displayName: 'Pat Partner' }, db);
  await queuePeopleIndexing([people.owner.id], db);
  await outboxApplied(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function signedIn(member: Member): Promise<Page> {
  const { page } = await newPage(browser, server.url);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

describe('moderation, from a report to a lifted suspension, and leaving', () => {
  it('walks the whole journey', async () => {
    // 1. Rita reports Olga's profile.
    const rita = await signedIn(people.reporter);
    await rita.goto('/people/olga-owner');
    await rita.getByRole('link', { name: 'Report this profile' }).click();
    await rita.getByLabel('Spam or advertising').check();
    await rita.getByLabel('Tell the moderators more').fill('Every message from her links to a paid course.');
    await rita.getByRole('button', { name: 'Send the report' }).click();
    await rita.waitForURL('**/settings/reports?filed=1');
    await rita.getByText('Olga Owner').first().waitFor();

    // 2. Mo finds it in the queue and hides the profile.
    const mo = await signedIn(people.moderator);
    await mo.goto('/moderation');
    await mo
      .getByRole('link', { name: /Olga Owner/ })
      .first()
      .click();
    await mo.getByText('Every message from her links to a paid course.').waitFor();
    await mo.getByLabel('Hide: what the owner reads').fill('Your profile only advertises a paid course.');
    await mo.getByRole('button', { name: 'Hide it' }).click();
    await mo.waitForLoadState();
    const caseUrl = new URL(mo.url()).pathname;
    expect(caseUrl).toMatch(/^\/moderation\/reports\/\d+/);

    // Rita no longer finds it.
    const gone = await rita.goto('/people/olga-owner');
    expect(gone?.status()).toBe(404);

    // 3. Olga sees her profile with why it is hidden.
    const olga = await signedIn(people.owner);
    await olga.goto('/people/olga-owner');
    await olga.getByText('Your profile only advertises a paid course.').waitFor();

    // 4. Mo suspends Olga for a week.
    await mo.goto('/moderation/members/olga-owner');
    await mo.getByText('Suspend Olga Owner').click();
    await mo.getByLabel('For how long').selectOption('7d');
    await mo.getByLabel('Why (the member reads this)').fill('Advertising in requests after a hidden profile.');
    await mo.getByRole('button', { name: 'Suspend' }).click();
    await mo
      .getByText(/suspended/i)
      .first()
      .waitFor();

    // 5. Olga is sent to the notice, reads why, and downloads her data.
    await olga.goto('/');
    await olga.waitForURL('**/suspended');
    await olga.getByRole('heading', { name: 'Your account is suspended' }).waitFor();
    await olga.getByText('Advertising in requests after a hidden profile.').waitFor();
    const [download] = await Promise.all([
      olga.waitForEvent('download'),
      olga.getByRole('button', { name: 'Download my data (JSON)' }).click(),
    ]);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.account.handle).toBe('olga-owner');

    // 6. Ada, the admin, lifts the suspension; Mo restores the profile.
    const ada = await signedIn(people.admin);
    await ada.goto('/moderation/members/olga-owner');
    await ada.locator('summary', { hasText: 'Lift the suspension' }).click();
    await ada.getByLabel('What the member reads').fill('Lifted after our conversation.');
    await ada.getByRole('button', { name: 'Lift the suspension' }).click();
    await ada.getByText('Suspend Olga Owner').waitFor();
    await olga.goto('/');
    expect(new URL(olga.url()).pathname).toBe('/');
    await mo.goto(caseUrl);
    await mo.getByLabel('Restore: what the owner reads').fill('The course links are gone now.');
    await mo.getByRole('button', { name: 'Restore it' }).click();
    await mo.getByRole('button', { name: 'Hide it' }).waitFor();
    expect((await rita.goto('/people/olga-owner'))?.status()).toBe(200);
    await olga.goto('/inbox');
    await olga
      .getByText(/visible again/)
      .first()
      .waitFor();
  });

  it('a member deletes their account; the thread they shared shows a former member', async () => {
    const db = server.database.db;
    const id = await createRequest({ requester: people.partner, recipient: people.leaver, state: 'accepted' }, db);
    const lev = await signedIn(people.leaver);
    await lev.goto(`/requests/${id}`);
    await lev.getByLabel('Write a message').fill('Here are my notes on the build, as promised.');
    await lev.getByRole('button', { name: 'Send message' }).click();
    await lev.getByText('Here are my notes on the build, as promised.').waitFor();

    await lev.goto('/settings/account');
    await lev.getByLabel('Your password').fill(people.leaver.password);
    await lev.getByLabel(/I understand/).check();
    await lev.getByRole('button', { name: 'Delete my account' }).click();
    await lev.getByRole('heading', { name: 'Your account will be deleted' }).waitFor();

    // Fourteen days later (moved forward in the database), the deletion job runs.
    await db
      .update(users)
      .set({ deletionDueAt: new Date(Date.now() - 1000) })
      .where(eq(users.id, people.leaver.id));
    await promisify(execFile)('npm', ['run', '--silent', 'admin', '--', 'finish-deletions'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: `file:${join(server.dataDir, 'whoknows.db')}`, SEED_DEMO: '0' },
    });
    expect(await db.select().from(users).where(eq(users.id, people.leaver.id))).toEqual([]);

    const pat = await signedIn(people.partner);
    await pat.goto(`/requests/${id}`);
    await pat.getByText('Here are my notes on the build, as promised.').waitFor();
    const thread = pat.locator('#thread');
    await thread.getByText('A former member').first().waitFor();
    expect(await pat.content()).not.toContain('Lev Leaver');
    expect(await pat.getByRole('link', { name: 'Lev Leaver' }).count()).toBe(0);
  });
});
