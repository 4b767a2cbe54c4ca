/**
 * Sections that only make sense signed in; visitors are sent to /signin and brought back.
 * /insights is open: visitors see supply and demand, members everything.
 */
const PREFIXES = [
  '/settings',
  '/inbox',
  '/requests',
  '/matches',
  '/mentoring',
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
