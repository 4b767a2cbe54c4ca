import { localDateTime, vtimezoneLines } from './vtimezone.ts';

/**
 * A small iCalendar (RFC 5545) writer for events and mentoring sessions. Times are
 * written in UTC (…Z), which every calendar converts to its owner's zone; the zone the
 * organiser used is carried as X-WR-TIMEZONE for display only. Repeating entries are
 * the exception: their times are local to a zone (TZID, with a VTIMEZONE), so the rule
 * keeps the local time across daylight-saving changes.
 */

export interface CalendarEntry {
  /** Globally unique and stable across updates, e.g. `event-abc123@whoknows`. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  /** Bumped on every change so calendars replace their copy. */
  sequence: number;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** When this version was made. */
  updatedAt: Date;
  /** Write the times as local times in this IANA zone (DTSTART;TZID=…); repeating entries need it. */
  timezone?: string;
  /** An RRULE value (RFC 5545 §3.3.10) for an entry that repeats. */
  rrule?: string;
  /** Original starts of the dates a repeating entry leaves out (EXDATE). */
  exdates?: Date[];
  /** For one changed date of a repeating entry (same UID): the original start it replaces (RECURRENCE-ID). */
  recurrenceId?: Date;
}

export interface CalendarOptions {
  /** Shown as the calendar's name when subscribed. */
  name?: string;
  /** `PUBLISH` for feeds and downloads, `CANCEL` for a cancellation notice. */
  method?: 'PUBLISH' | 'CANCEL';
  timezone?: string;
}

function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

// Every control character but TAB (C0, DEL, C1), and the Unicode line and paragraph
// separators: some parsers split lines on a bare CR or on these, which would let text
// start a property or an event of its own.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): any line break (CRLF, LF or a bare CR)
 * becomes `\n`, other control characters are dropped, and `\ ; ,` are escaped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** A URI value (URL:): control characters and spaces can never be part of one, so they go. */
function uriValue(value: string): string {
  return value.replace(CONTROL, '').replace(/\s/g, '');
}

/** Folds a content line to 75 octets per line (RFC 5545 §3.1), never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (size + bytes > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Serialises entries into one VCALENDAR document (CRLF line endings). */
export function buildCalendar(entries: CalendarEntry[], options: CalendarOptions = {}): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//whoknows//community calendar//EN', 'CALSCALE:GREGORIAN'];
  lines.push(`METHOD:${options.method ?? 'PUBLISH'}`);
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  if (options.timezone) lines.push(`X-WR-TIMEZONE:${escapeText(options.timezone)}`);
  lines.push(...timezones(entries));
  for (const e of entries) {
    const at = (name: string, d: Date) =>
      e.timezone ? `${name};TZID=${e.timezone}:${localDateTime(d, e.timezone)}` : `${name}:${utc(d)}`;
    lines.push('BEGIN:VEVENT');
    lines.push(`UID:${escapeText(e.uid)}`);
    lines.push(`DTSTAMP:${utc(e.updatedAt)}`);
    lines.push(`LAST-MODIFIED:${utc(e.updatedAt)}`);
    if (e.recurrenceId) lines.push(at('RECURRENCE-ID', e.recurrenceId));
    lines.push(at('DTSTART', e.start));
    lines.push(at('DTEND', e.end));
    if (e.rrule) lines.push(`RRULE:${e.rrule.replace(CONTROL, '').replace(/[\s]/g, '')}`);
    for (const ex of e.exdates ?? []) lines.push(at('EXDATE', ex));
    lines.push(`SEQUENCE:${Math.max(0, Math.floor(e.sequence))}`);
    lines.push(`STATUS:${e.status}`);
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.url) lines.push(`URL:${uriValue(e.url)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

const ZONE_NAME = /^[A-Za-z0-9_+\-/]{1,64}$/;

/** One VTIMEZONE per zone that entries use, covering every time they name in it. */
function timezones(entries: CalendarEntry[]): string[] {
  const spans = new Map<string, { from: number; to: number }>();
  for (const e of entries) {
    if (!e.timezone) continue;
    if (!ZONE_NAME.test(e.timezone)) throw new Error(`not a time-zone name: ${e.timezone}`);
    const times = [e.start, e.end, ...(e.exdates ?? []), ...(e.recurrenceId ? [e.recurrenceId] : [])].map((d) =>
      d.getTime(),
    );
    // A rule runs past its first date: cover the year a series may span.
    if (e.rrule) times.push(e.start.getTime() + 400 * 86_400_000);
    const span = spans.get(e.timezone) ?? { from: Infinity, to: -Infinity };
    spans.set(e.timezone, { from: Math.min(span.from, ...times), to: Math.max(span.to, ...times) });
  }
  return [...spans].flatMap(([zone, span]) => vtimezoneLines(zone, new Date(span.from), new Date(span.to)));
}

/** Response headers for a calendar download (`inline` for feeds that apps subscribe to). */
export function calendarHeaders(
  filename: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): Record<string, string> {
  return {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `${disposition}; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'private, no-cache',
  };
}
