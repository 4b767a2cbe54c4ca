import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type SearchIndexName, searchChanges } from '#db/schema/index.ts';

/** A position in the change log, with what identifies its row (to notice a database that was replaced). */
export interface ChangePosition {
  seq: number;
  /** `index:entity:time` of the row at `seq`, or null for the empty log. */
  check: string | null;
}

const checkOf = (row: { index: string; entityId: string; changedAt: Date }) =>
  `${row.index}:${row.entityId}:${row.changedAt.getTime()}`;

/** A row of the change log. */
export interface LoggedChange {
  seq: number;
  index: SearchIndexName;
  entityId: string;
  changedAt: Date;
}

/** The position just after a logged change. */
export function positionAfter(row: LoggedChange): ChangePosition {
  return { seq: row.seq, check: checkOf(row) };
}

/** Up to `limit` changes after `seq`, oldest first (commits are serialised, so nothing appears later below them). */
export function changesAfter(seq: number, limit: number): Promise<LoggedChange[]> {
  return getDb()
    .select()
    .from(searchChanges)
    .where(gt(searchChanges.seq, seq))
    .orderBy(asc(searchChanges.seq))
    .limit(limit);
}

/** Records that an entity changed; call it inside the transaction of the change (the outbox does). */
export async function logSearchChange(tx: DbOrTx, index: SearchIndexName, entityId: string, now: Date): Promise<void> {
  await tx.insert(searchChanges).values({ index, entityId, changedAt: now });
}

/** The newest position of the log. */
export async function latestChange(): Promise<ChangePosition> {
  const row = await getDb().select().from(searchChanges).orderBy(desc(searchChanges.seq)).limit(1).get();
  return row ? { seq: row.seq, check: checkOf(row) } : { seq: 0, check: null };
}

/** Whether the log still has the row a position was taken at (false after the database was replaced or pruned). */
export async function positionStillHolds(position: ChangePosition): Promise<boolean> {
  if (position.seq === 0) return true;
  const row = await getDb().select().from(searchChanges).where(eq(searchChanges.seq, position.seq)).get();
  return row !== undefined && checkOf(row) === position.check;
}

/** Entities of an index changed after `seq` (each once), and the position they were read up to. */
export async function changedSince(
  index: SearchIndexName,
  seq: number,
): Promise<{ entities: string[]; upTo: ChangePosition }> {
  const upTo = await latestChange();
  if (upTo.seq <= seq) return { entities: [], upTo };
  const rows = await getDb()
    .selectDistinct({ entityId: searchChanges.entityId })
    .from(searchChanges)
    .where(and(eq(searchChanges.index, index), gt(searchChanges.seq, seq), sql`${searchChanges.seq} <= ${upTo.seq}`));
  return { entities: rows.map((r) => r.entityId), upTo };
}

/** Deletes rows older than `before`, always keeping the newest one (it anchors positions); returns how many. */
export async function pruneChanges(before: Date): Promise<number> {
  const newest = await latestChange();
  if (newest.seq === 0) return 0;
  const result = await getDb()
    .delete(searchChanges)
    .where(and(lt(searchChanges.changedAt, before), lt(searchChanges.seq, newest.seq)));
  return result.rowsAffected;
}
