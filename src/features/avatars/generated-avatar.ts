import { initialsOf } from '#features/members/avatar.ts';

/*
 * The picture a member has until they upload one: their initials on a colour and a
 * pattern chosen from their handle, so the same person always looks the same and two
 * people with the same initials usually do not. White letters on every colour reach
 * at least 6:1; the colours are mid-dark, so the disc reads on light and dark pages.
 */

const COLOURS = [
  '#1f6f5c',
  '#2f5d9a',
  '#7a3fa0',
  '#a23b5b',
  '#8a4b0f',
  '#3d6b1f',
  '#1d6a84',
  '#5b4fb3',
  '#9c3d2e',
  '#4a5566',
] as const;

/** Light shapes behind the letters; each is drawn in white at low opacity. */
const PATTERNS = [
  '<circle cx="82" cy="18" r="34"/>',
  '<path d="M0 72 L72 0 H100 V14 L14 100 H0Z"/>',
  '<circle cx="10" cy="95" r="40"/><circle cx="95" cy="5" r="22"/>',
  '<path d="M0 0 H100 V38 Q50 62 0 38Z"/>',
  '<rect x="56" y="-10" width="30" height="120" transform="rotate(25 50 50)"/>',
  '<path d="M50 100 A50 50 0 0 1 100 50 V100Z"/><circle cx="18" cy="20" r="12"/>',
] as const;

/** A 32-bit hash of the handle (FNV-1a), split into colour and pattern choices. */
function handleHash(handle: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < handle.length; i++) {
    h ^= handle.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The colour a handle gets (also used behind an uploaded picture while it loads). */
export function avatarColour(handle: string): string {
  return COLOURS[handleHash(handle) % COLOURS.length]!;
}

/** The generated picture as an SVG document, titled with the member's name. */
export function generatedAvatarSvg(handle: string, displayName: string): string {
  const hash = handleHash(handle);
  const colour = COLOURS[hash % COLOURS.length]!;
  const pattern = PATTERNS[Math.floor(hash / COLOURS.length) % PATTERNS.length]!;
  const initials = initialsOf(displayName, handle);
  const fontSize = initials.length > 1 ? 40 : 46;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="${escapeXml(displayName)}">` +
    `<title>${escapeXml(displayName)}</title>` +
    `<rect width="100" height="100" fill="${colour}"/>` +
    `<g fill="#fff" fill-opacity=".16">${pattern}</g>` +
    `<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" font-size="${fontSize}" font-weight="600" ` +
    `font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" letter-spacing="1">${escapeXml(initials)}</text>` +
    '</svg>'
  );
}
