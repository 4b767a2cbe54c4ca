import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '#server/http/return-path.ts';

describe('safeReturnPath', () => {
  it('keeps same-site paths with their query and fragment', () => {
    expect(safeReturnPath('/people/amara')).toBe('/people/amara');
    expect(safeReturnPath('/settings/profile?tab=skills')).toBe('/settings/profile?tab=skills');
    expect(safeReturnPath('/events/x?done=1#rsvp')).toBe('/events/x?done=1#rsvp');
    expect(safeReturnPath('/topics/c%23')).toBe('/topics/c%23');
  });

  it('refuses every way of naming another host, as a browser would read it', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      decodeURIComponent('/%09/evil.example'),
      '/\n/evil.example',
      '/\r\n/evil.example',
      ' //evil.example',
      '/\\/evil.example',
      '//evil%E3%80%82example',
      decodeURIComponent('//evil%E3%80%82example'),
      '///evil.example',
      'http:/evil.example',
      '/signin',
      '/signup?next=/x',
      '',
      undefined,
      42,
      `/${'a'.repeat(600)}`,
    ]) {
      const result = safeReturnPath(bad);
      expect(result, JSON.stringify(bad)).toBe('/');
    }
  });

  it('turns control characters and non-ASCII into something a Location header can carry', () => {
    for (const odd of ['/people\r\nSet-Cookie: x=1', '/people/zoë', decodeURIComponent('/a%E3%80%82b')]) {
      const result = safeReturnPath(odd);
      expect(result.startsWith('/')).toBe(true);
      expect(result.startsWith('//')).toBe(false);
      expect(result).toMatch(/^[\x21-\x7e]+$/);
    }
  });

  it('whatever the input, the result resolves on this site', () => {
    const samples = ['/\t\t//x', '/./\\x', '/..//x', '/%2F%2Fx', '/%5C%5Cx', '/\u3002/x', '/\u2028//x', '/\0//x'];
    for (const sample of samples) {
      const result = safeReturnPath(sample);
      expect(new URL(result, 'https://site.example').host, sample).toBe('site.example');
    }
  });
});
