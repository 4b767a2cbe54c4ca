/** Sections that only make sense signed in; visitors are sent to /signin and brought back. */
const PREFIXES = [
  '/settings',
  '/inbox',
  '/requests',
  '/matches',
  '/events/new',
  '/lists/new',
  '/report',
  '/moderation',
  '/admin',
  '/suspended',
];

export function requiresAccount(pathname: string): boolean {
  return PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
