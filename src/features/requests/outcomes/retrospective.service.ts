import { getDb } from '#db/client.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { AppError } from '#server/errors.ts';
import * as repo from './retrospective.repo.ts';
import { canLookBack, type RetrospectiveInput } from './retrospective.ts';

/**
 * One side's retrospective of a finished ongoing or reverse mentorship: did it meet its
 * goals, what they learned, would they do it again. Once per side (the primary key makes
 * a double post, even a parallel one, record one); private to its author.
 */
export async function writeRetrospective(
  actor: MemberViewer,
  input: RetrospectiveInput,
  now = new Date(),
): Promise<void> {
  const { detail, role } = await loadForViewer(input.id, actor);
  if (role !== 'requester' && role !== 'recipient')
    throw new AppError('FORBIDDEN', 'Only the two people in a mentorship can look back on it.');
  if (!canLookBack(detail.request.kind, detail.request.state))
    throw new AppError('CONFLICT', 'A retrospective is for ongoing and reverse mentorships, once they are completed.');
  const added = await getDb().transaction((tx) =>
    repo.insertRetrospective(
      {
        requestId: detail.request.id,
        authorId: actor.id,
        goalsMet: input.goalsMet,
        learned: input.learned ?? '',
        wouldRepeat: input.wouldRepeat,
        createdAt: now,
      },
      tx,
    ),
  );
  if (!added) throw new AppError('CONFLICT', 'You already wrote your retrospective of this mentorship.');
}

/** The viewer's own retrospective of a request, if they wrote one. */
export async function myRetrospective(requestId: string, authorId: string) {
  return (await repo.findRetrospective(requestId, authorId)) ?? null;
}

/** A member's own retrospectives, newest first, with the mentorship they are about. */
export function retrospectivesBy(authorId: string) {
  return repo.retrospectivesBy(authorId);
}
