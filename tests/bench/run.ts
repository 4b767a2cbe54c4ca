/**
 * `npm run bench`: what members get, measured against what the server can do at all.
 *
 * Seeds 10,000 members into a temporary database and starts the built server as
 * `npm start` does (its Node options, every core), with the page cache off. At 10
 * connections on loopback, signed in, a different query on every request (thousands of
 * distinct people searches: typos, aliases, prefixes, several words, with and without
 * facets) and a different member on every profile request, each load alternates in
 * short rounds with its ceiling: a static page of the same size from the same server
 * and middleware. Then: throughput with every core against one process (same run),
 * transfer size and stylesheet caching, the JavaScript pages ship, memory summed over
 * every process, and the anonymous, page-cached figures as a second table (reference).
 * Last, a run on 100,000 members under `npm start`'s defaults: start-up without and with
 * a snapshot, memory, search p99. PASS/FAIL per target; exits 1 if any fails.
 *
 * BENCH_MEMBERS (10000), BENCH_SECONDS (12 per measurement), BENCH_WARM_UP_SECONDS (3,
 * before each load's rounds), BENCH_LARGE_MEMBERS (100000; 0 skips the large run),
 * BENCH_WORKERS (the server's WORKERS; default cores).
 */
import { availableParallelism, loadavg } from 'node:os';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { startNodeArgs } from '#tests/helpers/start-options.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';
import { type Community, seedCommunity } from './community.ts';
import { peopleQueryStrings } from './http-queries.ts';
import { shippedJavaScript } from './js-size.ts';
import { FIRST_SECONDS, type LargeRun, runLarge } from './large.ts';
import { alternate, cycle, type Load, type Measured, type PairRow, typicalBytes } from './measure.ts';
import { treeRss } from './processes.ts';
import { type Check, kb, mb, measuredTable, printChecks } from './report.ts';
import { stackFloor } from './stack-floor.ts';
import { fetchRaw, pageStyles } from './wire.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const LARGE_MEMBERS = Number(process.env.BENCH_LARGE_MEMBERS ?? 100_000);
const WORKERS = process.env.BENCH_WORKERS ?? '';
const DISTINCT_QUERIES = 3000;
const WIRE_QUERY = 'q=kubernets';

const TARGETS = {
  searchP99Ms: 50,
  searchShare: 0.2,
  peopleP99Ms: 100,
  peopleShare: 0.15,
  profileShare: 0.5,
  largeReadyS: 20,
  largeRssMb: 600,
  largeP99Ms: 100,
  coresGain: 1.6,
  peopleWireKb: 20,
  peopleJsKb: 25,
};

const ceilingOf = (base: string, bytes: number, cookies?: () => string): Load => ({
  label: 'static page',
  base,
  nextPath: () => `/api/bench/static?bytes=${bytes}`,
  nextCookie: cookies,
});

/** A linked stylesheet as the report names it. */
const sheetText = (s: { url: string; wire: number; immutable: boolean }) =>
  `${s.url} ${kb(s.wire)}${s.immutable ? ' immutable' : ' NOT cacheable'}`;

/** Measures a load against the same-size static page, alternating. */
async function againstCeiling(what: string, load: Load, cookies?: () => string): Promise<PairRow> {
  const bytes = await typicalBytes(load);
  const [page, ceiling] = await alternate([load, ceilingOf(load.base, bytes, cookies)], SECONDS);
  console.log(
    `  ${what}: ${page!.rps.toFixed(0)} req/s, p99 ${page!.p99} ms (ceiling ${ceiling!.rps.toFixed(0)} req/s)`,
  );
  return { what, bytes, page: page!, ceiling: ceiling! };
}

/** The member loads: distinct searches and pages, signed in, page cache off. */
async function memberLoads(server: TestServer, community: Community, queries: string[]) {
  const cookies = cycle(community.cookies);
  const half = Math.floor(queries.length / 2);
  const search: Load = {
    label: 'search JSON',
    base: server.url,
    nextPath: cycle(queries.slice(0, half).map((q) => `/api/search/people?${q}`)),
    nextCookie: cookies,
  };
  const people: Load = {
    label: 'people page',
    base: server.url,
    nextPath: cycle(queries.slice(half).map((q) => `/people?${q}`)),
    nextCookie: cookies,
  };
  const profile: Load = {
    label: 'profile page',
    base: server.url,
    nextPath: cycle(community.handles.map((h) => `/people/${h}`)),
    nextCookie: cookies,
  };
  return { search, people, profile, cookies };
}

