import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from '#server/markdown.ts';

describe('member Markdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('I teach **Rust**.\n\n- ownership\n- lifetimes');
    expect(html).toContain('<strong>Rust</strong>');
    expect(html).toContain('<li>ownership</li>');
  });

  it('shows raw HTML as text, so scripts never run', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript:, data: and vbscript: links but keeps http(s), mailto and site paths', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](https://example.org) [e](mailto:a@example.org) [f](/people)',
    );
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/i);
    expect(html).toContain('href="https://example.org" rel="nofollow ugc noopener"');
    expect(html).toContain('href="mailto:a@example.org"');
    expect(html).toContain('<a href="/people">');
  });

  it('does not load images, keeping their text', () => {
    expect(renderMarkdown('![diagram](https://tracker.example/pixel.gif)')).not.toContain('<img');
  });

  it('demotes headings below the page’s own', () => {
    expect(renderMarkdown('# Hello')).toContain('<h3>Hello</h3>');
  });

  it('turns Markdown into plain text for previews', () => {
    expect(markdownToText('**Hi** [there](https://example.org) & welcome', 100)).toBe('Hi there & welcome');
    expect(markdownToText('word '.repeat(50), 20)).toHaveLength(20);
  });
});
