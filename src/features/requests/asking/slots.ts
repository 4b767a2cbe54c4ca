import { formatDateTime, formatTime } from '#server/time/format.ts';
import { formatUtcOffset, wallClockAt, zonedTimeToUtc } from '#server/time/zones.ts';

const MINUTE = 60_000;
/** A proposed time must be at least this far ahead… */
export const SLOT_MIN_LEAD_MS = 15 * MINUTE;
/** …and at most this far. */
export const SLOT_MAX_AHEAD_MS = 180 * 24 * 60 * MINUTE;

export type SlotResult = { ok: true; instant: Date } | { ok: false; message: string };

/**
 * Reads one wall-clock time typed in `zone` (an <input type="datetime-local"> value)
 * into a UTC instant. A time that does not exist there (the hour skipped when clocks
 * go forward) is refused rather than silently moved; a time that happens twice (clocks
 * go back) means the first one.
 */
export function parseSlot(local: string, zone: string, now: Date): SlotResult {
  const converted = zonedTimeToUtc(local, zone);
  if (!converted) return { ok: false, message: 'Enter a date and time, like 2026-03-14 18:30.' };
  if (converted.adjustment === 'gap') {
    return {
      ok: false,
      message: `That time does not exist in ${zone}: the clocks go forward then. Pick another time.`,
    };
  }
  const at = converted.instant;
  if (at.getTime() < now.getTime() + SLOT_MIN_LEAD_MS) return { ok: false, message: 'Pick a time in the future.' };
  if (at.getTime() > now.getTime() + SLOT_MAX_AHEAD_MS)
    return { ok: false, message: 'Pick a time within the next six months.' };
  return { ok: true, instant: at };
}

/**
 * The proposed slots of a request form (`slot1`…`slot3`, any of them empty), as
 * instants in order, or messages per field. Two slots at the same instant are one.
 */
export function parseSlots(
  values: (string | undefined)[],
  zone: string,
  now: Date,
): { ok: true; slots: Date[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const slots: Date[] = [];
  values.forEach((value, i) => {
    if (!value?.trim()) return;
    const result = parseSlot(value, zone, now);
    const field = `slot${i + 1}`;
    if (!result.ok) errors[field] = result.message;
    else if (slots.some((s) => s.getTime() === result.instant.getTime()))
      errors[field] = 'You already proposed this time.';
    else slots.push(result.instant);
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, slots };
}

export interface SlotView {
  iso: string;
  /** "Sat, 14 Mar 2026, 18:30" in the viewer's zone. */
  local: string;
  /** "UTC+1": the viewer's offset at that instant. */
  offset: string;
  /** The same instant on the other participant's clock ("12:30"), with a day note when it differs. */
  other: string | null;
}

/**
 * How a slot reads to someone in `viewerZone`, with the other side's wall clock next
 * to it when they live elsewhere ("18:30 your time · 12:30 for Amara").
 */
export function slotView(instant: Date, viewerZone: string, otherZone: string | null): SlotView {
  let other: string | null = null;
  if (otherZone && formatUtcOffset(otherZone, instant) !== formatUtcOffset(viewerZone, instant)) {
    const mine = wallClockAt(instant, viewerZone);
    const theirs = wallClockAt(instant, otherZone);
    const dayDiff = Math.round(
      (Date.UTC(theirs.year, theirs.month - 1, theirs.day) - Date.UTC(mine.year, mine.month - 1, mine.day)) /
        86_400_000,
    );
    const day = dayDiff === 0 ? '' : dayDiff > 0 ? ' (next day)' : ' (previous day)';
    other = `${formatTime(instant, otherZone)}${day}`;
  }
  return {
    iso: instant.toISOString(),
    local: formatDateTime(instant, viewerZone),
    offset: formatUtcOffset(viewerZone, instant),
    other,
  };
}
