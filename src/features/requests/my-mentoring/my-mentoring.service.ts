import { monthKey, monthLabel } from '#features/insights/periods.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { retrospectivesBy } from '#features/requests/outcomes/retrospective.service.ts';
import { canLookBack } from '#features/requests/outcomes/retrospective.ts';
import { requestTitle } from '#features/requests/requests.ts';
import * as repo from './my-mentoring.repo.ts';

const MONTHS = 12;

export interface MentoringMonthOfMine {
  label: string;
  helped: number;
  learned: number;
  /** Average of the ratings received that month (null: none). */
  rating: number | null;
}

/**
 * A member's own mentoring over time: sessions given and received per month, goals and
 * milestones reached, ratings received, their retrospectives, and the finished
 * mentorships still waiting for one. Their own data, so nothing is hidden.
 */
export async function getMyMentoring(viewer: MemberViewer, now = new Date()) {
  const [sessions, ratings, plan, running, retros] = await Promise.all([
    repo.completedWith(viewer.id),
    repo.ratingsReceived(viewer.id),
    repo.planTally(viewer.id),
    repo.runningMentorships(viewer.id),
    retrospectivesBy(viewer.id),
  ]);
  const end = monthKey(now);
  const months: MentoringMonthOfMine[] = [];
  for (let key = end - MONTHS + 1; key <= end; key++) {
    const inMonth = sessions.filter((s) => s.closedAt && monthKey(s.closedAt) === key);
    const rated = ratings.filter((r) => monthKey(r.createdAt) === key);
    months.push({
      label: monthLabel(key),
      helped: inMonth.filter((s) => s.recipientId === viewer.id).length,
      learned: inMonth.filter((s) => s.requesterId === viewer.id).length,
      rating: rated.length ? rated.reduce((sum, r) => sum + r.rating, 0) / rated.length : null,
    });
  }
  const others = await repo.namesOf([
    ...new Set(sessions.map((s) => (s.requesterId === viewer.id ? s.recipientId : s.requesterId)).filter(Boolean)),
  ] as string[]);
  const nameOf = new Map(others.map((o) => [o.id, o]));
  const written = new Set(retros.map((r) => r.requestId));
  const tally = (kind: 'goal' | 'milestone') => {
    const items = plan.filter((p) => p.kind === kind);
    return { done: items.filter((i) => i.doneAt !== null).length, total: items.length };
  };
  return {
    months,
    helped: sessions.filter((s) => s.recipientId === viewer.id).length,
    learned: sessions.filter((s) => s.requesterId === viewer.id).length,
    running: running.length,
    goals: tally('goal'),
    milestones: tally('milestone'),
    averageRating: ratings.length ? ratings.reduce((sum, r) => sum + r.rating, 0) / ratings.length : null,
    ratings: ratings.length,
    recent: sessions.slice(0, 10).map((s) => ({
      id: s.id,
      title: requestTitle(s.kind, s.skillName),
      closedAt: s.closedAt,
      role: s.recipientId === viewer.id ? ('helped' as const) : ('learned' as const),
      with: nameOf.get((s.requesterId === viewer.id ? s.recipientId : s.requesterId) ?? '') ?? null,
    })),
    retrospectives: retros.map((r) => ({ ...r, title: requestTitle(r.kind, r.skillName) })),
    toLookBack: sessions
      .filter((s) => canLookBack(s.kind, 'completed') && !written.has(s.id))
      .map((s) => ({ id: s.id, title: requestTitle(s.kind, s.skillName) })),
  };
}
