import type { APIRoute } from 'astro';
import { checkDatabaseHealth } from '../server/health.ts';

/** Machine-readable status for load balancers and people: 200 when the database answers. */
export const GET: APIRoute = async () => {
  const { database, outbox } = await checkDatabaseHealth();
  const degraded = (outbox?.deadLetters ?? 0) > 0;
  const status = !database.ok ? 'down' : degraded ? 'degraded' : 'ok';
  return new Response(JSON.stringify({ status, database, outbox }, null, 2), {
    status: database.ok ? 200 : 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
};
