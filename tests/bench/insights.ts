/**
 * How long /insights takes to compute and render, uncached, on a big community:
 * `npx tsx tests/bench/insights.ts` (after `npm run build`).
 *
 * Seeds the demo and generated members up to INSIGHTS_MEMBERS (10,000) into a temporary
 * database — what `npm run db:seed -- --members 10000` makes — and, with
 * INSIGHTS_ACTIVITY=1, a year of activity in proportion (two requests per member, an
 * event per 25 members with 30 RSVPs each, attendance and feedback), since generated
 * members have skills but no history. Then it starts the built server with the page
 * cache off and times GET /insights for a visitor and a signed-in member, one request at
 * a time (the first request of each kind, then the median and worst of ten), for each
 * period: first with the figures cache off (INSIGHTS_CACHE_SECONDS=0: every view
 * groups everything afresh), then with its default. Prints the tables; not a
 * pass/fail benchmark (`npm run bench` is that).
 */
import { join } from 'node:path';
import { generateCommunity } from '#app/demo/generate.ts';
import { seedDemo } from '#app/demo/index.ts';
import { openDatabase, tuneFileDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer } from '#tests/helpers/server.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';
import { generateActivity } from './insights-activity.ts';

const MEMBERS = Number(process.env.INSIGHTS_MEMBERS ?? 10_000);
const ACTIVITY = process.env.INSIGHTS_ACTIVITY === '1';
const RUNS = 10;

async function time(client: HttpClient, path: string): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  const response = await client.get(path);
  const bytes = (await response.arrayBuffer()).byteLength;
  return { ms: performance.now() - started, bytes, status: response.status };
}

const dir = makeTempDir('whoknows-insights-bench-');
try {
  const url = `file:${join(dir.path, 'whoknows.db')}`;
  const database = openDatabase(url);
  await tuneFileDatabase(database);
  await migrateDatabase(database);
  await syncCatalogue(database);
  const seeding = performance.now();
  await seedDemo(database);
  await generateCommunity(database, { totalMembers: MEMBERS });
  const activity = ACTIVITY ? await generateActivity(database) : null;
  database.close();
  console.log(
    `Seeded ${MEMBERS.toLocaleString('en')} members${activity ? ` and ${activity}` : ''} ` +
      `in ${((performance.now() - seeding) / 1000).toFixed(1)} s.`,
  );

  for (const cache of ['0', '60']) {
    const server = await startServer({
      dataDir: dir.path,
      env: { PAGE_CACHE_SECONDS: '0', INSIGHTS_CACHE_SECONDS: cache, LOG_LEVEL: 'warn' },
    });
    try {
      const visitor = new HttpClient(server.url);
      const member = new HttpClient(server.url);
      const signIn = await member.postForm('/signin?_action=accounts.signIn', {
        email: 'amara.okafor@example.org',
        password: 'demo-community-2026',
      });
      if (signIn.status !== 303) throw new Error(`Could not sign in the demo member (${signIn.status}).`);

      const rows: string[][] = [];
      for (const [who, client] of [
        ['visitor', visitor],
        ['member', member],
      ] as const) {
        for (const period of ['365d', '30d', 'all']) {
          const path = `/insights?period=${period}`;
          const first = await time(client, path);
          if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
          const runs: number[] = [];
          for (let i = 0; i < RUNS; i++) runs.push((await time(client, path)).ms);
          runs.sort((a, b) => a - b);
          rows.push([
            who,
            path,
            first.bytes.toLocaleString('en'),
            first.ms.toFixed(0),
            runs[Math.floor(RUNS / 2)]!.toFixed(0),
            runs[RUNS - 1]!.toFixed(0),
          ]);
        }
      }
      console.log(
        `\nINSIGHTS_CACHE_SECONDS=${cache}${cache === '0' ? ' (every view computed afresh)' : ''}\n\n` +
          '| viewer | page | bytes | first ms | median ms | worst ms |\n| --- | --- | ---: | ---: | ---: | ---: |',
      );
      for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    } finally {
      await server.stop();
    }
  }
} finally {
  dir.remove();
}
