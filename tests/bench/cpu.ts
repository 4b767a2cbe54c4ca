/**
 * `npm run bench:cpu`: CPU milliseconds per request, summed over every server process
 * and thread, for the same load under several server configurations (by default one
 * process against every core). Throughput on a shared machine is noisy; CPU per request
 * is not, and it says whether a second process burns more per request than one, and
 * where (per process role and per thread name: the main thread, V8's GC helpers,
 * libuv's pool), and what the load generator itself costs.
 *
 * All configurations run at once, as in `npm run bench` (an idle server's timers count
 * against the one under load), and are measured in alternating rounds of a fixed number
 * of requests: signed-in member, 10 connections, page cache off, the Node options of
 * `npm start`; by default search JSON with distinct queries (CPU_LOAD).
 *
 * BENCH_MEMBERS (10000), CPU_REQUESTS (per round, 2000), CPU_ROUNDS (3), CPU_LOAD
 * ('search': distinct people searches as JSON; 'people': the same queries as /people
 * pages; 'profile': a different member's profile page on each request, as `npm run bench`
 * asks for them; 'static': the same-size static page the profile is compared with,
 * `/api/bench/static`; 'page' and 'layout': `npm run bench`'s reference pages at that size,
 * an Astro page with nothing of ours in it and the site's layout around a fixed paragraph),
 * CPU_CONFIGS (JSON list of { label, workers, nodeArgs?, env?, busyCore?, entry? }; nodeArgs
 * are added to npm start's; entry runs another build's bundled server,
 * `<tree>/dist/server/http/node-server.mjs` next to that tree's db/migrations and
 * node_modules, to compare two builds in one run),
 * CPU_WINDOWS (a file to write the measured stretches to, on the clock of `--cpu-prof`
 * profiles, so that profiles taken with nodeArgs ['--cpu-prof'] can be cut to them), CPU_LOGS
 * (a path prefix: each server's output goes to <prefix>-<n>.log, e.g. with '--trace-gc').
 * Each configuration's latency percentiles per round are printed too: with the
 * configurations sharing the machine, compare them round by round, not as the bench's.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { startNodeArgs } from '#tests/helpers/start-options.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';
import { type Community, seedCommunity } from './community.ts';
import { peopleQueryStrings } from './http-queries.ts';
import { BROWSER_HEADERS, CONNECTIONS, cycle, typicalBytes } from './measure.ts';
import { cpuSince, processTree, runDelayMs, type ThreadCpu, treeRss, treeThreadCpu } from './processes.ts';
import { sizedPath } from './stack-floor.ts';

interface Config {
  label: string;
  workers: number;
  nodeArgs?: string[];
  env?: Record<string, string>;
  /**
   * Keep one core busy meanwhile (a plain loop, or 'memory': random reads over 64 MB):
   * how much more CPU does a request take when the other core works?
   */
  busyCore?: boolean | 'memory';
  /**
   * Another build's bundled server (`<tree>/dist/server/http/node-server.mjs`, next to that
   * tree's db/migrations and node_modules) to compare against this tree's, round by round.
   */
  entry?: string;
}

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const REQUESTS = Number(process.env.CPU_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.CPU_ROUNDS ?? 3);
const LOADS = ['search', 'people', 'profile', 'static', 'page', 'layout'] as const;
const LOAD = (process.env.CPU_LOAD ?? 'search') as (typeof LOADS)[number];
if (!LOADS.includes(LOAD)) throw new Error(`CPU_LOAD must be one of ${LOADS.join(', ')}`);
/** Loads that ask for one fixed page, sized like a typical profile page. */
const isFixedLoad = (load: (typeof LOADS)[number]) => load === 'static' || load === 'page' || load === 'layout';
const CONFIGS: Config[] = process.env.CPU_CONFIGS
  ? (JSON.parse(process.env.CPU_CONFIGS) as Config[])
  : [
      { label: '1 process', workers: 1 },
      { label: `${availableParallelism()} workers`, workers: availableParallelism() },
    ];

/** Groups a thread by what it does: V8 names its platform workers, libuv its pool. */
function threadKind(name: string): string {
  if (/^V8/.test(name) || /DefaultWorke|DelayedTask/.test(name)) return 'v8 helpers';
  if (/^libuv-worker/.test(name)) return 'libuv pool';
  if (/^node$|^MainThread$|^node-MainThread/.test(name)) return 'main';
  return name;
}

const BUSY = {
  loop: 'for (;;) {}',
  memory:
    'const a = new Int32Array(16 << 20); let s = 0, i = 1; for (;;) { i = (i * 1103515245 + 12345) & 0xffffff; s += a[i]++; }',
};

