import { request } from 'node:http';

/** What a response costs on the wire. */
export interface WireSize {
  /** Body bytes as sent (compressed when the server compressed). */
  wire: number;
  encoding: string | null;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GETs `url` as a browser would (asking for br or gzip) and counts the body bytes as they arrive, undecoded. */
export function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<WireSize> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'br, gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        resolve({
          wire: body.byteLength,
          encoding: typeof encoding === 'string' ? encoding : null,
          headers: res.headers,
          body,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** How a page's styles travel: inline bytes in the HTML, and the stylesheets it links with their caching. */
export interface PageStyles {
  inlineBytes: number;
  sheets: { url: string; bytes: number; wire: number; immutable: boolean }[];
}

const ONE_YEAR = 365 * 24 * 3600;

/** Reads a page's <style> elements and linked stylesheets (fetching each to see its size and Cache-Control). */
export async function pageStyles(base: string, html: string): Promise<PageStyles> {
  let inlineBytes = 0;
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) inlineBytes += Buffer.byteLength(m[1]!);
  const sheets: PageStyles['sheets'] = [];
  for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(m[0])?.[1];
    if (!href) continue;
    const url = new URL(href, base).toString();
    const plain = await fetch(url);
    const bytes = (await plain.arrayBuffer()).byteLength;
    const raw = await fetchRaw(url);
    const cache = String(raw.headers['cache-control'] ?? '');
    const maxAge = Number(/max-age=(\d+)/.exec(cache)?.[1] ?? 0);
    sheets.push({ url: href, bytes, wire: raw.wire, immutable: cache.includes('immutable') && maxAge >= ONE_YEAR });
  }
  return { inlineBytes, sheets };
}
