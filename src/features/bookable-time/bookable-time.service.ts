import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { memberZone } from '#features/members/members.service.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { invalid, notFound } from '#server/errors.ts';
import { timeZoneField } from '#server/time/zone-input.ts';
import * as repo from './bookable-time.repo.ts';
import {
  type BookableSettings,
  type BookableWindow,
  describeWindow,
  freeSlots,
  type Interval,
  parseClock,
} from './free-slots.ts';

export const SESSION_LENGTHS = [15, 30, 45, 60, 90, 120] as const;
export const MAX_WINDOWS = 21;

const DEFAULTS = { sessionMinutes: 30, bufferMinutes: 15, horizonDays: 21, weeklyCap: 3 };

export const bookableSettingsInput = z.object({
  timezone: timeZoneField(),
  sessionMinutes: z.coerce
    .number({ error: 'Choose a session length.' })
    .int()
    .refine((n) => (SESSION_LENGTHS as readonly number[]).includes(n), 'Choose one of the lengths offered.'),
  bufferMinutes: z.coerce
    .number({ error: 'Enter the break in minutes.' })
    .int('Enter whole minutes.')
    .min(0, 'The break cannot be negative.')
    .max(120, 'Keep the break at two hours or less.'),
  horizonDays: z.coerce
    .number({ error: 'Enter a number of days.' })
    .int('Enter whole days.')
    .min(1, 'Let people book at least a day ahead.')
    .max(90, 'At most 90 days ahead.'),
  weeklyCap: z.coerce
    .number({ error: 'Enter a number of sessions.' })
    .int('Enter a whole number.')
    .min(1, 'At least one session a week.')
    .max(40, 'At most 40 sessions a week.'),
  published: z.enum(['on']).optional(),
});
export type BookableSettingsInput = z.infer<typeof bookableSettingsInput>;

export const windowInput = z.object({
  weekday: z.coerce.number({ error: 'Choose a day.' }).int().min(1, 'Choose a day.').max(7, 'Choose a day.'),
  from: z.string({ error: 'Enter when it starts, like 17:00.' }).trim().max(5),
  to: z.string({ error: 'Enter when it ends, like 19:00.' }).trim().max(5),
});
export const windowIdInput = z.object({ id: z.coerce.number().int().positive() });

/** /settings/availability: the member's settings (or sensible defaults) and weekly windows. */
export async function bookableTimeForm(actor: MemberViewer) {
  const [settings, windows, zone] = await Promise.all([
    repo.findSettings(actor.id),
    repo.windowsOf(actor.id),
    memberZone(actor),
  ]);
  return {
    settings: settings ?? { ...DEFAULTS, timezone: zone ?? 'UTC', published: false },
    saved: settings !== undefined,
    windows: windows.map((w) => ({ ...w, label: describeWindow(w) })),
  };
}

/** Saves the settings; publishing needs at least one window that fits a session. */
export async function saveBookableSettings(actor: MemberViewer, input: BookableSettingsInput, now = new Date()) {
  const published = input.published === 'on';
  if (published && (await repo.countWindows(actor.id)) === 0)
    throw invalid({ published: 'Add at least one weekly window below before you publish.' });
  await repo.putSettings({
    userId: actor.id,
    timezone: input.timezone,
    sessionMinutes: input.sessionMinutes,
    bufferMinutes: input.bufferMinutes,
    horizonDays: input.horizonDays,
    weeklyCap: input.weeklyCap,
    published,
    updatedAt: now,
  });
  return { published };
}

/** Adds a weekly window (e.g. Tuesdays 17:00–19:00) in the member's bookable-time zone. */
export async function addWindow(actor: MemberViewer, input: z.infer<typeof windowInput>) {
  const from = parseClock(input.from);
  const to = parseClock(input.to);
  const errors: Record<string, string> = {};
  if (from === null || from >= 1440) errors.from = 'Enter a time like 17:00.';
  if (to === null) errors.to = 'Enter a time like 19:00 (24:00 for midnight).';
  else if (from !== null && to <= from) errors.to = 'The window must end after it starts.';
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const length = (await repo.findSettings(actor.id))?.sessionMinutes ?? DEFAULTS.sessionMinutes;
  if (to! - from! < length) throw invalid({ to: `Make the window at least as long as one session (${length} min).` });
  const existing = await repo.windowsOf(actor.id);
  if (existing.length >= MAX_WINDOWS) throw invalid({ weekday: `You can have up to ${MAX_WINDOWS} windows.` });
  const clash = existing.find((w) => w.weekday === input.weekday && w.startMinute < to! && w.endMinute > from!);
  if (clash) throw invalid({ from: `That overlaps your window ${describeWindow(clash)}.` });
  await getDb().transaction(async (tx) => {
    if (!(await repo.findSettings(actor.id, tx))) {
      await repo.putSettings(
        {
          userId: actor.id,
          ...DEFAULTS,
          timezone: (await memberZone(actor)) ?? 'UTC',
          published: false,
          updatedAt: new Date(),
        },
        tx,
      );
    }
    await repo.insertWindow({ userId: actor.id, weekday: input.weekday, startMinute: from!, endMinute: to! }, tx);
  });
}

/** Removes one of the member's windows (anyone else's: NOT_FOUND); with none left, the time is unpublished. */
export async function removeWindow(actor: MemberViewer, input: { id: number }) {
  await getDb().transaction(async (tx) => {
    if (!(await repo.deleteWindow(actor.id, input.id, tx))) throw notFound('That window no longer exists.');
    if ((await repo.countWindows(actor.id, tx)) === 0) await repo.unpublish(actor.id, tx);
  });
}

export interface PublishedBookableTime {
  settings: BookableSettings;
  windows: BookableWindow[];
}

/** A helper's published bookable time, or null when they publish none (requesters then propose times). */
export async function publishedBookableTime(helperId: string): Promise<PublishedBookableTime | null> {
  const settings = await repo.findSettings(helperId);
  if (!settings?.published) return null;
  const windows = await repo.windowsOf(helperId);
  if (windows.length === 0) return null;
  return {
    settings: {
      zone: settings.timezone,
      sessionMinutes: settings.sessionMinutes,
      bufferMinutes: settings.bufferMinutes,
      horizonDays: settings.horizonDays,
      weeklyCap: settings.weeklyCap,
    },
    windows,
  };
}

/** The free slots of a helper's published time, given what is booked and busy. */
export function slotsOf(time: PublishedBookableTime, booked: Interval[], busy: Interval[], now = new Date()): Date[] {
  return freeSlots(time.settings, time.windows, booked, busy, now);
}
