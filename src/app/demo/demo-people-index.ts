import { enqueueIndexJob } from '#server/search/outbox.ts';
import type { DemoContext } from './context.ts';

/**
 * Queues a people-search job for every demo member, so the demo is searchable on any
 * engine (the embedded one also rebuilds at start; Meilisearch keeps what it is sent).
 */
export async function queueDemoPeopleIndexing(ctx: DemoContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const id of ctx.members.values()) await enqueueIndexJob(tx, 'people', id, 'upsert', ctx.now);
  });
}
