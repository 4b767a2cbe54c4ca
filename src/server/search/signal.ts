let listener: (() => void) | undefined;

/**
 * Lets the outbox tell the worker that a job was queued, without the outbox importing
 * the worker. The worker's first step is a write (claiming jobs), which on the embedded
 * database waits for the queuing transaction to commit, so the job is applied at once.
 */
export function onIndexJobQueued(fn: () => void): void {
  listener = fn;
}

/** Called by the outbox after it queued a job; wakes the worker on the next turn. */
export function indexJobQueued(): void {
  if (listener) setImmediate(listener);
}