interface Totals {
  requests: number;
  seconds: number;
  clientMs: number;
  /** The load generator's own wait for a core (ms). */
  clientWaitedMs: number;
  /** ms per process role label ('primary', 'process 1' …) and per thread kind, summed over rounds. */
  byProcess: Map<string, number>;
  byKind: Map<string, number>;
  /** Context switches per thread kind. */
  switches: Map<string, number>;
  /** Time runnable but waiting for a core, per thread kind (ms, summed over rounds). */
  waited: Map<string, number>;
  /** CPU the other (idle) servers used meanwhile. */
  idleOthersMs: number;
  /** Each measured round's latency percentiles (ms), as autocannon reports them. */
  latencies: { p50: number; p99: number }[];
}

function roleOf(server: TestServer, workers: number, pid: number, order: number[]): string {
  if (workers === 1) return 'process';
  if (pid === server.pid) return 'primary';
  return `worker ${order.indexOf(pid)}`;
}

/**
 * The paths of one round: searches no earlier round asked (no cache can help), or
 * profiles starting where the last round stopped, or a fixed page (`fixedPath`).
 */
function loadPaths(community: Community, seed: number, fixedPath: string, load = LOAD): () => string {
  if (isFixedLoad(load)) return () => fixedPath;
  if (load === 'profile') {
    const { handles } = community;
    let i = seed * REQUESTS;
    return () => `/people/${handles[i++ % handles.length]}`;
  }
  const path = load === 'people' ? '/people?' : '/api/search/people?';
  return cycle(peopleQueryStrings(community.material, REQUESTS, seed).map((q) => `${path}${q}`));
}

