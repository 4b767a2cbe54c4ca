/**
 * `npm run bench`: seeds a community of 10,000 members into a temporary database,
 * starts the built server on it (embedded search engine), and measures on loopback
 * with 10 connections: the people search JSON endpoint, the /people page and a
 * profile page, each against a ceiling measured in the same run (a fixed page of the
 * same size from the same server). Also the server's memory and the JavaScript the
 * pages ship. Prints a table with PASS/FAIL per target; exits 1 if any target fails.
 * The server runs with the Node options of `npm start`, page cache on (the default);
 * a second, shorter pass with the page cache off is printed for reference.
 *
 * BENCH_MEMBERS (default 10000) and BENCH_SECONDS (default 12) change the size and
 * the length of each run.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { desc, eq, sql } from 'drizzle-orm';
import { generateCommunity } from '#app/demo/generate.ts';
import { seedDemo } from '#app/demo/index.ts';
import { openDatabase, tuneFileDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { memberSkills, profiles, users } from '#db/schema/index.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { startServer } from '#tests/helpers/server.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';
import { shippedJavaScript } from './js-size.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const CONNECTIONS = 10;
/** Each measurement is split into this many rounds, alternating with its ceiling. */
const ROUNDS = 4;
const QUERY = 'q=kubernets&teach=1';

const TARGETS = {
  searchP99Ms: 50,
  peopleShare: 0.5,
  profileShare: 0.6,
  rssMb: 350,
  peopleJsKb: 25,
  profileJsKb: 0,
};

