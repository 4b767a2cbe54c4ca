import { z } from 'zod';
import type { Seniority } from '#db/schema/profiles.ts';
import {
  REQUEST_FORMATS,
  REQUEST_KINDS,
  type RequestFormat,
  type RequestKind,
  type RequestState,
} from '#db/schema/requests.ts';
import { timeZoneField } from '#server/time/zone-input.ts';

/** How many requests a member may have waiting for an answer at once. */
export const MAX_OPEN_REQUESTS_PER_REQUESTER = 5;
/** An unanswered request expires this long after it was sent (or last discussed). */
export const REQUEST_EXPIRY_MS = 14 * 24 * 60 * 60 * 1000;
export const DURATIONS = [15, 30, 45, 60, 90, 120] as const;

export const KIND_LABELS: Record<RequestKind, string> = {
  adhoc: 'Ad-hoc help',
  ongoing: 'Ongoing mentoring',
};

export const KIND_HINTS: Record<RequestKind, string> = {
  adhoc: 'One question or one session.',
  ongoing: 'Regular sessions towards goals you set together.',
};

/** What "reverse mentoring" means, wherever the choice or the label appears. */
export const REVERSE_HINT = 'Someone less senior teaches you a tool they know well.';

/** "Ad-hoc help", "Ongoing reverse mentoring": the kind with the reverse label on top. */
export function kindLabel(kind: RequestKind, reverse: boolean): string {
  if (!reverse) return KIND_LABELS[kind];
  return kind === 'adhoc' ? 'Ad-hoc reverse mentoring' : 'Ongoing reverse mentoring';
}

export const FORMAT_LABELS: Record<RequestFormat, string> = {
  chat: 'Chat',
  video: 'Video call',
  in_person: 'In person',
};

export const STATE_LABELS: Record<RequestState, string> = {
  open: 'Waiting for an answer',
  accepted: 'Accepted',
  completed: 'Completed',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

/** State filters offered on /requests: single states plus "active" and "closed" groups. */
export const STATE_FILTERS = {
  active: ['open', 'accepted'],
  open: ['open'],
  accepted: ['accepted'],
  completed: ['completed'],
  closed: ['declined', 'withdrawn', 'cancelled', 'expired'],
} as const satisfies Record<string, readonly RequestState[]>;
export type StateFilter = keyof typeof STATE_FILTERS;

/** Seniority as a number: student < junior < mid < senior < staff ≈ manager. */
const SENIORITY_RANK: Record<Seniority, number> = { student: 0, junior: 1, mid: 2, senior: 3, staff: 4, manager: 4 };

/** Whether `a` is more senior than `b` (staff and manager count as the same level). */
export function isMoreSenior(a: Seniority, b: Seniority): boolean {
  return SENIORITY_RANK[a] > SENIORITY_RANK[b];
}

/**
 * Whether a request is reverse mentoring. Asking someone less senior is, whatever was
 * ticked, and the site says it labelled it; anyone may also tick it (an open call has
 * nobody to compare with). The kind (ad-hoc or ongoing) is always the one chosen.
 */
export function labelReverse(
  chosen: boolean,
  requester: Seniority,
  recipient: Seniority | null,
): { reverse: boolean; reverseAuto: boolean } {
  if (chosen) return { reverse: true, reverseAuto: false };
  if (recipient && isMoreSenior(requester, recipient)) return { reverse: true, reverseAuto: true };
  return { reverse: false, reverseAuto: false };
}

/** "Ad-hoc reverse mentoring on Bun": how a request is named in lists, notifications and calendars. */
export function requestTitle(kind: RequestKind, reverse: boolean, skillName: string): string {
  return `${kindLabel(kind, reverse)} on ${skillName}`;
}

/** The `topic` value of the "Another topic" choice; the typed name comes in `topicOther`. */
export const OTHER_TOPIC = '(other)';

/** The topic a request form names: a chosen skill, or what was typed beside "Another topic". */
export function chosenTopic(input: { topic: string; topicOther?: string }): string {
  return input.topic === OTHER_TOPIC ? (input.topicOther ?? '') : input.topic;
}

/** "30 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

/** Kind, ready-made ways to say no; the helper may add their own words. */
export const DECLINE_PHRASES = {
  busy: "Thank you for thinking of me! I'm stretched thin right now and couldn't give this the attention it deserves.",
  fit:
    "This is a bit outside what I know well, and I'd rather you got someone who can really help. An open " +
    'call on the topic might find them.',
  times: "The times don't work for me and I can't offer others soon. Please do ask again in a few weeks.",
  later: "I'd love to help, just not this month. If it's still useful later, send it again and I'll make time.",
} as const;
export type DeclinePhrase = keyof typeof DECLINE_PHRASES;

/** The reason shown to the requester: the chosen phrase and/or the helper's own words. */
export function declineReason(phrase: DeclinePhrase | undefined, note: string | undefined): string | null {
  const parts = [phrase ? DECLINE_PHRASES[phrase] : '', note?.trim() ?? ''].filter(Boolean);
  return parts.length > 0 ? parts.join('\n\n') : null;
}

const requestId = z.string().min(1).max(40);
const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);
const localTime = z.string().trim().max(20).optional();

