import MarkdownIt from 'markdown-it';

/**
 * Renders member-written Markdown (bios, event descriptions, notes) to safe HTML.
 *
 * Safety comes from what the renderer can produce rather than from cleaning HTML
 * afterwards: raw HTML in the source is never passed through (it is shown as text),
 * and links are kept only for http(s) and mailto targets, so `javascript:` and `data:`
 * URLs cannot appear. Images are not rendered (they would load third-party content);
 * their alt text is kept. Every link opens with rel="nofollow ugc noopener".
 */
const md = new MarkdownIt('default', { html: false, linkify: true, typographer: true, breaks: false });

md.validateLink = (url: string): boolean => {
  const trimmed = url.trim().toLowerCase();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return true; // a site path
  return /^(https?:|mailto:)/.test(trimmed);
};

md.disable(['image']);

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (!href.startsWith('/')) token.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// Headings inside member content are demoted so they never compete with the page's own.
md.renderer.rules.heading_open = (tokens, idx) => {
  const level = Math.min(6, Number(tokens[idx]!.tag.slice(1)) + 2);
  return `<h${level}>`;
};
md.renderer.rules.heading_close = (tokens, idx) => {
  const level = Math.min(6, Number(tokens[idx]!.tag.slice(1)) + 2);
  return `</h${level}>`;
};

/** Member Markdown → safe HTML (see above). */
export function renderMarkdown(source: string): string {
  return md.render(source ?? '');
}

/** Member Markdown → plain text, for previews, search documents and emails. */
export function markdownToText(source: string, maxLength = Infinity): string {
  const text = md
    .render(source ?? '')
    // Inline markup joins its neighbours ("*here*." → "here."); block tags separate words.
    .replace(/<\/?(?:em|strong|code|a|s|del|b|i|span)(?:\s[^>]*)?>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
