import { z } from 'zod';
import { EVENT_KINDS } from '#db/schema/index.ts';

/** The /events query string: anything invalid falls back to its default rather than failing. */
export const eventsQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  when: z.enum(['upcoming', 'past']).catch('upcoming').default('upcoming'),
  kind: z.enum(EVENT_KINDS).optional().catch(undefined),
  topic: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional()
    .catch(undefined),
  format: z.enum(['online', 'in_person']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(500).catch(1).default(1),
});
export type EventsQuery = z.infer<typeof eventsQuery>;

/** The same query as a URL, with one value changed (for filter links and pagination). */
export function eventsUrl(query: Partial<EventsQuery>, change: Partial<EventsQuery> = {}): string {
  const merged = { ...query, ...change };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.when && merged.when !== 'upcoming') params.set('when', merged.when);
  if (merged.kind) params.set('kind', merged.kind);
  if (merged.topic) params.set('topic', merged.topic);
  if (merged.format) params.set('format', merged.format);
  if (merged.page && merged.page > 1) params.set('page', String(merged.page));
  const search = params.toString();
  return search ? `/events?${search}` : '/events';
}
