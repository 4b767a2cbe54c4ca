/**
 * `npm run bench:engine`: our embedded search engine against the engine it replaced,
 * MiniSearch 7 and Orama 3, on the same documents and the same queries.
 *
 * Seeds the demo community plus generated members up to ENGINE_BENCH_MEMBERS (default
 * 10,000) into a temporary database, loads the real people documents through the people
 * index source (timed: that is what a start without a snapshot pays), then runs each
 * engine in a process of its own: build time, memory after the build (V8 heap, typed
 * arrays and other memory outside it, RSS), and the time of each of ENGINE_BENCH_QUERIES
 * (default 3,000) generated queries, every one asking for the facets the /people page
 * shows; then the contract behaviours each engine gets right. ENGINE_BENCH_ENGINES
 * (comma-separated: embedded, reference, minisearch, orama) picks engines.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import type { SearchDocument, SearchQuery } from '#server/search/types.ts';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';
import { ENGINES } from './adapters.ts';
import { BEHAVIOUR_DEFINITION, BEHAVIOUR_DOCS, BEHAVIOUR_SYNONYMS, BEHAVIOURS } from './behaviours.ts';
import { generateQueries } from './queries.ts';

const MEMBERS = Number(process.env.ENGINE_BENCH_MEMBERS ?? 10_000);
const QUERIES = Number(process.env.ENGINE_BENCH_QUERIES ?? 3_000);
const CHOSEN = (process.env.ENGINE_BENCH_ENGINES ?? 'embedded,reference,minisearch,orama').split(',');
const WARM_UP = 300;

interface Measured {
  engine: string;
  documents: number;
  buildMs: number;
  heapMb: number;
  offHeapMb: number;
  rssMb: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  queriesPerSecond: number;
  behaviours: { name: string; ok: boolean }[];
}

const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** One engine, in this (child) process: build, memory, queries, behaviours. */
async function measure(key: string, docsFile: string, queriesFile: string): Promise<Measured> {
  const make = ENGINES[key];
  if (!make) throw new Error(`unknown engine ${key}`);
  const definition = (await import('#features/people/people.search.ts')).peopleSource.definition;
  const synonyms = catalogueSynonyms();
  const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as SearchQuery[];
  gc();
  gc();
  const before = process.memoryUsage();
  let docs: SearchDocument[] | null = JSON.parse(readFileSync(docsFile, 'utf8'));
  const documents = docs!.length;
  let engine: ReturnType<typeof make> | null = make();
  const started = performance.now();
  await engine.build(definition, synonyms, docs!);
  const buildMs = performance.now() - started;
  docs = null; // what the engine kept is its own
  gc();
  gc();
  const after = process.memoryUsage();
  const name = engine.name;

  for (const query of queries.slice(0, WARM_UP)) await engine.search(query);
  const times: number[] = [];
  const all = performance.now();
  for (const query of queries) {
    const t = performance.now();
    await engine.search(query);
    times.push(performance.now() - t);
  }
  const total = performance.now() - all;
  times.sort((a, b) => a - b);
  // What the engine holds: the memory that goes when it does.
  engine = null;
  gc();
  gc();
  const released = process.memoryUsage();
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * p))]! * 100) / 100;

  const small = make();
  await small.build(BEHAVIOUR_DEFINITION, BEHAVIOUR_SYNONYMS, BEHAVIOUR_DOCS);
  const behaviours = [];
  for (const b of BEHAVIOURS) behaviours.push({ name: b.name, ok: await b.check(small).catch(() => false) });

  return {
    engine: name,
    documents,
    buildMs: Math.round(buildMs),
    heapMb: mb(after.heapUsed - released.heapUsed),
    // `external` includes the typed arrays' buffers (`arrayBuffers`).
    offHeapMb: mb(after.external - released.external),
    rssMb: mb(after.rss - before.rss),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: Math.round(times[times.length - 1]! * 10) / 10,
    queriesPerSecond: Math.round((queries.length / total) * 1000),
    behaviours,
  };
}

