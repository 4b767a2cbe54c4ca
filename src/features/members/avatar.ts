import type { Visibility } from '#db/schema/profiles.ts';

/*
 * Every member has a face: the picture they uploaded, or one generated from their name
 * and handle. This module only builds addresses (pure, usable anywhere); the pictures
 * are made and served by src/features/avatars.
 */

/** What an avatar address is built from (`faceColumns` in member-columns.ts selects it). */
export interface Face {
  handle: string;
  displayName: string;
  /** Content hash of an uploaded picture, or null for the generated one. */
  avatarKey: string | null;
  visibility: Visibility;
}

/** The square sizes an upload is stored in, in pixels. */
export const STORED_SIZES = [64, 128, 256] as const;

/** Bumped when the generated picture's drawing changes, so browsers fetch the new one. */
const GENERATED_STYLE = '1';

/** A small, stable hash (FNV-1a, base 36) for address versions; not for security. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const char of text) {
    h ^= char.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** "AO" for "Amara Okafor", "T" for "Tunde", the handle's first letter when the name has no letters. */
export function initialsOf(displayName: string, handle: string): string {
  const words = displayName
    .normalize('NFC')
    .split(/[\s\-_.]+/)
    .map((w) => w.match(/\p{L}|\p{N}/u)?.[0] ?? '')
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  // The default mapping is the English one (only Lithuanian, Turkish and Azeri differ), without ICU's locale look-up.
  const initials = letters.join('').toUpperCase();
  return initials || (handle[0] ?? '?').toUpperCase();
}

/**
 * The version part of a face's address. It changes with the picture (or, for the
 * generated one, the initials) and with visibility, so a profile turned members-only
 * never keeps a publicly cached address.
 */
export function avatarVersion(face: Face): string {
  const scope = face.visibility === 'members' ? 'm' : '';
  if (face.avatarKey) return `${face.avatarKey}${scope}`;
  return `g${GENERATED_STYLE}${shortHash(initialsOf(face.displayName, face.handle))}${scope}`;
}

/** The smallest stored size that is at least `px` (the largest when none is). */
export function storedSizeFor(px: number): (typeof STORED_SIZES)[number] {
  return STORED_SIZES.find((s) => s >= px) ?? STORED_SIZES[STORED_SIZES.length - 1]!;
}

/** The address of a face shown `px` pixels wide (CSS pixels). */
export function avatarUrl(face: Face, px: number): string {
  const base = `/avatars/${face.handle}/${avatarVersion(face)}`;
  return face.avatarKey ? `${base}-${storedSizeFor(px)}.webp` : `${base}.svg`;
}

/** `src` and, for uploads, a `srcset` with the sharper copy for high-density screens. */
export function avatarSources(face: Face, px: number): { src: string; srcset: string | undefined } {
  const src = avatarUrl(face, px);
  if (!face.avatarKey) return { src, srcset: undefined };
  const sharp = avatarUrl(face, px * 2);
  return { src, srcset: sharp === src ? undefined : `${src} 1x, ${sharp} 2x` };
}
