import { describe, expect, it } from 'vitest';
import { releaseBytes } from '#server/search/embedded/snapshot-file.ts';

describe('releaseBytes', () => {
  it('frees bytes that own their memory: they and every view of them become empty', () => {
    const bytes = Buffer.alloc(64 * 1024, 7);
    const view = new Int32Array(bytes.buffer, 8, 4);
    releaseBytes(bytes);
    expect(bytes.byteLength).toBe(0);
    expect(view.length).toBe(0);
  });

  it('leaves bytes alone that share their memory with other buffers', () => {
    const shared = Buffer.alloc(1024, 1);
    const part = shared.subarray(16, 32);
    releaseBytes(part);
    expect(part.byteLength).toBe(16);
    expect(shared.byteLength).toBe(1024);
    expect(shared[0]).toBe(1);
  });
});
