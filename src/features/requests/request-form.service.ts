import { AppError } from '#server/errors.ts';
import * as repo from './lookups.repo.ts';
import { type Actor, type AskState, getAskState } from './requests.service.ts';
import { isMoreSenior } from './requests.ts';

/**
 * What /requests/new needs: the requester's zone, the member asked (for a direct
 * request) and whether they can be asked now, the topic from the link, and topic
 * suggestions (the member's teachable skills, or the whole catalogue for an open call).
 */
export async function getNewRequestForm(
  actor: Actor,
  query: { to?: string | undefined; topic?: string | undefined },
  now = new Date(),
) {
  const me = await repo.findMemberFacts(actor.id);
  if (!me) throw new AppError('UNAUTHORIZED', 'Please sign in again.');
  const recipient = query.to ? await repo.findMemberFactsByHandle(query.to) : undefined;
  if (query.to && (!recipient || recipient.suspendedAt))
    throw new AppError('NOT_FOUND', 'There is no member with that handle.');
  const [topic, teaches, askState] = await Promise.all([
    query.topic ? repo.findSkillByTopic(query.topic) : undefined,
    recipient ? repo.teachableSkills(recipient.id) : [],
    recipient ? getAskState(me.id, recipient.id, now) : ({ kind: 'open' } as AskState),
  ]);
  const suggestions = recipient && teaches.length > 0 ? teaches.map((s) => s.name) : await repo.allSkillNames();
  return {
    me,
    recipient: recipient ?? null,
    askState,
    topic: topic ?? null,
    teaches,
    suggestions,
    /** Sending this would be labelled reverse mentoring, whatever kind is picked. */
    autoReverse: recipient ? isMoreSenior(me.seniority, recipient.seniority) : false,
  };
}
