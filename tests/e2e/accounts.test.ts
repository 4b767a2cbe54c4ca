import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage } from '#tests/helpers/browser.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { confirmationLink } from '#tests/helpers/sign-up.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('account journey in Chromium', () => {
  it('signs up, signs out, signs in, and resets the password through the logged link', async () => {
    const { context, page } = await newPage(browser, server.url);
    const email = 'juno@example.test';

    // Sign up from the header's Join button.
    await page.goto('/');
    await page.getByRole('link', { name: 'Join' }).click();
    await page.getByLabel('Your name').fill('Juno Park');
    await page.getByLabel('Handle').fill('juno-park');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    // A common password is refused beside the field; the rest of the form is kept.
    await expect.poll(() => page.locator('#field-password-error').textContent()).toMatch(/most commonly used/);
    expect(await page.getByLabel('Handle').inputValue()).toBe('juno-park');
    await page.getByLabel('Password').fill('paper lanterns at dusk');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Joining completes through the emailed link (logged here, no SMTP), which signs in.
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.goto(await confirmationLink(server, email));
    await page.getByRole('button', { name: 'Confirm my email' }).click();
    await page.waitForURL('**/settings/profile**');
    await page.goto('/');
    expect(await page.locator('.account-button').textContent()).toContain('Juno Park');

    // Sign out through the account menu.
    await page.locator('.account-button').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);

    // Sign in again.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('paper lanterns at dusk');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.locator('.account-button').textContent()).toContain('Juno Park');

    // Forgot the password: ask for a reset from a fresh browser.
    const other = await newPage(browser, server.url);
    await other.page.goto('/signin');
    await other.page.getByRole('link', { name: 'Forgot your password?' }).click();
    await other.page.getByLabel('Email').fill(email);
    await other.page.getByRole('button', { name: 'Send reset link' }).click();
    await other.page.waitForURL('**/signin?reset=sent');
    expect(await other.page.getByRole('status').or(other.page.locator('.alert')).first().textContent()).toMatch(
      /reset link is on its way/,
    );

    // The link is in the server log (no SMTP configured here).
    const [, link] = await server.waitForOutput(new RegExp(`To: ${email}[\\s\\S]*?(http://\\S+/reset/\\S+)`));
    await other.page.goto(link!);
    await other.page.getByLabel('New password').fill('a brand new phrase');
    await other.page.getByRole('button', { name: 'Save new password' }).click();
    await other.page.waitForURL('**/?password=reset');
    expect(await other.page.getByText('Your password was changed').isVisible()).toBe(true);

    // The first browser's session ended with the reset.
    await page.reload();
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);

    // The old password no longer works; the new one does.
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('paper lanterns at dusk');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toMatch(/do not match/);
    await page.getByLabel('Password').fill('a brand new phrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await other.context.close();
    await context.close();
  });

  it('is usable by keyboard: the skip link moves focus to the main content', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });
});
