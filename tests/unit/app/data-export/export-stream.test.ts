import { describe, expect, it } from 'vitest';
import { exportStream } from '#app/data-export/export-stream.ts';
import type { DataExportSection } from '#app/data-export/sections.ts';

const now = new Date('2026-12-01T10:00:00Z');
const sections: DataExportSection[] = [
  {
    key: 'account',
    title: 'Account',
    collect: async (id) => ({ id, joinedAt: now, note: '<script>alert(1)</script>' }),
  },
  {
    key: 'items',
    title: 'Many items',
    collect: async () => Array.from({ length: 250 }, (_, i) => ({ n: i, url: `/lists/list-${i}` })),
  },
  { key: 'empty', title: 'Nothing', collect: async () => [] },
  { key: 'missing', title: 'Missing', collect: async () => null },
];

async function read(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text, chunks };
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
}

describe('the data export stream', () => {
  it('writes one valid JSON document, section by section, long lists in chunks', async () => {
    const { text, chunks } = await read(
      exportStream('json', sections, { id: 'u1', displayName: 'Ada' }, { site: 'https://example.org', now }),
    );
    const data = JSON.parse(text);
    expect(data.format).toBe('whoknows-data-export/1');
    expect(data.exportedAt).toBe(now.toISOString());
    expect(data.account).toEqual({ id: 'u1', joinedAt: now.toISOString(), note: '<script>alert(1)</script>' });
    expect(data.items).toHaveLength(250);
    expect(data.items[249]).toEqual({ n: 249, url: '/lists/list-249' });
    expect(data.empty).toEqual([]);
    expect(data.missing).toBeNull();
    // 250 entries go out in three chunks of at most a hundred, among the other pieces.
    expect(chunks).toBeGreaterThan(8);
  });

  it('writes a readable HTML copy of the same data, escaped, with site links made absolute', async () => {
    const { text } = await read(
      exportStream('html', sections, { id: 'u1', displayName: 'Ada <b>' }, { site: 'https://example.org', now }),
    );
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('<script>');
    expect(text).toContain('Ada &lt;b&gt;');
    expect(text).toContain('href="https://example.org/lists/list-249"');
    expect(text).toContain('<h2>Many items</h2>');
    expect(text).toContain('Nothing here.');
    expect(text.trim()).toMatch(/<\/html>$/);
  });
});
