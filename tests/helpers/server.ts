import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '#db/client.ts';
import { makeTempDir } from './temp-dir.ts';

// The production entry as `npm start` runs it: node-server.ts bundled into plain JavaScript by the build.
const ENTRY = fileURLToPath(new URL('../../dist/server/http/node-server.mjs', import.meta.url));

export interface TestServer {
  /** e.g. http://127.0.0.1:43127 */
  url: string;
  /** The server's own database file, opened from the test process for setup and checks. */
  database: Database;
  dataDir: string;
  /** The server's process id (the cluster primary when it runs several workers; the benchmark reads its memory use). */
  pid: number;
  /** Milliseconds from spawning the server to its first healthy answer. */
  readyMs: number;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in the server output, waiting for it if needed. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Stops the server (SIGTERM, or SIGKILL with `{ kill: true }` to simulate a crash). */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Stops and deletes the server's files. */
  dispose(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Seed the demo community (off by default: tests make their own data). */
  seedDemo?: boolean;
  /** Reuse an existing data folder (restart tests). */
  dataDir?: string;
  /** Node options for the server process (the benchmark uses those of `npm start`). */
  nodeArgs?: string[];
  /** How long start-up may take (default 60 s; the benchmark's 100,000 members need longer on a busy machine). */
  startTimeoutMs?: number;
  /** Another build's server bundle instead of this tree's dist/ (the CPU benchmark compares two builds). */
  entry?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts the built server (dist/) on a free port with its own database and search data. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const temp = options.dataDir ? undefined : makeTempDir('whoknows-http-');
  const dataDir = options.dataDir ?? temp!.path;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HOST: '127.0.0.1',
    PORT: String(port),
    SITE_URL: url,
    DATABASE_URL: `file:${join(dataDir, 'whoknows.db')}`,
    SEED_DEMO: options.seedDemo ? '1' : '0',
    LOG_LEVEL: 'info',
    // One process unless a test asks for more (WORKERS defaults to the machine's cores).
    WORKERS: '1',
    // Test clients say which visitor they are through X-Forwarded-For (see HttpClient).
    TRUST_PROXY: '1',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  delete env.SMTP_URL;
  if (options.env?.SMTP_URL) env.SMTP_URL = options.env.SMTP_URL;
  if (!options.env?.MEILI_HOST) delete env.MEILI_HOST;

  const spawned = performance.now();
  let output = '';
  const waiters = new Set<() => void>();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry ?? ENTRY], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // Wait until the server answers /healthz (which also completes start-up work).
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited during start-up:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Server did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const readyMs = performance.now() - spawned;
  const database = openDatabase(env.DATABASE_URL!);
  let stopped = false;
  const stop = async (opts: { kill?: boolean } = {}) => {
    if (stopped) return;
    stopped = true;
    child.kill(opts.kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

  return {
    url,
    database,
    dataDir,
    pid: child.pid!,
    readyMs,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out waiting for ${pattern} in server output:\n${output.slice(-3000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop,
    async dispose() {
      await stop();
      database.close();
      temp?.remove();
    },
  };
}
