import { describe, expect, it } from 'vitest';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer } from '#tests/helpers/server.ts';
import { signUpAndConfirm } from '#tests/helpers/sign-up.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

describe('search outbox across a crash', () => {
  it('applies a change whose index update was cut off by a killed server at the next start', async () => {
    const data = makeTempDir('whoknows-crash-');
    try {
      // First life: the outbox worker is off, so the change is committed with its job and
      // the job is never done. (The change log may still show the change in this process's
      // own embedded index within a quarter of a second; the job is what must survive.)
      const first = await startServer({ dataDir: data.path, env: { SEARCH_WORKER: '0' } });
      const client = new HttpClient(first.url);
      await signUpAndConfirm(first, client, {
        displayName: 'Crash Tester',
        handle: 'crash-tester',
        email: 'crash@example.test',
        password: 'violet lantern drift',
      });
      const added = await client.postForm('/settings/skills?_action=profiles.addSkill', {
        skill: 'Elixir',
        level: '5',
        canTeach: 'on',
        years: '6',
        note: '',
      });
      expect(added.status).toBeLessThan(400);
      const pending = await first.database.client.execute(
        "select count(*) as n from search_jobs where index_name = 'people'",
      );
      expect(Number(pending.rows[0]!.n)).toBeGreaterThan(0);
      await first.stop({ kill: true }); // SIGKILL: no shutdown hooks, nothing flushed

      // Second life, same data: the job is applied and nothing is lost.
      const second = await startServer({ dataDir: data.path });
      try {
        await outboxApplied(second);
        const after = await (await fetch(`${second.url}/api/search/people?q=elixr`)).json();
        expect(after.results.map((r: { handle: string }) => r.handle)).toEqual(['crash-tester']);
        const left = await second.database.client.execute('select count(*) as n from search_jobs');
        expect(Number(left.rows[0]!.n)).toBe(0);
      } finally {
        await second.stop();
        second.database.close();
      }
      first.database.close();
    } finally {
      data.remove();
    }
  });
});
