import { z } from 'zod';
import { type ProfileLink, SENIORITIES, VISIBILITIES } from '#db/schema/profiles.ts';
import { displayNameField } from '#features/accounts/accounts.ts';
import { timeZoneField } from '#server/time/zone-input.ts';

/** Every limit of the profile form, in one place so the form, the schema and the tests agree. */
export const PROFILE_LIMITS = {
  headline: 120,
  bio: 4000,
  location: 80,
  careerGoals: 1000,
  languages: 8,
  languageLength: 40,
  links: 5,
  linkLabel: 40,
  linkUrl: 300,
  goalSkills: 8,
  capacityOpenRequests: 20,
  capacityHoursMonth: 160,
  /** How far ahead "not available until" may be, in days. */
  awayDays: 730,
} as const;

/** The numbers of the link fields on the profile form (link1Label, link1Url …). */
export const LINK_FIELDS = Array.from({ length: PROFILE_LIMITS.links }, (_, i) => i + 1);

/** "english, Spanish ,ENGLISH" → ["English", "Spanish"]: trimmed, capitalised, no duplicates. */
export function parseLanguages(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const cleaned = raw.replace(/\s+/g, ' ').trim();
    if (!cleaned) continue;
    const nice = cleaned
      .split(' ')
      .map((w) =>
        w === w.toLowerCase() || w === w.toUpperCase() ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w,
      )
      .join(' ');
    const key = nice.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(nice);
  }
  return out;
}

/** Comma-separated names ("Kubernetes, k8s, Rust") → distinct trimmed entries. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]/)
        .map((s) => s.replace(/\s+/g, ' ').trim())
        .filter(Boolean),
    ),
  ];
}

/** An http(s) URL as typed, or null when it is anything else (javascript:, data:, relative…). */
export function parseHttpUrl(typed: string): string | null {
  let text = typed.trim();
  if (!text) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && /^[\w-]+(\.[\w-]+)+/.test(text)) text = `https://${text}`;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
    return url.toString();
  } catch {
    return null;
  }
}

/** A label for a link a member gave none for: its host without "www.". */
export function defaultLinkLabel(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

/** Raw form text: whatever was posted, as a string (Astro gives null for empty fields). */
const text = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(max, message));

const wholeNumber = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v === null || v === undefined || v === '' ? min : v),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks that `YYYY-MM-DD` names a real day. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const linkShape = Object.fromEntries(
  LINK_FIELDS.flatMap((i) => [
    [`link${i}Label`, text(PROFILE_LIMITS.linkLabel, `Use at most ${PROFILE_LIMITS.linkLabel} characters.`)],
    [`link${i}Url`, text(PROFILE_LIMITS.linkUrl, `Use at most ${PROFILE_LIMITS.linkUrl} characters.`)],
  ]),
) as Record<string, ReturnType<typeof text>>;

function linkField(input: object, n: number, part: 'Label' | 'Url'): string {
  const value = (input as Record<string, unknown>)[`link${n}${part}`];
  return typeof value === 'string' ? value : '';
}

