import type { BrowserContext } from 'playwright-core';

/** The published password every demo member shares (README, "Quick start"). */
export const DEMO_PASSWORD = 'demo-community-2026';

/** Signs a browser profile in as a demo member through the real form. */
export async function signInAs(context: BrowserContext, email: string): Promise<void> {
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  await page.close();
}
