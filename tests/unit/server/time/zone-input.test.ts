import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveTimeZone, TIME_ZONE_MESSAGE, timeZoneField } from '#server/time/zone-input.ts';

describe('a typed time zone', () => {
  it('resolves from its name in any case, or a city only one zone has', () => {
    expect(resolveTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('Berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('new york')).toBe('America/New_York');
    expect(resolveTimeZone('  UTC ')).toBe('UTC');
    expect(resolveTimeZone('Atlantis')).toBeNull();
    expect(resolveTimeZone('')).toBeNull();
    expect(resolveTimeZone('x'.repeat(65))).toBeNull();
  });

  it('parses to the canonical name as a form field, or refuses with one message', () => {
    const field = timeZoneField();
    expect(field.parse('asia/tokyo')).toBe('Asia/Tokyo');
    expect(field.parse('Lisbon')).toBe('Europe/Lisbon');
    for (const bad of ['Mars/Olympus_Mons', '', null, undefined, 42, 'x'.repeat(500)]) {
      const result = field.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual([TIME_ZONE_MESSAGE]);
    }
    expect(timeZoneField('Choose your time zone.').safeParse('Nowhere').error?.issues[0]?.message).toBe(
      'Choose your time zone.',
    );
  });

  it('lets the rest of a form be checked too, so every problem shows at once', () => {
    const form = z.object({ timezone: timeZoneField(), note: z.string() }).superRefine((input, ctx) => {
      if (input.note === 'bad') ctx.addIssue({ code: 'custom', path: ['note'], message: 'Bad note.' });
    });
    const paths = form.safeParse({ timezone: 'Nowhere/Land', note: 'bad' }).error?.issues.map((i) => i.path[0]);
    expect(paths).toEqual(['timezone', 'note']);
  });
});
