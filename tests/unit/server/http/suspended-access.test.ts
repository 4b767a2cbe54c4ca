import { describe, expect, it } from 'vitest';
import { suspendedMayReach } from '#server/http/suspended-access.ts';

const at = (path: string) => suspendedMayReach(new URL(path, 'http://localhost'));

describe('where a suspended member may go', () => {
  it('lets them read the notice, download their data, read the guides, appeal and sign out', () => {
    for (const path of [
      '/suspended',
      '/suspended?_action=moderation.appeal',
      '/settings/account/export',
      '/guides/code-of-conduct',
      '/signout?_action=accounts.signOut',
      '/_actions/accounts.signOut',
    ])
      expect(at(path), path).toBe(true);
  });

  it('keeps them from every other page and action, including actions posted to allowed pages', () => {
    for (const path of [
      '/',
      '/people/ada',
      '/requests',
      '/settings/account',
      '/settings/profile?_action=profiles.update',
      '/suspended?_action=requests.create',
      '/guides?_action=moderation.report',
      '/_actions/moderation.report',
      '/moderation',
      '/suspendedx',
      '/api/search/people',
    ])
      expect(at(path), path).toBe(false);
  });
});
