import type { DbOrTx } from '#db/client.ts';
import { publishedBookableTime, slotsOf } from '#features/bookable-time/bookable-time.service.ts';
import { localWeekOf } from '#features/bookable-time/free-slots.ts';
import { busyWithEvents } from '#features/events/event-views.service.ts';
import { INITIAL_SESSION_STATE } from '#features/requests/request-state.ts';
import * as sessions from '#features/requests/sessions/mentoring-sessions.repo.ts';
import { generateId } from '#server/auth/tokens.ts';
import { zonedTimeToUtc } from '#server/time/zones.ts';

/*
 * Booking a helper's published time from the request form: the free slots (their
 * windows minus live sessions and their events), and holding the one picked inside
 * the request's transaction.
 */

const MINUTE = 60_000;

async function busyOf(helperId: string, now: Date) {
  const [held, events] = await Promise.all([
    sessions.liveSessionsOfHelper(helperId, now),
    busyWithEvents(helperId, now),
  ]);
  const booked = held.map((s) => ({
    start: s.startsAt,
    end: new Date(s.startsAt.getTime() + s.durationMinutes * MINUTE),
  }));
  return { booked, events };
}

/** The helper's free slots now; none when they publish no bookable time. */
export async function helperSlots(helperId: string, now = new Date()): Promise<Date[]> {
  const time = await publishedBookableTime(helperId);
  if (!time) return [];
  const { booked, events } = await busyOf(helperId, now);
  return slotsOf(time, booked, events, now);
}

/** What the request form offers for a helper: their session length and free slots, or null to propose times instead. */
export async function bookingFor(helperId: string, now = new Date()) {
  const time = await publishedBookableTime(helperId);
  if (!time) return null;
  const { booked, events } = await busyOf(helperId, now);
  return {
    sessionMinutes: time.settings.sessionMinutes,
    zone: time.settings.zone,
    slots: slotsOf(time, booked, events, now),
  };
}

/**
 * Holds a picked slot for a new request, in its transaction: the slot must still be
 * free by the helper's rules, and the guarded insert (no overlap with a live session,
 * buffer included; the week under its cap; unique per helper and start) decides
 * between parallel requests for it. False: taken, and the transaction should roll back.
 */
export async function holdSlot(
  tx: DbOrTx,
  hold: { requestId: string; helperId: string; requesterId: string; startsAt: Date; requesterZone: string },
  now: Date,
): Promise<boolean> {
  const time = await publishedBookableTime(hold.helperId);
  if (!time) return false;
  const week = localWeekOf(hold.startsAt, time.settings.zone);
  const monday = (day: number) =>
    zonedTimeToUtc(`${new Date(day * 86_400_000).toISOString().slice(0, 10)}T00:00`, time.settings.zone)!.instant;
  return sessions.holdBookedSlot(
    {
      id: generateId(),
      requestId: hold.requestId,
      helperId: hold.helperId,
      startsAt: hold.startsAt,
      durationMinutes: time.settings.sessionMinutes,
      timezone: hold.requesterZone,
      proposedBy: hold.requesterId,
      booked: true,
      now,
    },
    INITIAL_SESSION_STATE,
    {
      bufferMinutes: time.settings.bufferMinutes,
      weeklyCap: time.settings.weeklyCap,
      weekStart: monday(week),
      weekEnd: monday(week + 7),
    },
    tx,
  );
}
