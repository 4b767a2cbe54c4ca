import { z } from 'zod';
import { LIST_ITEM_KINDS, type ListItemKind, MAX_LIST_ITEMS } from '#db/schema/index.ts';
import { httpUrlField, optionalText } from '#server/validation.ts';

export { MAX_LIST_ITEMS };

export const LIST_ITEM_KIND_LABELS: Record<ListItemKind, string> = {
  article: 'Article',
  book: 'Book',
  video: 'Video',
  course: 'Course',
  repo: 'Repository',
};

export const LIST_LIMITS = {
  titleMin: 3,
  titleMax: 120,
  descriptionMax: 2_000,
  topicsMax: 6,
  itemTitleMax: 200,
  whyMin: 3,
  whyMax: 160,
  urlMax: 2_000,
  /** A long course is a few days of work; more is a typo. */
  minutesMax: 6_000,
} as const;

export const listInput = z.object({
  title: z
    .string({ error: 'Give the list a title.' })
    .trim()
    .min(LIST_LIMITS.titleMin, `Use at least ${LIST_LIMITS.titleMin} characters.`)
    .max(LIST_LIMITS.titleMax, `Use at most ${LIST_LIMITS.titleMax} characters.`),
  description: optionalText(LIST_LIMITS.descriptionMax),
  topics: z.string().max(400, 'That is too many topics.').optional(),
});
export type ListInput = z.infer<typeof listInput>;

export const itemInput = z.object({
  url: httpUrlField('link', LIST_LIMITS.urlMax),
  title: z
    .string({ error: 'Enter the title.' })
    .trim()
    .min(1, 'Enter the title.')
    .max(LIST_LIMITS.itemTitleMax, `Use at most ${LIST_LIMITS.itemTitleMax} characters.`),
  kind: z.enum(LIST_ITEM_KINDS, { error: 'Choose what kind of resource it is.' }),
  why: z
    .string({ error: 'Say in one line why it is worth reading.' })
    .trim()
    .min(LIST_LIMITS.whyMin, 'Say in one line why it is worth reading.')
    .max(LIST_LIMITS.whyMax, `Keep it to one line: at most ${LIST_LIMITS.whyMax} characters.`)
    .refine((v) => !/[\r\n]/.test(v), 'Keep it to one line.'),
  minutes: z
    .number({ error: 'Estimate the minutes it takes, as a number.' })
    .int('Enter a whole number of minutes.')
    .min(1, 'Estimate at least 1 minute.')
    .max(
      LIST_LIMITS.minutesMax,
      `At most ${LIST_LIMITS.minutesMax.toLocaleString('en')} minutes (100 hours): split longer courses.`,
    ),
});
export type ItemInput = z.infer<typeof itemInput>;

/** "1 h 30 min", "45 min", "12 h". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Moves one id a step up or down; unchanged at the edges or when the id is unknown. */
export function moveId(ids: string[], id: string, direction: 'up' | 'down'): string[] {
  const from = ids.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from === -1 || to < 0 || to >= ids.length) return ids;
  const next = [...ids];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** Whether `proposed` is a reordering of exactly the items in `current` (nothing added, lost or repeated). */
export function isPermutation(current: string[], proposed: string[]): boolean {
  if (current.length !== proposed.length) return false;
  const set = new Set(proposed);
  return set.size === proposed.length && current.every((id) => set.has(id));
}