/** The profile form as posted. Lists arrive as text and are parsed below. */
export const profileFormInput = z
  .object({
    displayName: displayNameField,
    headline: text(PROFILE_LIMITS.headline, `Keep the headline to ${PROFILE_LIMITS.headline} characters.`),
    bio: text(PROFILE_LIMITS.bio, `Keep the bio to ${PROFILE_LIMITS.bio} characters.`),
    seniority: z.enum(SENIORITIES, { error: 'Choose one of the listed levels.' }),
    location: text(PROFILE_LIMITS.location, `Use at most ${PROFILE_LIMITS.location} characters.`),
    timezone: timeZoneField(),
    languages: text(400, 'That list of languages is too long.'),
    careerGoals: text(PROFILE_LIMITS.careerGoals, `Keep your goals to ${PROFILE_LIMITS.careerGoals} characters.`),
    goalSkills: text(600, 'That list of skills is too long.'),
    openToAdhoc: z.boolean(),
    openToOngoing: z.boolean(),
    openToReverse: z.boolean(),
    capacityOpenRequests: wholeNumber(
      0,
      PROFILE_LIMITS.capacityOpenRequests,
      `Enter a whole number from 0 to ${PROFILE_LIMITS.capacityOpenRequests}.`,
    ),
    capacityHoursMonth: wholeNumber(
      0,
      PROFILE_LIMITS.capacityHoursMonth,
      `Enter a whole number of hours from 0 to ${PROFILE_LIMITS.capacityHoursMonth}.`,
    ),
    unavailableUntil: text(10, 'Enter a date like 2026-01-15.'),
    visibility: z.enum(VISIBILITIES, { error: 'Choose who can see your profile.' }),
    ...linkShape,
  })
  .superRefine((input, ctx) => {
    const languages = parseLanguages(input.languages);
    if (languages.length > PROFILE_LIMITS.languages) {
      ctx.addIssue({
        code: 'custom',
        path: ['languages'],
        message: `List at most ${PROFILE_LIMITS.languages} languages.`,
      });
    } else if (languages.some((l) => l.length > PROFILE_LIMITS.languageLength)) {
      ctx.addIssue({
        code: 'custom',
        path: ['languages'],
        message: 'Separate languages with commas, like “English, Spanish”.',
      });
    }
    if (splitList(input.goalSkills).length > PROFILE_LIMITS.goalSkills) {
      ctx.addIssue({
        code: 'custom',
        path: ['goalSkills'],
        message: `Tag at most ${PROFILE_LIMITS.goalSkills} skills.`,
      });
    }
    if (input.unavailableUntil && !isIsoDate(input.unavailableUntil)) {
      ctx.addIssue({ code: 'custom', path: ['unavailableUntil'], message: 'Enter a date like 2026-01-15.' });
    }
    for (const i of LINK_FIELDS) {
      const url = linkField(input, i, 'Url');
      const label = linkField(input, i, 'Label');
      if (url && !parseHttpUrl(url)) {
        ctx.addIssue({
          code: 'custom',
          path: [`link${i}Url`],
          message: 'Use a web address starting with http:// or https://.',
        });
      } else if (!url && label) {
        ctx.addIssue({
          code: 'custom',
          path: [`link${i}Url`],
          message: 'Add the address for this label, or clear the label.',
        });
      }
    }
  });
export type ProfileFormInput = z.infer<typeof profileFormInput>;

/** What the service saves, once the form's text fields are parsed. */
export interface ProfileUpdate {
  displayName: string;
  headline: string;
  bio: string;
  seniority: (typeof SENIORITIES)[number];
  location: string | null;
  timezone: string;
  languages: string[];
  links: ProfileLink[];
  careerGoals: string;
  goalSkillNames: string[];
  openToAdhoc: boolean;
  openToOngoing: boolean;
  openToReverse: boolean;
  capacityOpenRequests: number;
  capacityHoursMonth: number;
  unavailableUntil: string | null;
  visibility: (typeof VISIBILITIES)[number];
}

/** Turns the validated form into the values to save. */
export function toProfileUpdate(input: ProfileFormInput): ProfileUpdate {
  const links: ProfileLink[] = [];
  for (const i of LINK_FIELDS) {
    const url = parseHttpUrl(linkField(input, i, 'Url'));
    if (!url) continue;
    const label = linkField(input, i, 'Label') || defaultLinkLabel(url);
    links.push({ label, url });
  }
  return {
    displayName: input.displayName,
    headline: input.headline,
    bio: input.bio,
    seniority: input.seniority,
    location: input.location || null,
    timezone: input.timezone,
    languages: parseLanguages(input.languages),
    links,
    careerGoals: input.careerGoals,
    goalSkillNames: splitList(input.goalSkills),
    openToAdhoc: input.openToAdhoc,
    openToOngoing: input.openToOngoing,
    openToReverse: input.openToReverse,
    capacityOpenRequests: input.capacityOpenRequests,
    capacityHoursMonth: input.capacityHoursMonth,
    unavailableUntil: input.unavailableUntil || null,
    visibility: input.visibility,
  };
}
