import type { Page } from 'playwright-core';

/** A page to photograph: where it is, who looks, and what to do before the picture. */
export interface ShotPage {
  name: string;
  path: string;
  signedIn: boolean;
  prepare?: (page: Page) => Promise<void>;
}

/** Submits the page's main form empty, to show how a refused form looks. */
const submitEmpty = (button: string) => async (page: Page) => {
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState('networkidle');
};

/** The main pages of the demo community (handles and slugs from src/app/demo). */
export const SHOT_PAGES: ShotPage[] = [
  { name: 'home-visitor', path: '/', signedIn: false },
  { name: 'people-search', path: '/people?q=kubernetes', signedIn: false },
  // A one-letter prefix: the broadest answer, every facet group full.
  { name: 'people-prefix', path: '/people?q=g', signedIn: false },
  { name: 'profile', path: '/people/tunde-adeyemi', signedIn: false },
  { name: 'events', path: '/events', signedIn: false },
  { name: 'event', path: '/events/postgres-query-clinic', signedIn: false },
  { name: 'topics', path: '/topics', signedIn: false },
  { name: 'topic', path: '/topics/rust', signedIn: false },
  { name: 'search', path: '/search?q=rust', signedIn: false },
  { name: 'lists', path: '/lists', signedIn: false },
  { name: 'signup-errors', path: '/signup', signedIn: false, prepare: submitEmpty('Create account') },
  { name: 'home-member', path: '/', signedIn: true },
  { name: 'requests', path: '/requests', signedIn: true },
  { name: 'request-new', path: '/requests/new?to=tunde-adeyemi', signedIn: true },
  { name: 'inbox', path: '/inbox', signedIn: true },
  { name: 'matches', path: '/matches', signedIn: true },
  { name: 'settings-profile', path: '/settings/profile', signedIn: true },
  { name: 'event-member', path: '/events/postgres-query-clinic', signedIn: true },
];
