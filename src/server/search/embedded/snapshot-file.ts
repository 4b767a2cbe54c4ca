import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';

/**
 * Writes a file so that a crash at any moment leaves either the old file or the new
 * one, never a mix: the bytes go to a temporary file beside it, which is flushed to
 * disk (fsync), renamed over the target (atomic on POSIX file systems), and the folder
 * is flushed so the rename itself survives a power cut.
 */
export async function writeFileAtomically(path: string, chunks: Uint8Array[]): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = `${path}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
  const file = await open(temp, 'w', 0o600);
  try {
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.byteLength) {
        const { bytesWritten } = await file.write(chunk, written, chunk.byteLength - written);
        written += bytesWritten;
      }
    }
    await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The file's bytes, or null when it does not exist. */
export async function readFileIfPresent(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Frees a file's bytes now instead of at the next full collection, once nothing reads
 * them any more (every view of them becomes empty). A loaded snapshot is 50 MB at
 * 100,000 members; a serving process otherwise carried it, dead, until its heap filled
 * enough for a major GC. Bytes sharing their memory with other buffers are left alone.
 */
export function releaseBytes(bytes: Buffer): void {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer)
    bytes.buffer.transfer(0);
}

/** Removes temporary files a crashed writer left beside `path` (older than a minute: a live writer's are newer). */
export async function removeStaleTemporaries(path: string, now = Date.now()): Promise<void> {
  const folder = dirname(path);
  const prefix = `${basename(path)}${TEMP_MARK}`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const full = join(folder, name);
    const info = await stat(full).catch(() => null);
    if (info && now - info.mtimeMs > 60_000) await rm(full, { force: true });
  }
}
