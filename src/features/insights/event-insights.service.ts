import { EVENT_KINDS, type EventKind } from '#db/schema/index.ts';
import { type Guarded, withheld } from '#features/aggregates/privacy.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import * as repo from './activity.repo.ts';
import { type Bucket, idsOf, monthCells, type Selection, share, total, windowFigure } from './figures.ts';
import { cachedFigures } from './insights-cache.ts';
import { monthKey, monthLabel, monthsFor, sliceOf, sliceStarts, windowSlices } from './periods.ts';

export interface EventMonth {
  month: number;
  label: string;
  /** Events that took place, by kind (public facts: not put through the fewer-than-5 rule). */
  byKind: Record<EventKind, number>;
  seatsOffered: number;
  seatsTaken: number;
  waitlisted: number;
  /** Of the people with a seat at events that used check-in, the share checked in. */
  attendance: Guarded<number>;
  averageRating: Guarded<number>;
}

export interface EventInsights {
  months: EventMonth[];
  events: number;
  seatsOffered: number;
  seatsTaken: number;
  waitlisted: number;
  attendance: Guarded<number>;
  averageRating: Guarded<number>;
  ratings: Guarded<number>;
}

type EventBucket = Bucket & { n: number; total: number };

/**
 * Events over time for the chosen period and category: how many of each kind, seats
 * offered and taken, waitlists (all public on the event pages), and the private parts —
 * attendance and feedback — under the privacy rules, one bucket per event.
 */
export async function eventInsights(selection: Selection): Promise<EventInsights> {
  const { now, category } = selection;
  const day = `${sliceStarts(now)[0]}`;
  const [catalogue, eventRows, topicRows, seatRows, ratingRows] = await Promise.all([
    getCatalogue(),
    cachedFigures(`events:${day}`, () => repo.eventFacts(now)),
    cachedFigures('event-topics', () => repo.eventTopicFacts()),
    cachedFigures('seat-buckets', () => repo.seatBuckets()),
    cachedFigures('event-rating-buckets', () => repo.eventRatingBuckets()),
  ]);
  const categories = new Map<string, string[]>();
  for (const t of topicRows) {
    const c = catalogue.byId.get(t.skillId)?.category ?? 'other';
    const list = categories.get(t.eventId) ?? [];
    if (!list.includes(c)) list.push(c);
    categories.set(t.eventId, list);
  }
  const started = new Map(eventRows.map((e) => [e.id, { ...e, categories: categories.get(e.id) ?? [] }]));
  const toBuckets = (family: string, rows: repo.EventBucketRow[]): EventBucket[] =>
    rows.flatMap((row) => {
      const e = started.get(row.eventId);
      if (!e) return [];
      return [
        {
          key: `${family}:${row.eventId}`,
          month: monthKey(e.startsAt),
          slice: sliceOf(e.startsAt, now),
          categories: e.categories,
          people: Number(row.people),
          ids: idsOf(row.ids),
          n: Number(row.n),
          total: Number(row.total),
        },
      ];
    });
  const seats = toBuckets('seats', seatRows);
  const ratings = toBuckets('ratings', ratingRows);
  const ratio = (bs: EventBucket[]) =>
    share(
      total(bs, (b) => b.total),
      total(bs, (b) => b.n),
    );

  const list = [...started.values()].filter((e) => category === null || e.categories.includes(category));
  const first = list.reduce<Date | null>((min, e) => (!min || e.startsAt < min ? e.startsAt : min), null);
  const months = monthsFor(selection.period, now, first);
  const attendanceCells = monthCells(seats, selection, months);
  const ratingCells = monthCells(ratings, selection, months);
  const monthly = months.map((month, i): EventMonth => {
    const inMonth = list.filter((e) => monthKey(e.startsAt) === month);
    const byKind = Object.fromEntries(
      EVENT_KINDS.map((k) => [k, inMonth.filter((e) => e.kind === k).length]),
    ) as Record<EventKind, number>;
    const a = attendanceCells[i]!;
    const r = ratingCells[i]!;
    const rate = a.whole ? ratio(a.buckets) : null;
    const avg = r.whole ? ratio(r.buckets) : null;
    return {
      month,
      label: monthLabel(month),
      byKind,
      seatsOffered: total(inMonth, (e) => e.capacity),
      seatsTaken: total(inMonth, (e) => e.going),
      waitlisted: total(inMonth, (e) => e.waitlisted),
      attendance: rate === null ? withheld() : { shown: true, value: rate },
      averageRating: avg === null ? withheld() : { shown: true, value: avg },
    };
  });

  const slices = windowSlices(selection.period);
  const inWindow = list.filter((e) => slices.includes(sliceOf(e.startsAt, now)));
  return {
    months: monthly,
    events: inWindow.length,
    seatsOffered: total(inWindow, (e) => e.capacity),
    seatsTaken: total(inWindow, (e) => e.going),
    waitlisted: total(inWindow, (e) => e.waitlisted),
    attendance: windowFigure(seats, selection, ratio),
    averageRating: windowFigure(ratings, selection, ratio),
    ratings: windowFigure(ratings, selection, (bs) => total(bs, (b) => b.n)),
  };
}