export const createRequestInput = z.object({
  /** Handle of the member asked; absent for an open call. */
  to: z.string().trim().toLowerCase().max(30).optional(),
  topic: z
    .string({ error: 'Choose the topic you want help with.' })
    .trim()
    .min(1, 'Choose the topic you want help with.')
    .max(80),
  /**
   * Typed topic when the form offered the helper's skills as choices and the member
   * picked "Another topic" (the chosen radio then sends `topic` = this marker).
   */
  topicOther: z.string().trim().max(80).optional(),
  kind: z.enum(REQUEST_KINDS, { error: 'Choose ad-hoc help or ongoing mentoring.' }),
  /** Ticked: the requester asks for reverse mentoring (the site also labels it when they are more senior). */
  reverse: z.boolean().optional(),
  want: z
    .string({ error: 'Say what you want help with.' })
    .trim()
    .min(10, 'Say a little more about what you want help with (at least 10 characters).')
    .max(2000, 'Keep it under 2,000 characters.'),
  tried: text(2000, 'Keep it under 2,000 characters.').optional(),
  outcome: text(1000, 'Keep it under 1,000 characters.').optional(),
  format: z.enum(REQUEST_FORMATS, { error: 'Choose chat, video or in person.' }),
  duration: z.coerce
    .number({ error: 'Choose a length.' })
    .int()
    .refine((n) => (DURATIONS as readonly number[]).includes(n), 'Choose one of the lengths offered.'),
  timezone: timeZoneField(),
  slot1: localTime,
  slot2: localTime,
  slot3: localTime,
  /** A free slot of the helper's published bookable time (an ISO instant), instead of proposed times. */
  bookedSlot: z.string().trim().max(40).optional(),
});
export type CreateRequestInput = z.infer<typeof createRequestInput>;

export const acceptInput = z.object({
  id: requestId,
  /** `slot-1`…`slot-3` for a proposed slot, `other` for the helper's own time. */
  choice: z.string({ error: 'Choose one of the proposed times, or propose another.' }).max(10),
  proposed: localTime,
  timezone: z.string().max(64).optional(),
  message: text(2000, 'Keep it under 2,000 characters.').optional(),
});

export const declineInput = z.object({
  id: requestId,
  phrase: z.enum(Object.keys(DECLINE_PHRASES) as [DeclinePhrase, ...DeclinePhrase[]]).optional(),
  note: text(1000, 'Keep it under 1,000 characters.').optional(),
});

export const askDetailsInput = z.object({
  id: requestId,
  question: z
    .string({ error: 'Write your question.' })
    .trim()
    .min(5, 'Write your question (at least 5 characters).')
    .max(2000, 'Keep it under 2,000 characters.'),
});

export const messageInput = z.object({
  id: requestId,
  body: z
    .string({ error: 'Write a message.' })
    .trim()
    .min(1, 'Write a message.')
    .max(4000, 'Keep it under 4,000 characters.'),
});

export const closeInput = z.object({ id: requestId, reason: text(1000, 'Keep it under 1,000 characters.').optional() });
export const idInput = z.object({ id: requestId });

export const feedbackInput = z.object({
  id: requestId,
  rating: z.coerce
    .number({ error: 'Choose a rating from 1 to 5.' })
    .int()
    .min(1, 'Choose a rating from 1 to 5.')
    .max(5, 'Choose a rating from 1 to 5.'),
  note: text(1000, 'Keep it under 1,000 characters.').optional(),
  endorse: z.boolean().optional(),
});

/** A moderator closing the reports on a request from its page; the reason goes to the reporters. */
export const resolveReportsInput = z.object({
  id: requestId,
  reason: text(1000, 'Keep it under 1,000 characters.').optional(),
});
