import type { TestServer } from './server.ts';

/** Waits until the server's search worker has applied every pending outbox job (read from /healthz). */
export async function outboxApplied(server: TestServer, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { outbox: { pending: number } | null };
    if (health.outbox?.pending === 0) return;
    if (Date.now() > deadline) throw new Error(`The search outbox still has ${health.outbox?.pending} pending jobs`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