/** Bytes on the wire for /people?q=…, and whether a second page needs any stylesheet the first did not bring. */
async function wireFacts(server: TestServer, cookie: string, profileHandle: string) {
  const people = await fetchRaw(`${server.url}/people?${WIRE_QUERY}`, { cookie });
  const html = (await (await fetch(`${server.url}/people?${WIRE_QUERY}`, { headers: { cookie } })).text()) as string;
  const profileHtml = await (await fetch(`${server.url}/people/${profileHandle}`, { headers: { cookie } })).text();
  const first = await pageStyles(server.url, html);
  const second = await pageStyles(server.url, profileHtml);
  const cached = new Set(first.sheets.filter((s) => s.immutable).map((s) => s.url));
  const secondNew =
    second.inlineBytes + second.sheets.filter((s) => !cached.has(s.url)).reduce((n, s) => n + s.wire, 0);
  return { people, html, first, second, secondNew };
}

/** /insights at this size, uncached, signed in: when the page exists. */
async function insightsFigures(server: TestServer, cookies: () => string): Promise<Measured | null> {
  const probe = await fetch(`${server.url}/insights`, { headers: { cookie: cookies() }, redirect: 'manual' });
  if (probe.status === 404) return null;
  const [insights] = await alternate(
    [{ label: 'insights', base: server.url, nextPath: () => '/insights', nextCookie: cookies }],
    SECONDS / 2,
    2,
  );
  return insights!;
}

/** The anonymous, page-cached figures (one query repeated): reference, not a target. */
async function cachedFigures(dir: string, nodeArgs: string[], community: Community): Promise<PairRow[]> {
  const server = await startServer({
    dataDir: dir,
    nodeArgs,
    env: { BENCH_ROUTES: '1', LOG_LEVEL: 'warn', WORKERS },
    startTimeoutMs: 180_000,
  });
  try {
    await server.waitForOutput(/all \d+ workers? ready/, 180_000);
    const fixed = (label: string, path: string): Load => ({ label, base: server.url, nextPath: () => path });
    return [
      await againstCeiling(
        'search JSON, anonymous, cached',
        fixed('search', `/api/search/people?${WIRE_QUERY}&teach=1`),
      ),
      await againstCeiling('/people?q=, anonymous, cached', fixed('people', `/people?${WIRE_QUERY}&teach=1`)),
      await againstCeiling('profile, anonymous, cached', fixed('profile', `/people/${community.handles[0]}`)),
    ];
  } finally {
    await server.dispose();
  }
}

