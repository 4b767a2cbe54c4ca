import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from '#server/calendar/ics.ts';

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
});
