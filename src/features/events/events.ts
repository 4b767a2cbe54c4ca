import { z } from 'zod';
import {
  EVENT_FORMATS,
  EVENT_KINDS,
  type EventFormat,
  type EventKind,
  type EventRole,
  type RsvpStatus,
} from '#db/schema/index.ts';
import { timeZoneField } from '#server/time/zone-input.ts';
import { optionalHttpUrlField, optionalText } from '#server/validation.ts';

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  workshop: 'Workshop',
  meetup: 'Meetup',
  talk: 'Talk',
  office_hours: 'Office hours',
};

export const EVENT_FORMAT_LABELS: Record<EventFormat, string> = {
  in_person: 'In person',
  online: 'Online',
  hybrid: 'In person and online',
};

export const EVENT_LIMITS = {
  titleMin: 3,
  titleMax: 120,
  descriptionMax: 10_000,
  venueMax: 300,
  urlMax: 500,
  /** Bigger than any room this community will book; anything above is a typo. */
  capacityMax: 5_000,
  topicsMax: 8,
  peopleMax: 8,
  cancelReasonMax: 500,
  announcementSubjectMax: 120,
  announcementBodyMax: 4_000,
} as const;

const kindField = z.enum(EVENT_KINDS, { error: 'Choose what kind of event this is.' });
const formatField = z.enum(EVENT_FORMATS, { error: 'Choose whether it happens in person, online or both.' });

/**
 * The event form as submitted. Times stay wall-clock strings here: turning them into
 * instants needs the chosen zone and the clock, which `validateEventTimes` handles.
 */
export const eventInput = z.object({
  title: z
    .string({ error: 'Give the event a title.' })
    .trim()
    .min(EVENT_LIMITS.titleMin, `Use at least ${EVENT_LIMITS.titleMin} characters.`)
    .max(EVENT_LIMITS.titleMax, `Use at most ${EVENT_LIMITS.titleMax} characters.`),
  kind: kindField,
  description: optionalText(EVENT_LIMITS.descriptionMax),
  topics: z.string().max(500, 'That is too many topics.').optional(),
  format: formatField,
  venue: optionalText(EVENT_LIMITS.venueMax),
  onlineUrl: optionalHttpUrlField('online link', EVENT_LIMITS.urlMax),
  startsAt: z.string({ error: 'Enter the date and time it starts.' }).max(40),
  endsAt: z.string({ error: 'Enter the date and time it ends.' }).max(40),
  timezone: timeZoneField(),
  capacity: z
    .number({ error: 'Enter how many people can attend, as a number.' })
    .int('Enter a whole number.')
    .min(1, 'At least one person must be able to attend.')
    .max(
      EVENT_LIMITS.capacityMax,
      `At most ${EVENT_LIMITS.capacityMax.toLocaleString('en')} people: enter a realistic number.`,
    ),
  hosts: z.string().max(500, 'That is too many hosts.').optional(),
  speakers: z.string().max(500, 'That is too many speakers.').optional(),
});
export type EventInput = z.infer<typeof eventInput>;

export const materialsInput = z.object({
  eventId: z.string().max(40),
  slidesUrl: optionalHttpUrlField('slides link', EVENT_LIMITS.urlMax),
  recordingUrl: optionalHttpUrlField('recording link', EVENT_LIMITS.urlMax),
  /** The slug of a reading list; empty detaches. */
  readingList: optionalText(200),
});
export type MaterialsInput = z.infer<typeof materialsInput>;

export const cancelInput = z.object({
  eventId: z.string().max(40),
  reason: optionalText(EVENT_LIMITS.cancelReasonMax),
});

export const announcementInput = z.object({
  eventId: z.string().max(40),
  subject: z
    .string({ error: 'Give the announcement a subject.' })
    .trim()
    .min(3, 'Use at least 3 characters.')
    .max(EVENT_LIMITS.announcementSubjectMax, `Use at most ${EVENT_LIMITS.announcementSubjectMax} characters.`),
  message: z
    .string({ error: 'Write the message.' })
    .trim()
    .min(1, 'Write the message.')
    .max(
      EVENT_LIMITS.announcementBodyMax,
      `Use at most ${EVENT_LIMITS.announcementBodyMax.toLocaleString('en')} characters.`,
    ),
});
export type AnnouncementInput = z.infer<typeof announcementInput>;

/**
 * How a viewer relates to an event; decides what they may see and do. `host` and
 * `speaker` mean an accepted invitation: a pending one gives nothing of the kind.
 */
export type EventRelation = 'organizer' | 'host' | 'speaker' | 'going' | 'waitlisted' | 'member' | 'anonymous';

/** The relation of a viewer, from the facts the repo loaded. */
export function relationTo(
  viewerId: string | null,
  /** `hostIds` and `speakerIds` are the people who accepted. */
  facts: { organizerId: string; hostIds: string[]; speakerIds: string[]; rsvpStatus: RsvpStatus | null },
): EventRelation {
  if (!viewerId) return 'anonymous';
  if (viewerId === facts.organizerId) return 'organizer';
  if (facts.hostIds.includes(viewerId)) return 'host';
  if (facts.speakerIds.includes(viewerId)) return 'speaker';
  if (facts.rsvpStatus === 'going') return 'going';
  if (facts.rsvpStatus === 'waitlisted') return 'waitlisted';
  return 'member';
}

/** The online link: for the people running it and the people with a seat (not the waitlist). */
export function canSeeOnlineLink(relation: EventRelation): boolean {
  return relation === 'organizer' || relation === 'host' || relation === 'speaker' || relation === 'going';
}

/** Editing, publishing, cancelling, attendees, export and announcements. */
export function canManage(relation: EventRelation): boolean {
  return relation === 'organizer';
}

/** Slides, recording and the reading list: whoever ran the event. */
export function canEditMaterials(relation: EventRelation): boolean {
  return relation === 'organizer' || relation === 'host' || relation === 'speaker';
}

/** People running the event do not take a seat. */
export function canRsvp(relation: EventRelation): boolean {
  return relation === 'member' || relation === 'going' || relation === 'waitlisted';
}

/** Accepts "@ada", "ada" or a profile link "/people/ada" and returns the handle. */
export function handleFromReference(reference: string): string {
  const trimmed = reference.trim();
  const fromPath = /\/people\/([a-z0-9-]+)\/?$/i.exec(trimmed);
  return (fromPath?.[1] ?? trimmed.replace(/^@/, '')).toLowerCase();
}

/** What a role is called in sentences: "co-host", "speaker". */
export const EVENT_ROLE_WORDS: Record<EventRole, string> = { host: 'co-host', speaker: 'speaker' };