async function main(): Promise<void> {
  const dir = makeTempDir('whoknows-bench-cpu-');
  const nodeArgs = startNodeArgs();
  const servers: TestServer[] = [];
  try {
    console.log(`Seeding ${MEMBERS.toLocaleString('en')} members…`);
    const community = await seedCommunity(dir.path, MEMBERS);
    for (const config of CONFIGS) {
      const server = await startServer({
        dataDir: dir.path,
        nodeArgs: [...nodeArgs, ...(config.nodeArgs ?? [])],
        ...(config.entry ? { entry: config.entry } : {}),
        env: {
          BENCH_ROUTES: '1',
          LOG_LEVEL: 'warn',
          PAGE_CACHE_SECONDS: '0',
          WORKERS: String(config.workers),
          ...config.env,
        },
        startTimeoutMs: 180_000,
      });
      servers.push(server);
      await server.waitForOutput(/all \d+ workers? ready/, 180_000);
    }
    const cookies = cycle(community.cookies);
    // The fixed pages are as big as a typical profile page (what `npm run bench` compares them with).
    const staticBytes = isFixedLoad(LOAD)
      ? await typicalBytes({
          label: 'profile',
          base: servers[0]!.url,
          nextPath: loadPaths(community, 0, '', 'profile'),
          nextCookie: cookies,
        })
      : 0;
    const fixedPath =
      LOAD === 'page' || LOAD === 'layout'
        ? await sizedPath(servers[0]!.url, LOAD, staticBytes, cookies())
        : `/api/bench/static?bytes=${staticBytes}`;
    const totals: Totals[] = CONFIGS.map(() => ({
      requests: 0,
      seconds: 0,
      clientMs: 0,
      clientWaitedMs: 0,
      byProcess: new Map(),
      byKind: new Map(),
      switches: new Map(),
      waited: new Map(),
      idleOthersMs: 0,
      latencies: [],
    }));
    console.log(
      `Server: node ${nodeArgs.join(' ')}; ${LOAD}${staticBytes ? ` (${staticBytes} bytes)` : ''}: ` +
        `${REQUESTS} requests × ${ROUNDS} rounds per configuration, ` +
        `${CONNECTIONS} connections, load average ${loadavg()[0]!.toFixed(1)}.`,
    );
    let seed = 1;
    /** Measured stretches on the monotonic clock (µs), the clock of V8's --cpu-prof timestamps. */
    const windows: { label: string; from: number; to: number }[] = [];
    for (let round = -1; round < ROUNDS; round++) {
      for (const [i, server] of servers.entries()) {
        const paths = loadPaths(community, seed++, fixedPath);
        const order = processTree(server.pid).filter((pid) => pid !== server.pid);
        const busyCore = CONFIGS[i]!.busyCore;
        const busy = busyCore ? spawn(process.execPath, ['-e', BUSY[busyCore === 'memory' ? 'memory' : 'loop']]) : null;
        const before = servers.map((s) => treeThreadCpu(s.pid));
        const client = process.cpuUsage();
        const clientWaited = runDelayMs(process.pid, process.pid);
        const started = performance.now();
        const startedUs = process.hrtime.bigint() / 1000n;
        const result = await autocannon({
          url: server.url,
          connections: CONNECTIONS,
          amount: round < 0 ? 300 : REQUESTS,
          headers: BROWSER_HEADERS,
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                path: paths(),
                headers: { ...BROWSER_HEADERS, cookie: cookies() },
              }),
            },
          ],
        });
        const seconds = (performance.now() - started) / 1000;
        const clientUsage = process.cpuUsage(client);
        const after = servers.map((s) => treeThreadCpu(s.pid));
        busy?.kill('SIGKILL');
        if (round < 0) continue; // warm-up
        windows.push({
          label: CONFIGS[i]!.label,
          from: Number(startedUs),
          to: Number(process.hrtime.bigint() / 1000n),
        });
        const t = totals[i]!;
        t.requests += REQUESTS;
        t.seconds += seconds;
        t.clientMs += (clientUsage.user + clientUsage.system) / 1000;
        t.clientWaitedMs += runDelayMs(process.pid, process.pid) - clientWaited;
        t.latencies.push({ p50: result.latency.p50, p99: result.latency.p99 });
        const used: ThreadCpu[] = cpuSince(before[i]!, after[i]!);
        for (const thread of used) {
          const role = roleOf(server, CONFIGS[i]!.workers, thread.pid, order);
          t.byProcess.set(role, (t.byProcess.get(role) ?? 0) + thread.ms);
          const kind = `${role === 'primary' ? 'primary ' : ''}${threadKind(thread.name)}`;
          t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + thread.ms);
          t.switches.set(kind, (t.switches.get(kind) ?? 0) + thread.switches);
          t.waited.set(kind, (t.waited.get(kind) ?? 0) + thread.waitedMs);
        }
        const roundMs = used.reduce((n, th) => n + th.ms, 0);
        console.log(
          `  round ${round + 1}, ${CONFIGS[i]!.label}: ${(roundMs / REQUESTS).toFixed(2)} ms per request, load ${loadavg()[0]!.toFixed(1)}`,
        );
        for (let j = 0; j < servers.length; j++) {
          if (j !== i) t.idleOthersMs += cpuSince(before[j]!, after[j]!).reduce((n, th) => n + th.ms, 0);
        }
      }
    }
    for (const [i, config] of CONFIGS.entries()) {
      const t = totals[i]!;
      const perRequest = (ms: number) => (ms / t.requests).toFixed(2);
      const serverMs = [...t.byProcess.values()].reduce((a, b) => a + b, 0);
      console.log(
        `\n${config.label} (WORKERS=${config.workers}${config.entry ? ` ${config.entry}` : ''}` +
          `${config.nodeArgs?.length ? ` ${config.nodeArgs.join(' ')}` : ''}` +
          `${config.env ? ` ${JSON.stringify(config.env)}` : ''}): ${(t.requests / t.seconds).toFixed(0)} req/s; ` +
          `server ${perRequest(serverMs)} ms CPU per request, load generator ${perRequest(t.clientMs)}, ` +
          `other servers meanwhile ${perRequest(t.idleOthersMs)}; RSS ${treeRss(servers[i]!.pid).total.toFixed(0)} MB`,
      );
      console.log(
        `  latency per round: p50 ${t.latencies.map((l) => l.p50).join(', ')} ms; p99 ${t.latencies.map((l) => l.p99).join(', ')} ms`,
      );
      console.log(`  by process: ${[...t.byProcess].map(([k, v]) => `${k} ${perRequest(v)}`).join(', ')}`);
      console.log(
        `  by thread:  ${[...t.byKind]
          .filter(([, ms]) => ms / t.requests >= 0.005)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${perRequest(v)}`)
          .join(', ')}`,
      );
      console.log(
        `  context switches per request: ${[...t.switches]
          .filter(([, n]) => n / t.requests >= 0.05)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${(n / t.requests).toFixed(1)}`)
          .join(', ')}`,
      );
      console.log(
        `  waiting for a core per request: ${[...t.waited]
          .filter(([, ms]) => ms / t.requests >= 0.005)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${perRequest(v)} ms`)
          .join(', ')}; load generator ${perRequest(t.clientWaitedMs)} ms`,
      );
    }
    if (process.env.CPU_WINDOWS) writeFileSync(process.env.CPU_WINDOWS, JSON.stringify(windows));
    const logs = process.env.CPU_LOGS;
    if (logs) for (const [i, server] of servers.entries()) writeFileSync(`${logs}-${i}.log`, server.output());
  } finally {
    for (const server of servers) await server.stop();
    dir.remove();
  }
}

await main();
