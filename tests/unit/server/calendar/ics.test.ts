import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from '#server/calendar/ics.ts';
import { parseIcal } from '#tests/helpers/ical.ts';

/** Unfolds and splits an iCalendar document into [name(with params), value] pairs. */
function parse(ics: string): [string, string][] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1)];
    });
}

describe('iCalendar writer', () => {
  const entry = {
    uid: 'event-abc@whoknows',
    start: new Date('2026-03-29T01:30:00Z'),
    end: new Date('2026-03-29T03:00:00Z'),
    summary: 'Intro to Bun; hands-on, with snacks',
    description: 'Line one\nLine two with a backslash \\ and comma,',
    location: 'Room 4, Main St. 1',
    sequence: 3,
    status: 'CONFIRMED' as const,
    updatedAt: new Date('2026-03-01T10:00:00Z'),
  };

  it('writes a calendar that parses back to the same values', () => {
    const ics = buildCalendar([entry], { name: 'whoknows' });
    expect(ics.endsWith('\r\n')).toBe(true);
    const props = new Map(parse(ics));
    expect(props.get('DTSTART')).toBe('20260329T013000Z');
    expect(props.get('DTEND')).toBe('20260329T030000Z');
    expect(props.get('SEQUENCE')).toBe('3');
    expect(props.get('UID')).toBe('event-abc@whoknows');
    expect(props.get('SUMMARY')).toBe('Intro to Bun\\; hands-on\\, with snacks');
    expect(props.get('DESCRIPTION')).toBe(escapeText(entry.description));
  });

  it('marks cancellations', () => {
    const ics = buildCalendar([{ ...entry, status: 'CANCELLED', sequence: 4 }], { method: 'CANCEL' });
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('METHOD:CANCEL');
  });

  it('folds long lines at 75 octets without splitting characters', () => {
    const long = `DESCRIPTION:${'ü'.repeat(100)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
  });

  it('lets no control character in any text start a line, a property or an event of its own', () => {
    const injected = 'x\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil\rSUMMARY:Injected\u000bA\u0000B\u0085C\u2028D';
    const ics = buildCalendar(
      [
        {
          ...entry,
          uid: `event-1\r\nX-EVIL:1@whoknows`,
          summary: injected,
          description: `one\rtwo\r\nthree\nfour${injected}`,
          location: injected,
          url: `https://site.example/events/a\rEND:VEVENT b`,
        },
      ],
      { name: `cal\rX-EVIL:1`, timezone: 'Europe/Berlin\r' },
    );
    // Only CRLF ends a line; a strict reader (which refuses bare CR or LF) sees one event.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n\u2028\u2029]/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const parsed = parseIcal(ics);
    expect(parsed.events).toHaveLength(1);
    const names = parsed.events[0]!.map((p) => p.name);
    expect(names).not.toContain('X-EVIL');
    expect(names.filter((n) => n === 'UID')).toHaveLength(1);
    expect(parsed.props.map((p) => p.name)).not.toContain('X-EVIL');
    const description = parsed.events[0]!.find((p) => p.name === 'DESCRIPTION')!.value;
    expect(description.startsWith('one\\ntwo\\nthree\\nfour')).toBe(true);
    expect(parsed.events[0]!.find((p) => p.name === 'URL')!.value).toBe('https://site.example/events/aEND:VEVENTb');
  });

  it('escapes a bare CR like a newline', () => {
    expect(escapeText('a\rb')).toBe('a\\nb');
    expect(escapeText('a\r\nb')).toBe('a\\nb');
    expect(escapeText('a\u0000b\u007fc\u0085d')).toBe('abcd');
    expect(escapeText('tab\tstays')).toBe('tab\tstays');
  });
});
