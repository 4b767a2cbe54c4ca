import { SKILL_CATEGORIES, type SkillCategory } from '#db/schema/index.ts';
import { type Guarded, showGuarded } from '#features/aggregates/privacy.ts';
import { toCsv } from '#features/events/csv.ts';
import { type EventToAnnounce, eventsToAnnounce } from '#features/events/learner-notices.service.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { notFound } from '#server/errors.ts';
import { type EventInsights, eventInsights } from './event-insights.service.ts';
import type { Selection } from './figures.ts';
import { type MentoringInsights, mentoringInsights, OUTCOME_LABELS, OUTCOMES } from './mentoring-insights.service.ts';
import { PERIOD_LABELS, parsePeriod } from './periods.ts';
import { supplyAndDemand, type TopicDemand, workshopsToRunNext } from './supply.service.ts';

/**
 * Who sees what: visitors the supply and demand view, members everything, moderators and
 * admins also the CSV exports.
 */
export type InsightsAccess = 'visitor' | 'member' | 'steward';

/** The access a viewer has to /insights. */
export function insightsAccess(viewer: Viewer): InsightsAccess {
  if (!viewer) return 'visitor';
  return viewer.role === 'moderator' || viewer.role === 'admin' ? 'steward' : 'member';
}

/** The filters from the query string; anything unknown falls back to the defaults. */
export function parseSelection(params: URLSearchParams, now = new Date()): Selection {
  const category = params.get('category');
  return {
    period: parsePeriod(params.get('period')),
    category: SKILL_CATEGORIES.includes(category as SkillCategory) ? (category as SkillCategory) : null,
    now,
  };
}

export interface InsightsPage {
  access: InsightsAccess;
  selection: Selection;
  topics: TopicDemand[];
  next: (TopicDemand & { mine: EventToAnnounce[] })[];
  mentoring: MentoringInsights | null;
  events: EventInsights | null;
}

/** Everything /insights shows this viewer for the chosen filters. */
export async function getInsights(viewer: Viewer, selection: Selection): Promise<InsightsPage> {
  const access = insightsAccess(viewer);
  const full = access !== 'visitor';
  const [topics, mentoring, events] = await Promise.all([
    supplyAndDemand(selection),
    full ? mentoringInsights(selection) : Promise.resolve(null),
    full ? eventInsights(selection) : Promise.resolve(null),
  ]);
  const next = workshopsToRunNext(topics);
  const mine = await eventsToAnnounce(
    viewer,
    next.map((t) => t.skillId),
    selection.now,
  );
  return {
    access,
    selection,
    topics,
    next: next.map((t) => ({ ...t, mine: mine.get(t.skillId) ?? [] })),
    mentoring,
    events,
  };
}

export const INSIGHT_TABLES = ['supply', 'mentoring', 'events'] as const;
export type InsightTable = (typeof INSIGHT_TABLES)[number];

const cell = (g: Guarded<number>, asPercent = false) =>
  showGuarded(g, (v) => (asPercent ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100)));

/**
 * One of the tables behind the charts as CSV, for moderators and admins (anyone else:
 * NOT_FOUND). The same figures as the page, hidden ones included as "fewer than 5".
 */
export async function insightsCsv(
  viewer: Viewer,
  table: InsightTable,
  selection: Selection,
): Promise<{ filename: string; body: string }> {
  if (insightsAccess(viewer) !== 'steward') throw notFound();
  const suffix = `${selection.period}${selection.category ? `-${selection.category}` : ''}`;
  const filename = `whoknows-insights-${table}-${suffix}.csv`;
  const note = `${PERIOD_LABELS[selection.period]}${selection.category ? `, ${selection.category}` : ''}`;
  if (table === 'supply') {
    const rows = await supplyAndDemand(selection);
    return {
      filename,
      body: toCsv(
        [
          'Topic',
          'Category',
          'Teach it',
          'Want to learn it',
          'Open calls waiting',
          `Unanswered (${note})`,
          `Asked for in feedback (${note})`,
          'Demand (people)',
        ],
        rows.map((r) => [
          r.name,
          r.category,
          cell(r.teachers),
          cell(r.learners),
          cell(r.waiting),
          cell(r.unanswered),
          cell(r.votes),
          cell(r.demand),
        ]),
      ),
    };
  }
  if (table === 'mentoring') {
    const m = await mentoringInsights(selection);
    return {
      filename,
      body: toCsv(
        ['Month', 'Sent', 'Accepted', ...OUTCOMES.map((o) => OUTCOME_LABELS[o])],
        m.months.map((row) => [
          row.label,
          cell(row.sent),
          cell(row.accepted),
          ...OUTCOMES.map((o) => cell(row.outcomes[o])),
        ]),
      ),
    };
  }
  const e = await eventInsights(selection);
  return {
    filename,
    body: toCsv(
      [
        'Month',
        'Workshops',
        'Meetups',
        'Talks',
        'Office hours',
        'Seats offered',
        'Seats taken',
        'Waitlisted',
        'Attendance',
        'Average rating',
      ],
      e.months.map((row) => [
        row.label,
        row.byKind.workshop,
        row.byKind.meetup,
        row.byKind.talk,
        row.byKind.office_hours,
        row.seatsOffered,
        row.seatsTaken,
        row.waitlisted,
        cell(row.attendance, true),
        cell(row.averageRating),
      ]),
    ),
  };
}