/** The real people documents of a seeded community of MEMBERS, and how long loading them took. */
async function peopleDocuments(dir: string): Promise<{ docs: SearchDocument[]; seedMs: number; loadMs: number }> {
  process.env.DATABASE_URL = `file:${join(dir, 'bench.db')}`;
  process.env.LOG_LEVEL = 'warn';
  const { database } = await import('#db/client.ts');
  const { migrateDatabase } = await import('#db/migrate.ts');
  const { syncCatalogue } = await import('#features/skills/catalogue-sync.ts');
  const { seedDemo } = await import('#app/demo/index.ts');
  const { generateCommunity } = await import('#app/demo/generate.ts');
  const { peopleSource } = await import('#features/people/people.search.ts');
  const { allDocuments } = await import('#server/search/worker.ts');
  const seeding = performance.now();
  await migrateDatabase(database());
  await syncCatalogue(database());
  await seedDemo(database());
  await generateCommunity(database(), { totalMembers: MEMBERS });
  const seedMs = performance.now() - seeding;
  const loading = performance.now();
  const docs: SearchDocument[] = [];
  for await (const batch of allDocuments(peopleSource)) docs.push(...batch);
  return { docs, seedMs, loadMs: performance.now() - loading };
}

function runChild(key: string, docsFile: string, queriesFile: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', '--max-old-space-size=6144', fileURLToPath(import.meta.url)],
      {
        env: {
          ...process.env,
          ENGINE_BENCH_CHILD: key,
          ENGINE_BENCH_DOCS: docsFile,
          ENGINE_BENCH_QUERIES_FILE: queriesFile,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0) resolve(JSON.parse(line) as Measured);
      else reject(new Error(`${key} failed (${code}): ${out.slice(-500)}`));
    });
  });
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<void> {
  const dir = makeTempDir('whoknows-engine-bench-');
  try {
    const { docs, seedMs, loadMs } = await peopleDocuments(dir.path);
    const queries = generateQueries(docs, catalogueSynonyms(), QUERIES, 42, true).map((g) => g.query);
    const docsFile = join(dir.path, 'docs.json');
    const queriesFile = join(dir.path, 'queries.json');
    writeFileSync(docsFile, JSON.stringify(docs));
    writeFileSync(queriesFile, JSON.stringify(queries));
    console.log(
      `${docs.length} people documents (seeded in ${(seedMs / 1000).toFixed(1)} s, loaded from the database through ` +
        `the people index source in ${(loadMs / 1000).toFixed(1)} s); ${queries.length} queries, each asking for ` +
        `the ${queries[0]?.facets?.length} facets of /people\n`,
    );
    const results: Measured[] = [];
    for (const key of CHOSEN) {
      try {
        results.push(await runChild(key, docsFile, queriesFile));
      } catch (error) {
        console.log(`${key}: ${(error as Error).message}`);
      }
    }
    console.log(
      '| engine | build ms | heap MB | outside heap MB | RSS growth while building MB | ' +
        'p50 ms | p95 ms | p99 ms | max ms | queries/s | contract |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      const ok = r.behaviours.filter((b) => b.ok).length;
      console.log(
        `| ${r.engine} | ${[r.buildMs, r.heapMb, r.offHeapMb, r.rssMb, r.p50, r.p95, r.p99, r.max, r.queriesPerSecond]
          .map((v) => pad(v, 6))
          .join(' | ')} | ${ok}/${r.behaviours.length} |`,
      );
    }
    console.log('\nContract behaviours (✓ as the contract suite requires, ✗ not):');
    for (const [i, b] of BEHAVIOURS.entries()) {
      console.log(`- ${b.name}: ${results.map((r) => `${r.engine} ${r.behaviours[i]?.ok ? '✓' : '✗'}`).join(', ')}`);
    }
    const ours = results.find((r) => r.engine.includes('new'));
    const before = results.find((r) => r.engine.includes('before'));
    if (ours && before) {
      console.log(
        `\nNew engine vs the one it replaced: p50 ${before.p50} → ${ours.p50} ms, p99 ${before.p99} → ${ours.p99} ms, ` +
          `build ${before.buildMs} → ${ours.buildMs} ms, heap ${before.heapMb} → ${ours.heapMb} MB ` +
          `(+${ours.offHeapMb} MB outside the heap).`,
      );
    }
  } finally {
    dir.remove();
  }
}

const child = process.env.ENGINE_BENCH_CHILD;
if (child) {
  const result = await measure(child, process.env.ENGINE_BENCH_DOCS!, process.env.ENGINE_BENCH_QUERIES_FILE!);
  console.log(JSON.stringify(result));
} else {
  await main();
}
