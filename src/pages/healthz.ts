import type { APIRoute } from 'astro';
import { checkDatabaseHealth } from '#server/health.ts';
import { processRole } from '#server/process-role.ts';
import { searchHealth } from '#server/search/index.ts';

/**
 * Machine-readable status for load balancers and people: 200 while the database
 * answers ("degraded" when search is down or has dead letters), 503 when it does not.
 * `process` names the role of the server process that answered (with WORKERS > 1 a
 * leader or a follower), so an operator can tell them apart behind the shared port.
 */
export const GET: APIRoute = async () => {
  const { database, outbox } = await checkDatabaseHealth();
  const search = database.ok
    ? await searchHealth().catch((error: unknown) => ({
        engine: 'unknown',
        ok: false,
        detail: (error as Error).message.slice(0, 200),
      }))
    : null;
  const degraded = !search?.ok || (outbox?.deadLetters ?? 0) > 0;
  const status = !database.ok ? 'down' : degraded ? 'degraded' : 'ok';
  return new Response(JSON.stringify({ status, process: processRole(), database, search, outbox }, null, 2), {
    status: database.ok ? 200 : 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
};
