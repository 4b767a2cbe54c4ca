import { describe, expect, it } from 'vitest';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer } from '#tests/helpers/server.ts';
import { signUpAndConfirm } from '#tests/helpers/sign-up.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

describe('embedded index snapshots across restarts', () => {
  it('saves the index after start-up, and the next start loads it and catches up with what changed since', async () => {
    const data = makeTempDir('whoknows-snapshot-');
    try {
      const first = await startServer({ dataDir: data.path });
      await first.waitForOutput(/saved the people index/);
      // A change applied after the save: in the index and the outbox forgets it, but no snapshot has it.
      const client = new HttpClient(first.url);
      await signUpAndConfirm(first, client, {
        displayName: 'Snapshot Tester',
        handle: 'snapshot-tester',
        email: 'snapshot@example.test',
        password: 'amber harbour kettle',
      });
      const added = await client.postForm('/settings/skills?_action=profiles.addSkill', {
        skill: 'Elixir',
        level: '5',
        canTeach: 'on',
        years: '6',
        note: '',
      });
      expect(added.status).toBeLessThan(400);
      await outboxApplied(first);
      await first.stop({ kill: true }); // SIGKILL: nothing saved on the way out

      const second = await startServer({ dataDir: data.path });
      try {
        await second.waitForOutput(/people: \d+ documents from the snapshot, [1-9]\d* changed since re-read/);
        const after = await (await fetch(`${second.url}/api/search/people?q=elixr`)).json();
        expect(after.results.map((r: { handle: string }) => r.handle)).toEqual(['snapshot-tester']);
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
