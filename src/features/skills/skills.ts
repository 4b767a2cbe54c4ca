/**
 * Pure helpers for skill names. Normalising is what stops "Node JS", "node.js" and
 * "NodeJS" from becoming three skills: case, spacing, accents and punctuation are
 * dropped, except `#` and `+`, which tell C, C# and C++ apart.
 */
export function normalizeSkillName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#+]/gu, '');
}

/** Tidies a name a member typed for display: trimmed, single spaces, at most 60 characters. */
export function cleanSkillName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** A URL slug for a new skill ("C#" → "c-sharp", "Svelte 5" → "svelte-5"). */
export function slugifySkillName(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/#/g, '-sharp')
      .replace(/\+/g, '-plus')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'skill'
  );
}
