import { describe, expect, it } from 'vitest';
import { isHttpUrl, slugify, splitList } from '#server/validation.ts';

describe('shared input helpers', () => {
  it('accepts only absolute http(s) links', () => {
    expect(isHttpUrl('https://example.org/a?b=c')).toBe(true);
    expect(isHttpUrl('http://localhost:3000')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'mailto:a@b.c',
      'ftp://x.org',
      '//example.org',
      '/relative',
      'https://exa mple.org',
      '',
    ]) {
      expect(isHttpUrl(bad)).toBe(false);
    }
  });

  it('splits comma lists, dropping blanks and repeats', () => {
    expect(splitList('Rust, k8s;  Go,, rust\nBun')).toEqual(['Rust', 'k8s', 'Go', 'Bun']);
    expect(splitList(undefined)).toEqual([]);
  });

  it('makes readable slugs', () => {
    expect(slugify('Intro to Bun: hands-on!')).toBe('intro-to-bun-hands-on');
    expect(slugify('C# & .NET for Zoë’s team')).toBe('c-sharp-net-for-zoes-team');
    expect(slugify('!!!')).toBe('untitled');
  });
});
