import { loadavg } from 'node:os';
import autocannon, { type Result } from 'autocannon';

export const CONNECTIONS = 10;
/** What a browser sends: the server compresses for it. */
export const BROWSER_HEADERS = { 'accept-encoding': 'br, gzip', accept: 'text/html,application/json' };

/** A load to put on a server: which path each request asks for, and as whom. */
export interface Load {
  label: string;
  base: string;
  /** The path of the next request (a different query each time, or always the same). */
  nextPath: () => string;
  /** The cookie of the next request (a signed-in member), if any. */
  nextCookie?: () => string;
}

export interface Measured {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  /** Worst p99 of a single round. */
  p99Max: number;
  errors: number;
  requests: number;
  /** The one-minute load average while it ran (other work on the machine). */
  load: number;
}

/** A load measured against its ceiling (the same-size static page) in the same alternating rounds. */
export interface PairRow {
  what: string;
  bytes: number;
  page: Measured;
  ceiling: Measured;
}

/** Cycles through `items` from a shared position: every request gets the next one. */
export function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** One timed run of autocannon with `load`'s paths and cookies. */
function runOnce(load: Load, options: { seconds?: number; amount?: number }): Promise<Result> {
  const first = new URL(load.nextPath(), load.base);
  return autocannon({
    url: first.origin,
    connections: CONNECTIONS,
    ...(options.seconds ? { duration: options.seconds } : { amount: options.amount }),
    headers: BROWSER_HEADERS,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          path: load.nextPath(),
          headers: { ...BROWSER_HEADERS, ...(load.nextCookie ? { cookie: load.nextCookie() } : {}) },
        }),
      },
    ],
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Seconds each load runs unmeasured before its rounds. A server process answers its
 * first requests on code V8 has not compiled yet, and compiles it on the same two cores:
 * with 100,000 members, the first 2 s after a start served 264–282 searches a second
 * against 407–545 from the 8th second on (README "Benchmark"). The targets are about a
 * running server, so each load is measured once that is over.
 */
export const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);

function summary(label: string, runs: Result[], loadAverages: number[]): Measured {
  const requests = runs.reduce((sum, r) => sum + r.requests.total, 0);
  return {
    label,
    rps: requests / runs.reduce((sum, r) => sum + r.duration, 0),
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    p99Max: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
    requests,
    load: loadAverages.reduce((a, b) => a + b, 0) / loadAverages.length,
  };
}

/** One run of `load` for `seconds`, with no warm-up: what the first requests to a server get. */
export async function measureOnce(load: Load, seconds: number): Promise<Measured> {
  const run = await runOnce(load, { seconds });
  return summary(load.label, [run], [loadavg()[0]!]);
}

/**
 * Measures several loads in alternating short rounds (A B A B …), after a warm-up of
 * each (`warmUpSeconds`), so that other work on the machine slows them alike instead of
 * skewing their ratio. req/s is over all rounds; p50 and p99 are the median round's,
 * p99Max the worst round's.
 */
export async function alternate(
  loads: Load[],
  seconds: number,
  rounds = 4,
  warmUpSeconds = WARM_UP_SECONDS,
): Promise<Measured[]> {
  if (warmUpSeconds > 0) for (const load of loads) await runOnce(load, { seconds: warmUpSeconds });
  const results = loads.map(() => [] as Result[]);
  const loadAverages: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [i, load] of loads.entries()) {
      results[i]!.push(await runOnce(load, { seconds: Math.max(1, Math.round(seconds / rounds)) }));
      loadAverages.push(loadavg()[0]!);
    }
  }
  return loads.map((l, i) => summary(l.label, results[i]!, loadAverages));
}

/** Median uncompressed size of the bodies of a few of the load's requests. */
export async function typicalBytes(load: Load, samples = 15): Promise<number> {
  const sizes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const headers: Record<string, string> = load.nextCookie ? { cookie: load.nextCookie() } : {};
    const response = await fetch(new URL(load.nextPath(), load.base), { headers });
    sizes.push((await response.arrayBuffer()).byteLength);
  }
  return median(sizes);
}
