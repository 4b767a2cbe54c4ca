import { z } from 'zod';
import { allTimeZones, isValidTimeZone } from './zones.ts';

/** What every zone field says beside itself when the server cannot tell which zone was meant. */
export const TIME_ZONE_MESSAGE = 'Pick a time zone from the list, like Europe/Berlin.';

/**
 * The IANA zone someone meant: the exact name in any case ("europe/berlin"), or a
 * city when only one zone has it ("Berlin", "new york"). Null when nothing fits.
 */
export function resolveTimeZone(typed: string): string | null {
  const text = typed.trim();
  if (!text || text.length > 64) return null;
  const zones = allTimeZones();
  const lower = text.toLowerCase();
  const exact = zones.find((z) => z.toLowerCase() === lower);
  if (exact) return exact;
  const city = lower.replace(/\s+/g, '_');
  const byCity = zones.filter((z) => z.toLowerCase().split('/').pop() === city);
  if (byCity.length === 1) return byCity[0]!;
  return isValidTimeZone(text) ? text : null;
}

/**
 * A zone typed into a form (the `TimeZoneField` input, free text without JavaScript):
 * parsed to the canonical IANA name, or refused with `message` beside the field. Astro
 * hands an empty field over as null, which is refused the same way.
 */
export function timeZoneField(message: string = TIME_ZONE_MESSAGE) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      // A refinement, not an issue raised in the transform: the form's other checks still run,
      // so every problem shows at once.
      .refine((typed) => resolveTimeZone(typed) !== null, message)
      .transform((typed) => resolveTimeZone(typed)!),
  );
}
