import { logger } from './log.ts';

const log = logger('jobs');

/** Periodic maintenance; the composition root lists them (src/app/jobs.ts). */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Also run once at start-up (e.g. expire what went stale while the server was down). */
  runAtStart: boolean;
  run: () => Promise<unknown>;
}

const timers: NodeJS.Timeout[] = [];

async function runJob(job: ScheduledJob): Promise<void> {
  try {
    await job.run();
  } catch (error) {
    log.error(`job "${job.name}" failed`, error);
  }
}

/** Starts the jobs; timers are unref'd so they never keep a process alive. */
export async function startBackgroundJobs(jobs: readonly ScheduledJob[]): Promise<void> {
  for (const job of jobs) {
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
