/*
 * Where a suspended member may still go: the notice with its appeal form, the download
 * of their data, the guides (the code of conduct), signing out. Every other page sends
 * them to the notice, and every other write is refused. The middleware asks this for
 * each request of a suspended member.
 */

const PATHS = ['/suspended', '/settings/account/export', '/guides', '/signout', '/healthz'];
const ACTIONS = new Set(['accounts.signOut', 'moderation.appeal']);

/** The Astro action a request runs: a form post's `?_action=` or a JSON call to `/_actions/<name>`; null for none. */
function actionOf(url: URL): string | null {
  if (url.pathname.startsWith('/_actions/')) return url.pathname.slice('/_actions/'.length);
  return url.searchParams.get('_action');
}

/** Whether a suspended member may make this request. */
export function suspendedMayReach(url: URL): boolean {
  const action = actionOf(url);
  if (action !== null) return ACTIONS.has(action);
  return PATHS.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
}
