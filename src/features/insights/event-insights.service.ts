import { EVENT_KINDS, type EventKind } from '#db/schema/index.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import * as repo from './activity.repo.ts';
import { average, type Fact, monthCells, type Selection, share, windowFigure } from './figures.ts';
import { monthKey, monthLabel, monthsFor, sliceOf, windowSlices } from './periods.ts';
import { type Guarded, withheld } from './privacy.ts';

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

type SeatFact = Fact & { came: boolean };
type RatingFact = Fact & { rating: number };

/**
 * Events over time for the chosen period and category: how many of each kind, seats
 * offered and taken, waitlists (all public on the event pages), and the private parts —
 * attendance and feedback — under the privacy rules.
 */
export async function eventInsights(selection: Selection): Promise<EventInsights> {
  const { now, category } = selection;
  const [catalogue, eventRows, topicRows, seats, ratings] = await Promise.all([
    getCatalogue(),
    repo.eventFacts(now),
    repo.eventTopicFacts(),
    repo.attendanceFacts(),
    repo.eventRatingFacts(),
  ]);
  const categories = new Map<string, string[]>();
  for (const t of topicRows) {
    const c = catalogue.byId.get(t.skillId)?.category ?? 'other';
    const list = categories.get(t.eventId) ?? [];
    if (!list.includes(c)) list.push(c);
    categories.set(t.eventId, list);
  }
  const started = new Map(eventRows.map((e) => [e.id, { ...e, categories: categories.get(e.id) ?? [] }]));
  const inCategory = (cats: readonly string[]) => category === null || cats.includes(category);

  const seatFacts: SeatFact[] = seats.flatMap((s) => {
    const e = started.get(s.eventId);
    if (!e || s.status !== 'going') return [];
    return [{ persons: [s.userId], at: e.startsAt, categories: e.categories, came: s.attendedAt !== null }];
  });
  const ratingFacts: RatingFact[] = ratings.flatMap((r) => {
    const e = started.get(r.eventId);
    return e ? [{ persons: [r.userId], at: e.startsAt, categories: e.categories, rating: r.rating }] : [];
  });
  const attendanceOf = (fs: SeatFact[]) => share(fs.filter((f) => f.came).length, fs.length);
  const ratingOf = (fs: RatingFact[]) => average(fs.map((f) => f.rating));

  const list = [...started.values()].filter((e) => inCategory(e.categories));
  const first = list.reduce<Date | null>((min, e) => (!min || e.startsAt < min ? e.startsAt : min), null);
  const months = monthsFor(selection.period, now, first);
  const attendanceCells = monthCells(seatFacts, selection, months, monthKey);
  const ratingCells = monthCells(ratingFacts, selection, months, monthKey);
  const monthly = months.map((month, i): EventMonth => {
    const inMonth = list.filter((e) => monthKey(e.startsAt) === month);
    const byKind = Object.fromEntries(
      EVENT_KINDS.map((k) => [k, inMonth.filter((e) => e.kind === k).length]),
    ) as Record<EventKind, number>;
    const a = attendanceCells[i]!;
    const r = ratingCells[i]!;
    const rate = a.whole ? attendanceOf(a.facts) : null;
    const avg = r.whole ? ratingOf(r.facts) : null;
    return {
      month,
      label: monthLabel(month),
      byKind,
      seatsOffered: inMonth.reduce((s, e) => s + e.capacity, 0),
      seatsTaken: inMonth.reduce((s, e) => s + e.going, 0),
      waitlisted: inMonth.reduce((s, e) => s + e.waitlisted, 0),
      attendance: rate === null ? withheld() : { shown: true, value: rate },
      averageRating: avg === null ? withheld() : { shown: true, value: avg },
    };
  });

  const slices = windowSlices(selection.period);
  const inWindow = list.filter((e) => slices.includes(sliceOf(e.startsAt, now)));
  return {
    months: monthly,
    events: inWindow.length,
    seatsOffered: inWindow.reduce((s, e) => s + e.capacity, 0),
    seatsTaken: inWindow.reduce((s, e) => s + e.going, 0),
    waitlisted: inWindow.reduce((s, e) => s + e.waitlisted, 0),
    attendance: windowFigure(seatFacts, selection, attendanceOf),
    averageRating: windowFigure(ratingFacts, selection, ratingOf),
    ratings: windowFigure(ratingFacts, selection, (fs) => fs.length),
  };
}
