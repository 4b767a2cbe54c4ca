import type { Face } from '#features/members/avatar.ts';
import {
  blockedEitherWayIds,
  findMember,
  memberAvailability,
  visibleMembers,
} from '#features/members/members.service.ts';
import { isMoreSenior, SENIORITY_LABELS } from '#features/members/seniority.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import * as repo from './matches.repo.ts';
import { type ReasonKind, type SkillFacts, scoreMatch } from './matches.ts';

export interface SuggestedMatch {
  handle: string;
  displayName: string;
  face: Face;
  headline: string;
  seniority: string;
  mutual: boolean;
  /** They are less senior and teach what you want to learn: reverse mentoring. */
  reverse: boolean;
  reasons: { kind: ReasonKind; text: string; skills: { slug: string; name: string }[] }[];
  /** A ready "ask for help" link on the best skill they can teach you, if any. */
  askUrl: string | null;
}

const REASON_TEXT: Record<ReasonKind, string> = {
  'teaches-what-you-learn': 'Can teach what you want to learn',
  'learns-what-you-teach': 'Wants to learn what you teach',
  'helps-your-goal': 'Knows a skill on your career goals',
  'learning-together': 'Learning the same thing as you',
};

/**
 * People whose skills complement the viewer's, each with its reasons. Never suggests
 * the viewer, members they blocked or who blocked them, withdrawn or hidden profiles, or members
 * who are away, not taking requests or at capacity.
 */
export async function getSuggestedMatches(viewerId: string, now = new Date(), limit = 20) {
  const [me, mine] = await Promise.all([repo.skillFactsOf(viewerId), findMember(viewerId)]);
  const relevant = [...new Set([...me.teaches, ...me.learns, ...me.goals])];
  if (me.learns.size + me.teaches.size + me.goals.size === 0)
    return { needsSkills: true, matches: [] as SuggestedMatch[] };

  const [rows, blocked] = await Promise.all([
    repo.candidateSkillRows(viewerId, relevant),
    blockedEitherWayIds(viewerId),
  ]);
  const facts = new Map<string, SkillFacts>();
  for (const row of rows) {
    if (blocked.has(row.userId)) continue;
    let f = facts.get(row.userId);
    if (!f) facts.set(row.userId, (f = { teaches: new Set(), learns: new Set(), goals: new Set() }));
    if (row.canTeach) f.teaches.add(row.skillId);
    if (row.wantsToLearn) f.learns.add(row.skillId);
  }
  const scored = [...facts]
    .map(([userId, theirs]) => ({ userId, match: scoreMatch(me, theirs) }))
    .filter((s): s is { userId: string; match: NonNullable<typeof s.match> } => s.match !== null)
    .sort((a, b) => b.match.score - a.match.score || (a.userId < b.userId ? -1 : 1));

  // Availability needs a count per person: check the best few times the page size.
  const shortlist = scored.slice(0, limit * 4);
  const ids = shortlist.map((s) => s.userId);
  const byId = new Map((await visibleMembers(ids, true)).map((p) => [p.id, p]));
  const chosen = shortlist
    .filter((s) => {
      const p = byId.get(s.userId);
      return p !== undefined && memberAvailability(p, now).kind === 'open';
    })
    .slice(0, limit);

  const names = (await getCatalogue()).byId;
  const matches: SuggestedMatch[] = chosen.map(({ userId, match }) => {
    const p = byId.get(userId)!;
    const teachable = match.reasons.find((r) => r.kind === 'teaches-what-you-learn' || r.kind === 'helps-your-goal');
    const topic = teachable ? names.get(teachable.skillIds[0]!) : undefined;
    return {
      handle: p.handle,
      displayName: p.displayName,
      face: { handle: p.handle, displayName: p.displayName, avatarKey: p.avatarKey, visibility: p.visibility },
      headline: p.headline,
      seniority: SENIORITY_LABELS[p.seniority],
      mutual: match.mutual,
      reverse: teachable !== undefined && mine !== null && isMoreSenior(mine.seniority, p.seniority),
      reasons: match.reasons.map((r) => ({
        kind: r.kind,
        text: REASON_TEXT[r.kind],
        skills: r.skillIds
          .map((id) => names.get(id))
          .filter((s) => s !== undefined)
          .map((s) => ({ slug: s.slug, name: s.name })),
      })),
      askUrl: topic ? `/requests/new?to=${encodeURIComponent(p.handle)}&topic=${encodeURIComponent(topic.slug)}` : null,
    };
  });
  return { needsSkills: false, matches };
}
