import { sql } from 'drizzle-orm';
import type { DbOrTx } from '#db/client.ts';
import { type SearchIndexName, type SearchOp, searchJobs } from '#db/schema/index.ts';
import { logSearchChange } from './change-log.ts';
import { indexJobQueued } from './signal.ts';

/**
 * Records that an entity's search document must be refreshed (or removed). Call it
 * inside the same transaction as the change: the job exists exactly when the change
 * does. Repeated changes collapse into one pending job whose version goes up, so a
 * worker that is applying an older version never deletes the newer job. The change is
 * also logged (search_changes), which outlives the job. The in-process worker is woken
 * at once, so callers need not nudge it.
 */
export async function enqueueIndexJob(
  tx: DbOrTx,
  index: SearchIndexName,
  entityId: string,
  op: SearchOp = 'upsert',
  now = new Date(),
): Promise<void> {
  await tx
    .insert(searchJobs)
    .values({ index, entityId, op, dedupKey: `${index}:${entityId}`, nextAttemptAt: now, createdAt: now })
    .onConflictDoUpdate({
      target: searchJobs.dedupKey,
      set: {
        op,
        version: sql`${searchJobs.version} + 1`,
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
      },
    });
  await logSearchChange(tx, index, entityId, now);
  indexJobQueued();
}
