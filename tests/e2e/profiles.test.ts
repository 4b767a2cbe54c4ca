import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { createMember, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { confirmationLink } from '#tests/helpers/sign-up.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // Someone else who knows a little Kubernetes and wants to learn more: the facet must filter them out.
  const learner = await createMember(
    { displayName: 'Lee Learner', skills: [{ skill: 'Kubernetes', level: 2, wantsToLearn: true }] },
    server.database.db,
  );
  await queuePeopleIndexing([learner.id], server.database.db);
  await outboxApplied(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const resultNames = (page: Page) => page.locator('[data-result]').allTextContents();

describe('a newcomer is found by skill, typo and all', () => {
  it('signs up, fills a profile, adds skills by keyboard, and is found with and without JavaScript', async () => {
    // 1. A newcomer signs up and lands on the profile editor.
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Noor Newcomer');
    await page.getByLabel('Handle').fill('noor-newcomer');
    await page.getByLabel('Email').fill('noor@example.test');
    await page.getByLabel('Password').fill('lanterns over the harbour');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Whether or not the address had an account, the answer is "check your email"; the link completes joining.
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.goto(await confirmationLink(server, 'noor@example.test'));
    await page.getByRole('button', { name: 'Confirm my email' }).click();
    await page.waitForURL('**/settings/profile?welcome=1');
    await page.getByRole('heading', { name: /Welcome to whoknows, Noor Newcomer/ }).waitFor();

    // 2. Fills in the profile.
    await page.getByLabel('Headline').fill('Junior platform engineer who loves clusters');
    await page.getByLabel('Seniority').selectOption('junior');
    // The zone suggestions are there once the page's script has filled them in.
    await expect.poll(() => page.locator('#timezone-options option').count()).toBeGreaterThan(300);
    expect(await page.locator('#timezone-options option[value="Europe/Berlin"]').getAttribute('label')).toMatch(
      /^UTC\+[12] · Europe\/Berlin$/,
    );
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Languages you speak').fill('English, Arabic');
    await page.getByLabel('Reverse mentoring').check();
    await page.getByRole('button', { name: 'Save and add your skills' }).click();
    await page.waitForURL('**/settings/skills?welcome=1');

    // 3. Adds Kubernetes through its alias, by keyboard only.
    const combo = page.getByRole('combobox', { name: 'Skill' });
    await page.locator('astro-island:not([ssr])').waitFor({ state: 'attached' }); // hydrated
    await combo.focus();
    await page.keyboard.type('k8s');
    const option = page.getByRole('option', { name: /Kubernetes \(k8s\)/ });
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await combo.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter'); // choose
    expect(await combo.inputValue()).toBe('Kubernetes');
    expect(await combo.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Tab'); // level
    await page.keyboard.type('4');
    await page.keyboard.press('Tab'); // years
    await page.keyboard.type('2');
    await page.keyboard.press('Tab'); // can teach
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // wants to learn
    await page.keyboard.press('Tab'); // note
    await page.keyboard.type('Run a homelab cluster');
    await page.keyboard.press('Enter'); // add
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Added Kubernetes.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skill-input'); // ready for the next one

    // Escape closes the suggestions; a second skill goes in with Enter, Enter.
    await page.keyboard.type('bu');
    await page.getByRole('option', { name: /^Bun/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await page.keyboard.type('n');
    await page.getByRole('option', { name: /^Bun/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Added Bun.');
    // …and is removed again with its labelled button.
    await page.getByRole('button', { name: 'Remove Bun' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Removed Bun.');
    const rows = await page.locator('#your-skills-title ~ ul h3').allTextContents();
    expect(rows).toEqual(['Kubernetes']);

    // The profile shows it.
    await page.goto('/people/noor-newcomer');
    expect(await page.getByRole('heading', { name: 'Teaches (1)' }).isVisible()).toBe(true);
    await context.close();

    // 4. Another visitor, with JavaScript: results update while typing, the URL follows.
    const visitor = await newPage(browser, server.url);
    const v = visitor.page;
    await v.goto('/people');
    await v.locator('astro-island:not([ssr])').waitFor({ state: 'attached' });
    await v.getByLabel('Who knows…').pressSequentially('kubernets', { delay: 30 });
    await expect.poll(() => resultNames(v)).toEqual(['Noor Newcomer', 'Lee Learner']);
    await expect.poll(() => new URL(v.url()).search).toBe('?q=kubernets');
    expect(await v.locator('.why').first().textContent()).toMatch(/Kubernetes · proficient \(4\/5\) · can teach/);
    await v.getByLabel(/Can teach Kubernetes/).check();
    await expect.poll(() => resultNames(v)).toEqual(['Noor Newcomer']);
    await expect.poll(() => new URL(v.url()).search).toBe('?q=kubernets&teach=1');
    // Keyboard: ↓ from the box moves into the results.
    await v.getByLabel('Who knows…').focus();
    await v.keyboard.press('ArrowDown');
    expect(await v.evaluate(() => document.activeElement?.textContent)).toBe('Noor Newcomer');
    // The shared URL shows the same search; the list the server sent works with the keyboard too.
    await v.goto(v.url());
    expect(await resultNames(v)).toEqual(['Noor Newcomer']);
    await v.locator('astro-island:not([ssr])').waitFor({ state: 'attached' });
    await v.getByLabel('Who knows…').focus();
    await v.keyboard.press('ArrowDown');
    expect(await v.evaluate(() => document.activeElement?.textContent)).toBe('Noor Newcomer');
    await visitor.context.close();

    // 5. Another visitor without JavaScript: the same page as a plain GET form.
    const plain = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
    const p = await plain.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto('/people');
    await p.getByLabel('Who knows…').fill('kubernets');
    await p.getByRole('button', { name: 'Search', exact: true }).click();
    await p.waitForURL('**/people?q=kubernets**');
    expect(await resultNames(p)).toEqual(['Noor Newcomer', 'Lee Learner']);
    await p.getByLabel(/Can teach Kubernetes/).check();
    await p.getByRole('button', { name: 'Apply filters' }).click();
    await p.waitForURL(/teach=1/);
    expect(await resultNames(p)).toEqual(['Noor Newcomer']);
    await plain.close();
  });
});
