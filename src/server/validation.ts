import { z } from 'zod';

/** Whether `value` is an absolute http(s) URL (the only links members may publish). */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A required http(s) link of at most `max` characters, with messages fit to show beside the field. */
export function httpUrlField(what: string, max = 500) {
  return z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(max, `Use a link of at most ${max} characters.`)
    .refine(isHttpUrl, 'Use a full link that starts with http:// or https://.');
}

/**
 * The same link, optional: an empty field means "none" (undefined or ''). `.optional()`
 * stays outermost so Astro's form parsing turns an empty field into undefined.
 */
export function optionalHttpUrlField(what: string, max = 500) {
  return z
    .string()
    .trim()
    .max(max, `Use a link of at most ${max} characters.`)
    .refine((v) => v === '' || isHttpUrl(v), `Use a full link for the ${what}, starting with http:// or https://.`)
    .optional();
}

/** Optional free text of at most `max` characters (trimmed; empty means none). */
export function optionalText(max: number, message = `Use at most ${max.toLocaleString('en')} characters.`) {
  return z.string().trim().max(max, message).optional();
}

/** Splits "Rust, k8s;  Go" into ["Rust", "k8s", "Go"], dropping empties and repeats. */
export function splitList(value: string | undefined | null): string[] {
  if (!value) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(/[,;\n]/)) {
    const item = part.trim();
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

/** A readable URL slug from a title ("Intro to Bun: hands-on!" → "intro-to-bun-hands-on"). */
export function slugify(title: string, maxLength = 60): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/#/g, '-sharp')
      .replace(/\+/g, '-plus')
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, maxLength)
      .replace(/-+$/, '') || 'untitled'
  );
}