interface Measured {
  name: string;
  path: string;
  bytes: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One timed run of autocannon against `path`. */
async function run(base: string, path: string, seconds: number) {
  return autocannon({ url: new URL(path, base).toString(), connections: CONNECTIONS, duration: seconds });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Measures a page and, when given, its ceiling in alternating short rounds, so that
 * other work on the machine slows both alike instead of skewing their ratio. req/s is
 * over all rounds; p50 is the median round's, p99 the worst round's.
 */
async function measurePair(
  base: string,
  name: string,
  path: string,
  ceilingPath?: (bytes: number) => string,
): Promise<[Measured, Measured | null]> {
  const bytes = (await (await fetch(new URL(path, base))).arrayBuffer()).byteLength;
  const paths = [path, ...(ceilingPath ? [ceilingPath(bytes)] : [])];
  // Warm up (JIT, caches) before the measured runs.
  for (const p of paths) await autocannon({ url: new URL(p, base).toString(), connections: CONNECTIONS, amount: 300 });
  const rounds = paths.map(() => [] as Awaited<ReturnType<typeof run>>[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, p] of paths.entries()) rounds[i]!.push(await run(base, p, SECONDS / ROUNDS));
  }
  const summary = (label: string, p: string, results: Awaited<ReturnType<typeof run>>[]): Measured => ({
    name: label,
    path: p,
    bytes,
    rps: results.reduce((sum, r) => sum + r.requests.total, 0) / results.reduce((sum, r) => sum + r.duration, 0),
    p50: median(results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  });
  return [summary(name, path, rounds[0]!), ceilingPath ? summary('static page', paths[1]!, rounds[1]!) : null];
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const pad = (v: string | number, n: number) => String(v).padStart(n);
const padEnd = (v: string, n: number) => v.padEnd(n);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** The Node options `npm start` runs the server with, so the benchmark measures the same process. */
function startNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /^node\s+(.*?)\s*src\/server\/cli\/start\.ts$/.exec(pkg.scripts.start ?? '');
  return match?.[1] ? match[1].split(/\s+/) : [];
}

function row(page: Measured, ceiling?: Measured): string {
  const ratio = ceiling ? `${((page.rps / ceiling.rps) * 100).toFixed(0)}%` : '';
  const name = padEnd(`${page.name} ${page.path}`.slice(0, 52), 52);
  const figures = [pad(page.bytes, 7), pad(page.rps.toFixed(0), 7), pad(page.p50, 7), pad(page.p99, 7)];
  return [name, ...figures, pad(ceiling ? ceiling.rps.toFixed(0) : '', 9), pad(ratio, 6)].join(' ');
}

async function main(): Promise<void> {
  const dir = makeTempDir('whoknows-bench-');
  try {
    console.log(`Seeding ${MEMBERS.toLocaleString('en')} members…`);
    const started = performance.now();
    const database = openDatabase(`file:${join(dir.path, 'whoknows.db')}`);
    await tuneFileDatabase(database);
    await migrateDatabase(database);
    await syncCatalogue(database);
    await seedDemo(database);
    await generateCommunity(database, { totalMembers: MEMBERS });
    // A well-filled public profile to measure: the member with the most skills.
    const profile = await database.db
      .select({ handle: users.handle, skills: sql<number>`count(${memberSkills.skillId})` })
      .from(users)
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .innerJoin(memberSkills, eq(memberSkills.userId, users.id))
      .where(eq(profiles.visibility, 'public'))
      .groupBy(users.id)
      .orderBy(desc(sql`count(${memberSkills.skillId})`), users.handle)
      .limit(1)
      .get();
    database.close();
    const nodeArgs = startNodeArgs();
    console.log(
      `Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s. Starting the built server (node ${nodeArgs.join(' ')})…`,
    );

    const paths = {
      search: `/api/search/people?${QUERY}`,
      people: `/people?${QUERY}`,
      profile: `/people/${profile!.handle}`,
    };
    const server = await startServer({ dataDir: dir.path, nodeArgs, env: { BENCH_ROUTES: '1', LOG_LEVEL: 'warn' } });
    let pages: Measured[];
    let ceilings: Measured[];
    let memory: { rss: number; peak: number };
    let bootMemory: { rss: number; peak: number };
    let peopleJs: Awaited<ReturnType<typeof shippedJavaScript>>;
    let profileJs: Awaited<ReturnType<typeof shippedJavaScript>>;
    try {
      bootMemory = rssMb(server.pid);
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { search: { detail?: string } };
      console.log(
        `Server up (${health.search.detail}, ${bootMemory.rss.toFixed(0)} MB RSS). ` +
          `${CONNECTIONS} connections, ${SECONDS} s per run, ${availableParallelism()} CPUs.`,
      );
      const ceiling = (bytes: number) => `/api/bench/static?bytes=${bytes}`;
      const pairs = [
        await measurePair(server.url, 'search JSON', paths.search, ceiling),
        await measurePair(server.url, 'people page', paths.people, ceiling),
        await measurePair(server.url, 'profile page', paths.profile, ceiling),
      ];
      pages = pairs.map(([page]) => page);
      ceilings = pairs.map(([, c]) => c!);
      memory = rssMb(server.pid);
      peopleJs = await shippedJavaScript(server.url, paths.people);
      profileJs = await shippedJavaScript(server.url, paths.profile);
    } finally {
      await server.dispose();
    }

    // The same pages rendered on every request (page cache off), for reference: not a target.
    console.log('Measuring again with the page cache off (reference)…');
    const uncachedServer = await startServer({
      dataDir: dir.path,
      nodeArgs,
      env: { BENCH_ROUTES: '1', LOG_LEVEL: 'warn', PAGE_CACHE_SECONDS: '0' },
    });
    let uncached: Measured[];
    try {
      uncached = [
        (await measurePair(uncachedServer.url, 'search JSON, uncached', paths.search))[0],
        (await measurePair(uncachedServer.url, 'people page, uncached', paths.people))[0],
        (await measurePair(uncachedServer.url, 'profile page, uncached', paths.profile))[0],
      ];
    } finally {
      await uncachedServer.dispose();
    }

    console.log(
      `\n${[padEnd('target', 52), pad('bytes', 7), pad('req/s', 7), pad('p50 ms', 7), pad('p99 ms', 7)].join(' ')} ` +
        `${pad('ceiling', 9)} ${pad('ratio', 6)}`,
    );
    for (const [i, page] of pages.entries()) console.log(row(page, ceilings[i]));
    for (const c of ceilings) console.log(row(c));
    for (const [i, page] of uncached.entries()) console.log(row(page, ceilings[i]));
    console.log('(ratios of the uncached rows use the ceilings measured with the cached server)');
    const errors = [...pages, ...ceilings, ...uncached].reduce((sum, m) => sum + m.errors, 0);
    console.log(`\nerrors or non-2xx answers during the runs: ${errors}`);
    console.log(
      `server memory: ${bootMemory.rss.toFixed(0)} MB RSS after start-up, ` +
        `${memory.rss.toFixed(0)} MB after the runs (peak ${memory.peak.toFixed(0)} MB)`,
    );
    console.log(
      `JavaScript on /people: ${(peopleJs.totalGzip / 1024).toFixed(1)} KB gzip (` +
        `${peopleJs.files.map((f) => `${f.url} ${(f.gzip / 1024).toFixed(1)}`).join(', ')}; ` +
        `inline ${(peopleJs.inline.gzip / 1024).toFixed(1)})`,
    );
    console.log(`JavaScript on a profile page: ${(profileJs.totalGzip / 1024).toFixed(1)} KB gzip\n`);

    const [search, people, prof] = pages as [Measured, Measured, Measured];
    const share = (i: number) => pages[i]!.rps / ceilings[i]!.rps;
    const checks: [string, boolean][] = [
      [`search endpoint p99 ≤ ${TARGETS.searchP99Ms} ms (${search.p99} ms)`, search.p99 <= TARGETS.searchP99Ms],
      [
        `/people?q=… ≥ ${TARGETS.peopleShare * 100}% of its ceiling (${(share(1) * 100).toFixed(0)}%)`,
        people.rps >= TARGETS.peopleShare * ceilings[1]!.rps,
      ],
      [
        `profile page ≥ ${TARGETS.profileShare * 100}% of its ceiling (${(share(2) * 100).toFixed(0)}%)`,
        prof.rps >= TARGETS.profileShare * ceilings[2]!.rps,
      ],
      [
        `server RSS ≤ ${TARGETS.rssMb} MB with ${MEMBERS.toLocaleString('en')} members (${memory.rss.toFixed(0)} MB after the runs)`,
        memory.rss <= TARGETS.rssMb,
      ],
      [
        `JavaScript on /people ≤ ${TARGETS.peopleJsKb} KB gzip (${(peopleJs.totalGzip / 1024).toFixed(1)} KB)`,
        peopleJs.totalGzip <= TARGETS.peopleJsKb * 1024,
      ],
      [
        `JavaScript on a profile page = 0 KB (${(profileJs.totalGzip / 1024).toFixed(1)} KB)`,
        profileJs.totalGzip === 0,
      ],
      ['no errors during the runs', errors === 0],
    ];
    for (const [label, ok] of checks) console.log(`${verdict(ok)}  ${label}`);
    process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    dir.remove();
  }
}

await main();
