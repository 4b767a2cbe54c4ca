/**
 * Where a member may be sent back to after signing in, signing up or blocking someone:
 * a path on this site, never another host. The value is first normalised exactly as a
 * browser would resolve it against this site (tabs and newlines removed, backslashes
 * read as slashes, percent-encoding and IDNA applied), and only then compared, so
 * tricks such as `/%09/evil.example`, `/\evil.example` or a full-width dot cannot
 * pass a check that the browser's own reading would fail. Anything else falls back.
 */
const BASE = 'http://return-path.invalid';
const MAX_LENGTH = 500;

/** Paths that would loop straight back into the sign-in flow. */
const LOOPING = /^\/(signin|signup|signout)(\/|$)/;

/** A same-site path (with query and fragment) to redirect to, or `fallback`. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  // Only a path may be given: no scheme, no host, nothing a browser reads as one.
  if (!value.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // After normalisation the result must still be a plain absolute path.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  // What goes into a Location header must be plain visible ASCII.
  if (!/^[\x21-\x7e]+$/.test(path)) return fallback;
  if (LOOPING.test(url.pathname)) return fallback;
  return path;
}
