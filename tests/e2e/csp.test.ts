import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { createList, createMember, queuePeopleIndexing } from '#tests/helpers/factories.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

/** A CSP without 'unsafe-inline' for scripts, and every island still works (issue 8, item 13). */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('Content-Security-Policy in Chromium', () => {
  it('runs every island with no violation, and blocks a script injected into the page', async () => {
    const db = server.database.db;
    const member = await createMember(
      { displayName: 'Kira Cluster', skills: [{ skill: 'Kubernetes', level: 4, canTeach: true }] },
      db,
    );
    await queuePeopleIndexing([member.id], db);
    const list = await createList({ owner: member, items: 3 }, db);
    await outboxApplied(server);
    const { context, page } = await newPage(browser, server.url);

    // People search: results update as you type (the island runs).
    await page.goto('/people');
    await page.locator('astro-island:not([ssr])').waitFor({ state: 'attached' });
    await page.getByLabel('Who knows…').pressSequentially('kubernet', { delay: 30 });
    await expect.poll(() => page.locator('[data-result]').allTextContents()).toEqual(['Kira Cluster']);

    // Signed in: the skill editor's combobox and the reading list's reorder island.
    await page.goto('/signin');
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto('/settings/skills');
    await page.locator('astro-island:not([ssr])').first().waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Skill' }).pressSequentially('k8s', { delay: 30 });
    await page.getByRole('option', { name: /Kubernetes \(k8s\)/ }).waitFor();
    await page.goto(`/lists/${list.slug}/edit`);
    await page.locator('astro-island:not([ssr])').first().waitFor({ state: 'attached' });

    expect(cspViolations(context)).toEqual([]);

    // An injected inline script does not run, and Chromium says why.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => cspViolations(context).length).toBeGreaterThan(0);
    await context.close();
  });
});
