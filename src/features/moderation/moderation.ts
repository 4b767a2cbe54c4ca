import { z } from 'zod';
import {
  REPORT_REASONS,
  REPORT_SUBJECTS,
  type ReportReason,
  type ReportStatus,
  type ReportSubject,
} from '#db/schema/moderation.ts';
import { optionalText } from '#server/validation.ts';

/** The reasons a report offers, in the words the form shows. */
export const REASON_LABELS: Record<ReportReason, string> = {
  spam: 'Spam or advertising',
  harassment: 'Harassment or bullying',
  hate: 'Hateful or discriminatory',
  sexual: 'Sexual or unwanted advances',
  privacy: 'Shares private information',
  impersonation: 'Pretends to be someone else',
  misleading: 'Misleading or a scam',
  other: 'Something else',
};

/** What a report can be about, as people read it. */
export const SUBJECT_LABELS: Record<ReportSubject, string> = {
  profile: 'Profile',
  event: 'Event',
  list: 'Reading list',
  request: 'Request',
  message: 'Message',
};

/** A report's status as its reporter reads it. */
export const STATUS_LABELS: Record<ReportStatus, string> = {
  open: 'Waiting for a moderator',
  dismissed: 'Reviewed: no action needed',
  actioned: 'Reviewed: action taken',
};

/** How a thing is named in a report link: a profile by handle, an event or list by slug, a request or message by id. */
const subjectRef = z
  .string({ error: 'Say what you are reporting.' })
  .trim()
  .regex(/^[a-z0-9-]{1,80}$/i, 'That is not something on this site.');

export const REPORT_LIMITS = {
  detailsMax: 2000,
  reasonMin: 5,
  reasonMax: 1000,
  appealMin: 20,
  appealMax: 4000,
} as const;

export const reportInput = z.object({
  kind: z.enum(REPORT_SUBJECTS, { error: 'Say what you are reporting.' }),
  id: subjectRef,
  reason: z.enum(REPORT_REASONS, { error: 'Choose the reason that fits best.' }),
  details: optionalText(REPORT_LIMITS.detailsMax),
});
export type ReportInput = z.infer<typeof reportInput>;

/** The moderator's reason for an action: the affected member reads it, so it must say something. */
const actionReason = z
  .string({ error: 'Write the reason the member will read.' })
  .trim()
  .min(REPORT_LIMITS.reasonMin, 'Write the reason the member will read (a sentence).')
  .max(REPORT_LIMITS.reasonMax, `Use at most ${REPORT_LIMITS.reasonMax.toLocaleString('en')} characters.`);

/** Acting on a case: the report that leads to it, and why. */
export const caseActionInput = z.object({ reportId: z.coerce.number().int().positive(), reason: actionReason });

/** Acting on a member directly (from their moderation page or a case). */
export const memberActionInput = z.object({
  memberId: z.string().regex(/^[a-z0-9]{8,40}$/),
  reason: actionReason,
});

export const SUSPENSION_LENGTHS = {
  '1d': { label: '1 day', days: 1 },
  '3d': { label: '3 days', days: 3 },
  '7d': { label: '1 week', days: 7 },
  '30d': { label: '30 days', days: 30 },
  '90d': { label: '90 days', days: 90 },
  permanent: { label: 'Until a moderator lifts it', days: null },
} as const;
export type SuspensionLength = keyof typeof SUSPENSION_LENGTHS;

export const suspendInput = memberActionInput.extend({
  length: z.enum(Object.keys(SUSPENSION_LENGTHS) as [SuspensionLength, ...SuspensionLength[]], {
    error: 'Choose how long the suspension lasts.',
  }),
  /** Set when suspending from a case page: its reports close as actioned. */
  reportId: z.coerce.number().int().positive().optional(),
});

/** When a suspension of this length ends; null when it lasts until lifted. */
export function suspensionEnd(length: SuspensionLength, now: Date): Date | null {
  const days = SUSPENSION_LENGTHS[length].days;
  return days === null ? null : new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

export const appealInput = z.object({
  body: z
    .string({ error: 'Write your appeal.' })
    .trim()
    .min(REPORT_LIMITS.appealMin, 'Tell the moderators in a few sentences why they should think again.')
    .max(REPORT_LIMITS.appealMax, `Use at most ${REPORT_LIMITS.appealMax.toLocaleString('en')} characters.`),
});

export const answerAppealInput = z.object({ appealId: z.coerce.number().int().positive(), reason: actionReason });

export const roleInput = z.object({
  handle: z
    .string({ error: 'Enter the member’s handle.' })
    .trim()
    .toLowerCase()
    .transform((h) => h.replace(/^@/, ''))
    .pipe(z.string().regex(/^[a-z0-9-]{1,30}$/, 'Enter a handle as in /people/<handle>.')),
  reason: actionReason,
});
