import { gzipSync } from 'node:zlib';

export interface ShippedScript {
  url: string;
  bytes: number;
  gzip: number;
}

export interface ShippedJavaScript {
  files: ShippedScript[];
  /** Inline <script> elements in the page (Astro's island loader). */
  inline: { bytes: number; gzip: number };
  /** Gzip bytes of everything a browser runs for this page. */
  totalGzip: number;
}

const gzip = (text: string) => gzipSync(text, { level: 9 }).length;

/** Module URLs a page asks for: script tags, island components and renderers, module preloads. */
function moduleUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/\b(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(m[1]!);
  return [...urls];
}

/** Static and dynamic imports of a JavaScript module. */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) found.add(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1]!);
  return [...found];
}

/**
 * Everything a browser downloads and runs for `path`: inline scripts plus every module
 * it loads, followed through their imports, each gzipped on its own (as served). With
 * `cookie`, as that member sees the page (a member's header has more than a visitor's).
 */
export async function shippedJavaScript(base: string, path: string, cookie?: string): Promise<ShippedJavaScript> {
  const html = await (await fetch(new URL(path, base), { headers: cookie ? { cookie } : {} })).text();
  const inlineCode = [
    ...html.matchAll(/<script\b(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g),
  ]
    .map((m) => m[1]!)
    .join('\n');
  const files: ShippedScript[] = [];
  const queue = moduleUrls(html).map((u) => new URL(u, new URL(path, base)).toString());
  const seen = new Set<string>();
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const code = await (await fetch(url)).text();
    files.push({ url: new URL(url).pathname, bytes: Buffer.byteLength(code), gzip: gzip(code) });
    for (const specifier of importsOf(code)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) queue.push(new URL(specifier, url).toString());
    }
  }
  const inline = { bytes: Buffer.byteLength(inlineCode), gzip: inlineCode ? gzip(inlineCode) : 0 };
  return { files, inline, totalGzip: inline.gzip + files.reduce((sum, f) => sum + f.gzip, 0) };
}
