import { describe, expect, it } from 'vitest';
import { startServer } from '#tests/helpers/server.ts';

describe('search status in /healthz', () => {
  it('reports the embedded engine as healthy by default', async () => {
    const server = await startServer();
    try {
      const body = await (await fetch(`${server.url}/healthz`)).json();
      expect(body.status).toBe('ok');
      expect(body.search).toMatchObject({ engine: 'embedded', ok: true, settingsApplied: true });
    } finally {
      await server.dispose();
    }
  });

  it('starts and serves pages with an unreachable Meilisearch, reporting search as degraded', async () => {
    // Port 9 on loopback refuses connections: a Meilisearch that is down.
    const server = await startServer({ env: { MEILI_HOST: 'http://127.0.0.1:9' } });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const body = await health.json();
      expect(body.status).toBe('degraded');
      expect(body.search).toMatchObject({ engine: 'meilisearch', ok: false });
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });
});
