import type { DataExportSection } from './sections.ts';

/*
 * The export as a stream, built section by section while it is sent: each section is
 * collected (database reads, which do not block) only when the previous one has gone
 * out, and long lists are written a hundred entries at a time with a pause for the
 * event loop in between, so one member's export never holds up other requests.
 */

export type ExportFormat = 'json' | 'html';

const CHUNK = 100;

/** Lets other work run between chunks. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function* jsonChunks(
  sections: readonly DataExportSection[],
  userId: string,
  head: Record<string, unknown>,
): AsyncGenerator<string> {
  yield `{\n${Object.entries(head)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n')}`;
  for (const section of sections) {
    const value = await section.collect(userId);
    yield `,\n  ${JSON.stringify(section.key)}: `;
    if (!Array.isArray(value)) {
      yield indent(JSON.stringify(value ?? null, null, 2));
      continue;
    }
    yield '[';
    for (let i = 0; i < value.length; i += CHUNK) {
      const part = value.slice(i, i + CHUNK).map((item) => `\n    ${indent(JSON.stringify(item, null, 2), 4)}`);
      yield `${i > 0 ? ',' : ''}${part.join(',')}`;
      await yieldToEventLoop();
    }
    yield value.length > 0 ? '\n  ]' : ']';
  }
  yield '\n}\n';
}

function indent(json: string, spaces = 2): string {
  return json.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "goalSkills" → "Goal skills". */
function label(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function renderValue(value: unknown, key: string, origin: string): string {
  if (value === null || value === undefined || value === '') return '<span class="none">—</span>';
  if (value instanceof Date) return `<time datetime="${value.toISOString()}">${value.toISOString()}</time>`;
  if (typeof value === 'string') {
    if (key === 'url' && value.startsWith('/')) {
      const href = escapeHtml(new URL(value, origin).toString());
      return `<a href="${href}">${href}</a>`;
    }
    return `<span class="text">${escapeHtml(value)}</span>`;
  }
  if (typeof value === 'number' || typeof value === 'boolean')
    return escapeHtml(String(value === true ? 'yes' : value === false ? 'no' : value));
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="none">none</span>';
    return `<ol>${value.map((item) => `<li>${renderValue(item, key, origin)}</li>`).join('')}</ol>`;
  }
  if (typeof value === 'object') {
    const rows = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `<dt>${escapeHtml(label(k))}</dt><dd>${renderValue(v, k, origin)}</dd>`,
    );
    return `<dl>${rows.join('')}</dl>`;
  }
  return escapeHtml(String(value));
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
h1{font-size:1.8rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccd;padding-bottom:.25rem}
dl{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem 1rem;margin:.5rem 0}
dt{font-weight:600;color:#4a5262}dd{margin:0}ol{padding-left:1.5rem}ol>li{margin:.5rem 0}
ol>li>dl{border-left:3px solid #dde;padding-left:.75rem}.text{white-space:pre-wrap}.none{color:#8a91a0}
@media (prefers-color-scheme:dark){body{background:#14171d;color:#e6e8ee}dt{color:#aab1c0}h2{border-color:#333a48}}`;

async function* htmlChunks(
  sections: readonly DataExportSection[],
  userId: string,
  head: { name: string; exportedAt: string; site: string },
): AsyncGenerator<string> {
  yield `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your data on whoknows</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>
<h1>Your data on whoknows</h1><p>${escapeHtml(head.name)}, exported ${escapeHtml(head.exportedAt)} from
${escapeHtml(head.site)}. The same data is in the JSON download.</p><nav><ol>${sections
    .map((s) => `<li><a href="#${s.key}">${escapeHtml(s.title)}</a></li>`)
    .join('')}</ol></nav>`;
  for (const section of sections) {
    const value = await section.collect(userId);
    yield `<section id="${section.key}"><h2>${escapeHtml(section.title)}</h2>`;
    if (Array.isArray(value)) {
      if (value.length === 0) yield '<p class="none">Nothing here.</p>';
      else yield '<ol>';
      for (let i = 0; i < value.length; i += CHUNK) {
        yield value
          .slice(i, i + CHUNK)
          .map((item) => `<li>${renderValue(item, section.key, head.site)}</li>`)
          .join('');
        await yieldToEventLoop();
      }
      if (value.length > 0) yield '</ol>';
    } else {
      yield renderValue(value, section.key, head.site);
    }
    yield '</section>';
  }
  yield '</body></html>\n';
}

/** The member's export in one format, as a byte stream that is built while it is read. */
export function exportStream(
  format: ExportFormat,
  sections: readonly DataExportSection[],
  member: { id: string; displayName: string },
  meta: { site: string; now: Date },
): ReadableStream<Uint8Array> {
  const exportedAt = meta.now.toISOString();
  const chunks =
    format === 'json'
      ? jsonChunks(sections, member.id, { format: 'whoknows-data-export/1', site: meta.site, exportedAt })
      : htmlChunks(sections, member.id, { name: member.displayName, exportedAt, site: meta.site });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
