/** One direct request a member received, as far as answering it goes. */
export interface ReceivedFacts {
  createdAt: Date;
  firstAnsweredAt: Date | null;
  /** Still waiting and not yet answered: left out until it is answered or expires. */
  pending: boolean;
}

export interface Responsiveness {
  /** Requests that count: answered, or left unanswered until they expired or were withdrawn. */
  considered: number;
  answered: number;
  /** Share answered, 0–1; null with no requests to judge by. */
  answeredShare: number | null;
  /** Median time to the first answer, in ms; null when nothing was answered. */
  medianFirstAnswerMs: number | null;
}

/** The fewest requests a responsiveness figure is shown for: one slow answer is not a habit. */
export const RESPONSIVENESS_MIN_SAMPLE = 3;

/**
 * Median time to first answer and share of requests answered. A request still waiting
 * without an answer is not counted either way yet.
 */
export function summarizeResponsiveness(rows: ReceivedFacts[]): Responsiveness {
  const considered = rows.filter((r) => r.firstAnsweredAt !== null || !r.pending);
  const waits = considered
    .filter((r) => r.firstAnsweredAt !== null)
    .map((r) => Math.max(0, r.firstAnsweredAt!.getTime() - r.createdAt.getTime()))
    .sort((a, b) => a - b);
  const mid = Math.floor(waits.length / 2);
  const median =
    waits.length === 0 ? null : waits.length % 2 === 1 ? waits[mid]! : Math.round((waits[mid - 1]! + waits[mid]!) / 2);
  return {
    considered: considered.length,
    answered: waits.length,
    answeredShare: considered.length === 0 ? null : waits.length / considered.length,
    medianFirstAnswerMs: median,
  };
}

/** "within an hour", "within 5 hours", "within 2 days". */
export function describeWait(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours <= 1) return 'within an hour';
  if (hours < 36) return `within ${Math.ceil(hours)} hours`;
  return `within ${Math.ceil(hours / 24)} days`;
}
