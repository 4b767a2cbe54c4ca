import { requestEventFeedback } from '#features/events/event-feedback.service.ts';
import { finishDueDeletions } from '#features/leaving/account-deletion.service.ts';
import { liftEndedSuspensions } from '#features/moderation/moderation.jobs.ts';
import { runDigests } from '#features/notifications/digests.service.ts';
import { endFinishedAwayPeriods } from '#features/profiles/profiles.jobs.ts';
import { expireRequests, sendRequestReminders } from '#features/requests/jobs/request-jobs.ts';
import { pruneRateLimits } from '#server/auth/rate-limit.ts';
import type { ScheduledJob } from '#server/jobs.ts';
import { followNoticeStillShown } from './follow-notices.ts';

const MINUTE = 60 * 1000;

/** Every periodic job of the site; a feature with maintenance to do lists its job here. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  { name: 'prune rate limits', everyMs: 60 * MINUTE, runAtStart: true, run: pruneRateLimits },
  { name: 'expire unanswered requests', everyMs: 15 * MINUTE, runAtStart: true, run: () => expireRequests() },
  { name: 'request reminders', everyMs: 15 * MINUTE, runAtStart: true, run: () => sendRequestReminders() },
  { name: 'end finished away periods', everyMs: 60 * MINUTE, runAtStart: true, run: endFinishedAwayPeriods },
  // Leases in the database keep two processes from sending one digest; at start-up it picks up what was due while down.
  {
    name: 'follow digests',
    everyMs: 5 * MINUTE,
    runAtStart: true,
    run: () => runDigests({ stillShown: followNoticeStillShown }),
  },
  { name: 'lift ended suspensions', everyMs: 5 * MINUTE, runAtStart: true, run: () => liftEndedSuspensions() },
  // Safe with several processes: each deletion claims its account in its own write transaction.
  { name: 'finish account deletions', everyMs: 15 * MINUTE, runAtStart: true, run: () => finishDueDeletions() },
  {
    name: 'ask attendees for event feedback',
    everyMs: 15 * MINUTE,
    runAtStart: true,
    run: () => requestEventFeedback(),
  },
];