async function main(): Promise<void> {
  const dir = makeTempDir('whoknows-bench-');
  const nodeArgs = startNodeArgs();
  const checks: Check[] = [];
  try {
    console.log(`Seeding ${MEMBERS.toLocaleString('en')} members…`);
    const community = await seedCommunity(dir.path, MEMBERS);
    const queries = peopleQueryStrings(community.material, DISTINCT_QUERIES);
    console.log(
      `Seeded in ${(community.seedMs / 1000).toFixed(1)} s; ${queries.length} distinct people queries, ` +
        `${community.cookies.length} signed-in members, ${community.handles.length} profiles. ` +
        `Server: node ${nodeArgs.join(' ')}, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}.`,
    );

    const env = { BENCH_ROUTES: '1', LOG_LEVEL: 'warn', PAGE_CACHE_SECONDS: '0', WORKERS };
    const server = await startServer({ dataDir: dir.path, nodeArgs, env, startTimeoutMs: 180_000 });
    let single: TestServer | undefined;
    let member: PairRow[];
    let floor: PairRow[];
    let cores: { all: Measured; one: Measured; workers: string };
    let wire: Awaited<ReturnType<typeof wireFacts>>;
    let peopleJs: Awaited<ReturnType<typeof shippedJavaScript>>;
    let contentJs: { path: string; gzip: number }[];
    let insights: Measured | null;
    let memory: { total: number; each: number[] };
    try {
      await server.waitForOutput(/all \d+ workers? ready/, 180_000);
      const workers = /all (\d+) workers? ready/.exec(server.output())?.[1] ?? '1';
      console.log(`Members, page cache off, ${workers} worker(s):`);
      const loads = await memberLoads(server, community, queries);
      member = [
        await againstCeiling('search JSON, member, distinct queries', loads.search, loads.cookies),
        await againstCeiling('/people?q=, member, distinct queries', loads.people, loads.cookies),
        await againstCeiling('profile, member, distinct members', loads.profile, loads.cookies),
      ];
      const profileBytes = member[2]!.bytes;
      floor = await stackFloor(
        server.url,
        profileBytes,
        ceilingOf(server.url, profileBytes, loads.cookies),
        loads.cookies,
        SECONDS,
      );
      for (const row of floor)
        console.log(`  ${row.what}: ${row.page.rps.toFixed(0)} req/s (ceiling ${row.ceiling.rps.toFixed(0)} req/s)`);

      console.log('Every core against one process (search JSON, member, distinct queries)…');
      single = await startServer({
        dataDir: dir.path,
        nodeArgs,
        env: { ...env, WORKERS: '1' },
        startTimeoutMs: 180_000,
      });
      await single.waitForOutput(/all \d+ workers? ready/, 180_000);
      const again = peopleQueryStrings(community.material, DISTINCT_QUERIES, 99).map((q) => `/api/search/people?${q}`);
      const [all, one] = await alternate(
        [
          { label: `${workers} workers`, base: server.url, nextPath: cycle(again), nextCookie: loads.cookies },
          { label: '1 process', base: single.url, nextPath: cycle([...again].reverse()), nextCookie: loads.cookies },
        ],
        SECONDS,
      );
      cores = { all: all!, one: one!, workers };

      const cookie = community.cookies[0]!;
      wire = await wireFacts(server, cookie, community.handles[0]!);
      peopleJs = await shippedJavaScript(server.url, `/people?${WIRE_QUERY}`);
      contentJs = [];
      for (const path of [`/people/${community.handles[0]}`, '/', '/topics', '/guides', '/events', '/lists']) {
        contentJs.push({ path, gzip: (await shippedJavaScript(server.url, path)).totalGzip });
        // Signed in too: the account menu only a member's header has must not bring a script.
        contentJs.push({
          path: `${path} (member)`,
          gzip: (await shippedJavaScript(server.url, path, cookie)).totalGzip,
        });
      }
      insights = await insightsFigures(server, loads.cookies);
      memory = treeRss(server.pid);
    } finally {
      await single?.dispose();
      await server.stop();
    }

    console.log('Anonymous visitors, page cache on (reference)…');
    const cached = await cachedFigures(dir.path, nodeArgs, community);

    let large: LargeRun | null = null;
    if (LARGE_MEMBERS > 0) large = await runLarge(LARGE_MEMBERS, nodeArgs, SECONDS);

    console.log(`\nMembers, signed in, page cache off, 10 connections (ms; load = 1-minute load average):`);
    console.log(measuredTable(member));
    console.log("\nWhat the stack allows at the profile page's size, member, before a page's own work (reference):");
    console.log(measuredTable(floor));
    console.log('\nAnonymous visitors, one query repeated, page cache on (reference):');
    console.log(measuredTable(cached));
    console.log(
      `\nEvery core: ${cores.all.rps.toFixed(0)} req/s with ${cores.workers} worker(s), ${cores.one.rps.toFixed(0)} with one ` +
        `process (${(cores.all.rps / cores.one.rps).toFixed(2)}×; p99 ${cores.all.p99} vs ${cores.one.p99} ms; ` +
        `load ${cores.all.load.toFixed(1)})`,
    );
    console.log(
      `Memory at ${MEMBERS.toLocaleString('en')} members after the runs: ${mb(memory.total)} over ${memory.each.length} ` +
        `process(es) (${memory.each.map((m) => m.toFixed(0)).join(' + ')})`,
    );
    console.log(
      `/people?${WIRE_QUERY}: ${kb(Buffer.byteLength(wire.html))} of HTML, ${kb(wire.people.wire)} on the wire ` +
        `(${wire.people.encoding ?? 'not compressed'}); styles: ${kb(wire.first.inlineBytes)} inline, ` +
        `${wire.first.sheets.map(sheetText).join(', ') || 'no stylesheet'}; ` +
        `a profile page next needs ${kb(wire.secondNew)} of CSS more`,
    );
    console.log(
      `JavaScript on /people: ${kb(peopleJs.totalGzip)} gzip (${peopleJs.files.map((f) => `${f.url} ${kb(f.gzip)}`).join(', ')}; ` +
        `inline ${kb(peopleJs.inline.gzip)}); content pages: ${contentJs.map((c) => `${c.path} ${kb(c.gzip)}`).join(', ')}`,
    );
    if (insights)
      console.log(
        `/insights at ${MEMBERS.toLocaleString('en')} members, uncached, member: ${insights.rps.toFixed(0)} req/s, ` +
          `p99 ${insights.p99} ms (load ${insights.load.toFixed(1)})`,
      );
    else console.log('/insights: not on this branch');
    if (large) {
      console.log(
        `\n${large.members.toLocaleString('en')} members (npm start defaults, ${large.workers} worker(s)): ready in ` +
          `${(large.cold.readyMs / 1000).toFixed(1)} s without a snapshot (${mb(large.cold.rss)}, load ${large.cold.load.toFixed(1)}), ` +
          `${(large.warm.readyMs / 1000).toFixed(1)} s from the snapshot (${mb(large.warm.rss)}, load ${large.warm.load.toFixed(1)}); ` +
          `search ${large.search.rps.toFixed(0)} req/s, p99 ${large.search.p99} ms (worst round ${large.search.p99Max}), ` +
          `in the first ${FIRST_SECONDS} s after the start ` +
          `${large.firstSeconds.rps.toFixed(0)} req/s, p99 ${large.firstSeconds.p99} ms; ` +
          `${mb(large.rssAfter.total)} after (${large.rssAfter.each.map((m) => m.toFixed(0)).join(' + ')})`,
      );
    }
    console.log('');

    const [search, people, profile] = member;
    const share = (row: PairRow) => row.page.rps / row.ceiling.rps;
    const pct = (row: PairRow) => `${(share(row) * 100).toFixed(0)}%`;
    checks.push(
      {
        label:
          `search JSON (member, distinct): p99 ≤ ${TARGETS.searchP99Ms} ms (${search!.page.p99}) ` +
          `and ≥ 20% of its ceiling (${pct(search!)})`,
        ok: search!.page.p99 <= TARGETS.searchP99Ms && share(search!) >= TARGETS.searchShare,
      },
      {
        label:
          `/people?q= (member, distinct): p99 ≤ ${TARGETS.peopleP99Ms} ms (${people!.page.p99}) ` +
          `and ≥ 15% of its ceiling (${pct(people!)})`,
        ok: people!.page.p99 <= TARGETS.peopleP99Ms && share(people!) >= TARGETS.peopleShare,
      },
      {
        label:
          `profile page (member, distinct members) ≥ 50% of its ceiling (${pct(profile!)}; ` +
          `the site's layout alone: ${pct(floor[1]!)})`,
        ok: share(profile!) >= TARGETS.profileShare,
      },
      {
        label: `every core ≥ ${TARGETS.coresGain}× one process (${(cores.all.rps / cores.one.rps).toFixed(2)}×)`,
        ok: cores.all.rps >= TARGETS.coresGain * cores.one.rps,
      },
      {
        label: `/people?q= ≤ ${TARGETS.peopleWireKb} KB on the wire (${kb(wire.people.wire)})`,
        ok: wire.people.wire <= TARGETS.peopleWireKb * 1024,
      },
      {
        label: `CSS cached after the first page (${kb(wire.first.inlineBytes)} inline; next page needs ${kb(wire.secondNew)} more)`,
        ok: wire.first.sheets.length > 0 && wire.first.sheets.every((s) => s.immutable) && wire.secondNew < 1024,
      },
      {
        label: `JavaScript on /people ≤ ${TARGETS.peopleJsKb} KB gzip (${kb(peopleJs.totalGzip)})`,
        ok: peopleJs.totalGzip <= TARGETS.peopleJsKb * 1024,
      },
      { label: 'JavaScript on content pages = 0', ok: contentJs.every((c) => c.gzip === 0) },
    );
    if (large) {
      checks.push(
        {
          label:
            `${large.members.toLocaleString('en')} members: ready ≤ ${TARGETS.largeReadyS} s without a snapshot ` +
            `(${(large.cold.readyMs / 1000).toFixed(1)} s) and with one (${(large.warm.readyMs / 1000).toFixed(1)} s)`,
          ok: Math.max(large.cold.readyMs, large.warm.readyMs) <= TARGETS.largeReadyS * 1000,
        },
        {
          label:
            `${large.members.toLocaleString('en')} members: RSS ≤ ${TARGETS.largeRssMb} MB summed over every process ` +
            `(${mb(large.cold.rss)} after a rebuild, ${mb(large.rssAfter.total)} after the searches)`,
          ok: Math.max(large.cold.rss, large.warm.rss, large.rssAfter.total) <= TARGETS.largeRssMb,
        },
        {
          label: `${large.members.toLocaleString('en')} members: search p99 ≤ ${TARGETS.largeP99Ms} ms (${large.search.p99})`,
          ok: large.search.p99 <= TARGETS.largeP99Ms,
        },
      );
    }
    const errors = [
      ...member.flatMap((r) => [r.page, r.ceiling]),
      cores.all,
      cores.one,
      ...(large ? [large.search] : []),
    ];
    const errorCount = errors.reduce((n, m) => n + m.errors, 0);
    checks.push({ label: `no errors or non-2xx answers (${errorCount})`, ok: errorCount === 0 });
    process.exitCode = printChecks(checks) ? 0 : 1;
  } finally {
    dir.remove();
  }
}

await main();
