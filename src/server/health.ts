import { count, min, sql } from 'drizzle-orm';
import { database } from '#db/client.ts';
import { searchDeadLetters, searchJobs } from '#db/schema/index.ts';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; kind: 'file' | 'remote'; latencyMs: number; error?: string };
  outbox: { pending: number; oldestPendingSeconds: number | null; deadLetters: number } | null;
}

/** Database reachability and outbox backlog, for /healthz. */
export async function checkDatabaseHealth(now = new Date()): Promise<Pick<HealthReport, 'database' | 'outbox'>> {
  const { db, kind } = database();
  const started = performance.now();
  try {
    await db.run(sql`select 1`);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const [jobs, dead] = await Promise.all([
      db
        .select({ n: count(), oldest: min(searchJobs.createdAt) })
        .from(searchJobs)
        .get(),
      db.select({ n: count() }).from(searchDeadLetters).get(),
    ]);
    const oldest = jobs?.oldest ? new Date(jobs.oldest) : null;
    return {
      database: { ok: true, kind, latencyMs },
      outbox: {
        pending: jobs?.n ?? 0,
        oldestPendingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
        deadLetters: dead?.n ?? 0,
      },
    };
  } catch (error) {
    return {
      database: {
        ok: false,
        kind,
        latencyMs: Math.round(performance.now() - started),
        error: (error as Error).message.slice(0, 200),
      },
      outbox: null,
    };
  }
}
