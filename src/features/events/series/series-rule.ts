import type { eventSeries } from '#db/schema/event-series.ts';
import type { RecurrenceRule } from './recurrence.ts';

/** A series' rule as stored in its row. */
export function ruleOf(
  series: Pick<typeof eventSeries.$inferSelect, 'frequency' | 'interval' | 'nth'>,
): RecurrenceRule {
  return series.frequency === 'weekly'
    ? { frequency: 'weekly', interval: series.interval }
    : { frequency: 'monthly', nth: series.nth ?? 1 };
}
