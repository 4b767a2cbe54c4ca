import { and, count, eq, lte, sql } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { type SearchIndexName, type SearchOp, searchDeadLetters, searchJobs } from '#db/schema/index.ts';

export interface ClaimedJob {
  id: number;
  index: SearchIndexName;
  entityId: string;
  op: SearchOp;
  version: number;
  attempts: number;
}

/**
 * Claims up to `limit` due jobs with a lease, in one statement, so that several
 * processes running workers never apply the same job at the same time.
 */
export async function claimDueJobs(now: Date, leaseMs: number, limit: number): Promise<ClaimedJob[]> {
  const nowMs = now.getTime();
  const rows = await getDb().all<{
    id: number;
    index_name: SearchIndexName;
    entity_id: string;
    op: SearchOp;
    version: number;
    attempts: number;
  }>(sql`
    UPDATE ${searchJobs} SET locked_until = ${nowMs + leaseMs}
    WHERE id IN (
      SELECT id FROM ${searchJobs}
      WHERE next_attempt_at <= ${nowMs} AND (locked_until IS NULL OR locked_until <= ${nowMs})
      ORDER BY id LIMIT ${limit}
    )
    RETURNING id, index_name, entity_id, op, version, attempts`);
  return rows.map((r) => ({
    id: r.id,
    index: r.index_name,
    entityId: r.entity_id,
    op: r.op,
    version: r.version,
    attempts: r.attempts,
  }));
}

/**
 * Forgets a job that was applied, unless a newer change bumped its version meanwhile:
 * then it is released to be applied again.
 */
export async function completeJob(job: ClaimedJob): Promise<void> {
  const db = getDb();
  const deleted = await db
    .delete(searchJobs)
    .where(and(eq(searchJobs.id, job.id), eq(searchJobs.version, job.version)));
  if (deleted.rowsAffected === 0)
    await db.update(searchJobs).set({ lockedUntil: null }).where(eq(searchJobs.id, job.id));
}

/** Schedules a retry with backoff, or parks the job as a dead letter after too many failures. */
export async function failJob(
  job: ClaimedJob,
  error: string,
  now: Date,
  maxAttempts: number,
): Promise<'retry' | 'dead'> {
  const attempts = job.attempts + 1;
  const db = getDb();
  if (attempts >= maxAttempts) {
    const parked = await db.transaction(async (tx) => {
      const removed = await tx
        .delete(searchJobs)
        .where(and(eq(searchJobs.id, job.id), eq(searchJobs.version, job.version)));
      if (removed.rowsAffected === 0) return false; // changed meanwhile: the new version deserves its own attempts
      await tx
        .insert(searchDeadLetters)
        .values({ index: job.index, entityId: job.entityId, op: job.op, attempts, lastError: error, failedAt: now });
      return true;
    });
    if (parked) return 'dead';
  }
  // 2 s, 4 s, 8 s … capped at 5 minutes, with jitter so that workers do not retry in step.
  const delay = Math.min(300_000, 1000 * 2 ** attempts) * (0.8 + Math.random() * 0.4);
  await db
    .update(searchJobs)
    .set({
      attempts: sql`${searchJobs.attempts} + 1`,
      lastError: error.slice(0, 500),
      nextAttemptAt: new Date(now.getTime() + delay),
      lockedUntil: null,
    })
    .where(eq(searchJobs.id, job.id));
  return 'retry';
}

/** Jobs that are due now and not held by a worker. */
export async function countDueJobs(now: Date): Promise<number> {
  const row = await getDb()
    .select({ n: count() })
    .from(searchJobs)
    .where(
      and(
        lte(searchJobs.nextAttemptAt, now),
        sql`(${searchJobs.lockedUntil} IS NULL OR ${searchJobs.lockedUntil} <= ${now.getTime()})`,
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** Removes dead letters of an index (after a full reindex has covered them). */
export async function clearDeadLetters(index: SearchIndexName): Promise<number> {
  const result = await getDb().delete(searchDeadLetters).where(eq(searchDeadLetters.index, index));
  return result.rowsAffected;
}

/** Entity ids of an index whose jobs are not applied yet (due, waiting for a retry, or held by a worker). */
export async function pendingEntityIds(index: SearchIndexName): Promise<string[]> {
  const rows = await getDb()
    .select({ entityId: searchJobs.entityId })
    .from(searchJobs)
    .where(eq(searchJobs.index, index));
  return rows.map((r) => r.entityId);
}

/** Jobs asking for a full rebuild of an index (entity `entityId`), in the form `completeJob` takes. */
export async function pendingJobsFor(index: SearchIndexName, entityId: string): Promise<ClaimedJob[]> {
  const rows = await getDb()
    .select()
    .from(searchJobs)
    .where(and(eq(searchJobs.index, index), eq(searchJobs.entityId, entityId)));
  return rows.map((r) => ({
    id: r.id,
    index: r.index,
    entityId: r.entityId,
    op: r.op,
    version: r.version,
    attempts: r.attempts,
  }));
}
