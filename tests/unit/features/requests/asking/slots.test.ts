import { describe, expect, it } from 'vitest';
import { parseSlot, parseSlots, slotView } from '#features/requests/asking/slots.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe('proposed time slots', () => {
  it('reads a time typed in the requester’s zone as the right UTC instant', () => {
    expect(parseSlot('2026-03-10T18:30', 'Europe/Berlin', now)).toEqual({
      ok: true,
      instant: new Date('2026-03-10T17:30:00Z'),
    });
    expect(parseSlot('2026-03-10T18:30', 'Asia/Kolkata', now)).toEqual({
      ok: true,
      instant: new Date('2026-03-10T13:00:00Z'),
    });
  });

  it('uses the offset in force on the day, across a daylight-saving change', () => {
    // Berlin: UTC+1 before 29 March 2026, UTC+2 after.
    expect(parseSlot('2026-03-28T10:00', 'Europe/Berlin', now)).toMatchObject({
      instant: new Date('2026-03-28T09:00:00Z'),
    });
    expect(parseSlot('2026-03-30T10:00', 'Europe/Berlin', now)).toMatchObject({
      instant: new Date('2026-03-30T08:00:00Z'),
    });
  });

  it('refuses a time skipped when the clocks go forward', () => {
    const result = parseSlot('2026-03-29T02:30', 'Europe/Berlin', now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/does not exist in Europe\/Berlin/);
  });

  it('takes the first of a time that happens twice when the clocks go back', () => {
    // New York falls back on 1 November 2026: 01:30 happens at UTC−4, then at UTC−5.
    expect(parseSlot('2026-11-01T01:30', 'America/New_York', new Date('2026-10-01T00:00:00Z'))).toEqual({
      ok: true,
      instant: new Date('2026-11-01T05:30:00Z'),
    });
  });

  it('refuses the past, the far future and malformed input', () => {
    expect(parseSlot('2026-02-27T10:00', 'UTC', now).ok).toBe(false);
    expect(parseSlot('2026-12-30T10:00', 'UTC', now).ok).toBe(false);
    expect(parseSlot('next tuesday', 'UTC', now).ok).toBe(false);
    expect(parseSlot('2026-02-30T10:00', 'UTC', now).ok).toBe(false);
  });

  it('reads up to three slots, skipping empty ones and refusing duplicates', () => {
    expect(parseSlots(['2026-03-10T18:30', '', undefined], 'Europe/Berlin', now)).toEqual({
      ok: true,
      slots: [new Date('2026-03-10T17:30:00Z')],
    });
    expect(parseSlots([undefined, undefined, undefined], 'UTC', now)).toEqual({ ok: true, slots: [] });
    const result = parseSlots(['2026-03-10T18:30', 'soon', '2026-03-10T18:30'], 'Europe/Berlin', now);
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(['slot2', 'slot3']);
  });

  it('shows a slot to the recipient in their zone, with the requester’s clock beside it', () => {
    // Entered in New York, seen in Berlin: on 15 March the US is already on summer time and Europe is not (5 h apart, not 6).
    const parsed = parseSlot('2026-03-15T09:00', 'America/New_York', now);
    expect(parsed).toEqual({ ok: true, instant: new Date('2026-03-15T13:00:00Z') });
    const view = slotView(new Date('2026-03-15T13:00:00Z'), 'Europe/Berlin', 'America/New_York');
    expect(view.local).toBe('Sun, 15 Mar 2026, 14:00');
    expect(view.offset).toBe('UTC+1');
    expect(view.other).toBe('09:00');
    // A week later both are on summer time: still 5 h apart…
    expect(slotView(new Date('2026-03-22T13:00:00Z'), 'Europe/Berlin', 'America/New_York').local).toBe(
      'Sun, 22 Mar 2026, 14:00',
    );
    // …and after Europe's change on 29 March, 6 h again.
    expect(slotView(new Date('2026-03-30T13:00:00Z'), 'Europe/Berlin', 'America/New_York')).toMatchObject({
      local: 'Mon, 30 Mar 2026, 15:00',
      offset: 'UTC+2',
      other: '09:00',
    });
  });

  it('says when the other side’s clock is on another day, and says nothing when the zones agree', () => {
    expect(slotView(new Date('2026-03-10T23:30:00Z'), 'Europe/London', 'Asia/Tokyo').other).toBe('08:30 (next day)');
    expect(slotView(new Date('2026-03-10T01:00:00Z'), 'Asia/Tokyo', 'America/Los_Angeles').other).toBe(
      '18:00 (previous day)',
    );
    expect(slotView(new Date('2026-03-10T12:00:00Z'), 'Europe/Berlin', 'Europe/Paris').other).toBeNull();
  });
});
