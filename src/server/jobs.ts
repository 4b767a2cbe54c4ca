import { requestEventFeedback } from '#features/events/event-feedback.service.ts';
import { endFinishedAwayPeriods } from '#features/profiles/profiles.jobs.ts';
import { expireRequests, sendRequestReminders } from '#features/requests/requests.jobs.ts';
import { pruneRateLimits } from './auth/rate-limit.ts';
import { logger } from './log.ts';

const log = logger('jobs');

export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Also run once at start-up (e.g. expire what went stale while the server was down). */
  runAtStart: boolean;
  run: () => Promise<unknown>;
}

/** Periodic maintenance; features append their jobs here (request expiry, reminders…). */
export const SCHEDULED_JOBS: ScheduledJob[] = [
  { name: 'prune rate limits', everyMs: 60 * 60 * 1000, runAtStart: true, run: pruneRateLimits },
  { name: 'expire unanswered requests', everyMs: 15 * 60 * 1000, runAtStart: true, run: () => expireRequests() },
  { name: 'request reminders', everyMs: 15 * 60 * 1000, runAtStart: true, run: () => sendRequestReminders() },
  { name: 'end finished away periods', everyMs: 60 * 60 * 1000, runAtStart: true, run: endFinishedAwayPeriods },
  {
    name: 'ask attendees for event feedback',
    everyMs: 15 * 60 * 1000,
    runAtStart: true,
    run: () => requestEventFeedback(),
  },
];

const timers: NodeJS.Timeout[] = [];

async function runJob(job: ScheduledJob): Promise<void> {
  try {
    await job.run();
  } catch (error) {
    log.error(`job "${job.name}" failed`, error);
  }
}

/** Starts every scheduled job; timers are unref'd so they never keep a process alive. */
export async function startBackgroundJobs(): Promise<void> {
  for (const job of SCHEDULED_JOBS) {
    if (job.runAtStart) await runJob(job);
    const timer = setInterval(() => void runJob(job), job.everyMs);
    timer.unref();
    timers.push(timer);
  }
}

/** Stops the timers (tests and graceful shutdown). */
export function stopBackgroundJobs(): void {
  for (const timer of timers.splice(0)) clearInterval(timer);
}
