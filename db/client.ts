import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { DEFAULT_DATABASE_URL } from './default-url.ts';
import { withFastReads } from './fast-reads.ts';
import { installRowMapper } from './row-mapper.ts';
import * as schema from './schema/index.ts';
import { installStatementCache } from './statement-cache.ts';
import { withWriteLock } from './write-lock.ts';

export type Db = LibSQLDatabase<typeof schema>;
/** What a transaction callback receives: use it for every statement inside the transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repos accept both so services can compose them. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  client: Client;
  /** `file` for the embedded database, `remote` for a libSQL server. */
  kind: 'file' | 'remote';
  url: string;
  close(): void;
}

/** Opens a database: a local file (created with its folder if missing) or a libSQL server. */
export function openDatabase(url: string, authToken?: string): Database {
  const isFile = url.startsWith('file:');
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  // A file of its own (not shared memory, no options in the address): Drizzle's plain reads may use a second connection.
  const ownFile = isFile && !url.startsWith('file::memory:') && !url.includes('?') && path !== '';
  if (ownFile) mkdirSync(dirname(resolve(path)), { recursive: true });
  // The embedded driver runs in this process; a libSQL server keeps its own statement cache.
  if (isFile) installStatementCache();
  installRowMapper();
  // For files, `timeout` is SQLite's busy timeout: how long a writer in another process waits.
  const raw = createClient({ url, authToken, ...(isFile ? { timeout: 5000 } : {}) });
  const client = isFile ? withWriteLock(raw) : raw;
  const closeReads = ownFile ? withFastReads(client, path) : () => {};
  return {
    db: drizzle(client, { schema }),
    client,
    kind: isFile ? 'file' : 'remote',
    url,
    close: () => {
      closeReads();
      raw.close();
    },
  };
}

/** Settings that persist in the file itself; run once after opening an embedded database. */
export async function tuneFileDatabase(database: Database): Promise<void> {
  if (database.kind !== 'file') return;
  await database.client.execute('PRAGMA journal_mode = WAL');
}

/** Where the database lives when DATABASE_URL is not set: a file in the project's data/ folder. */
export { DEFAULT_DATABASE_URL };

/**
 * The database settings from the environment. db/ reads them itself (it sits below
 * the server, so it imports nothing from src/); the server validates the same
 * variables with the rest of its configuration at start-up (src/server/config.ts).
 */
export function databaseSettings(env: NodeJS.ProcessEnv = process.env): { url: string; authToken?: string } {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const authToken = env.DATABASE_AUTH_TOKEN?.trim() || undefined;
  return authToken ? { url, authToken } : { url };
}

let shared: Database | undefined;

/** The process-wide database, opened from DATABASE_URL on first use. */
export function database(): Database {
  if (!shared) {
    const { url, authToken } = databaseSettings();
    shared = openDatabase(url, authToken);
  }
  return shared;
}

/** Shorthand for `database().db`, used by repos and services. */
export function getDb(): Db {
  return database().db;
}

/** Closes the shared database (CLIs and tests, before exit). */
export function closeDatabase(): void {
  shared?.close();
  shared = undefined;
}
