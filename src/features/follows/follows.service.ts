import { z } from 'zod';
import type { DbOrTx } from '#db/client.ts';
import type { FollowItemType } from '#db/schema/follows.ts';
import { blockedEitherWayIds, findMember, findMemberByHandle, findMembers } from '#features/members/members.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { canSeeMember, type PersonRef, personRef } from '#features/members/visibility.ts';
import type { Notice } from '#features/notifications/notifications.service.ts';
import { findSkillByTopic } from '#features/skills/skills.service.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import * as repo from './follows.repo.ts';
import { type FollowItem, followNotice, type Reason } from './follows.ts';

export type { FollowItem } from './follows.ts';

export const topicRefInput = z.object({
  topic: z.string({ error: 'Type a topic, like Rust.' }).trim().min(1, 'Type a topic, like Rust.').max(80),
});
export const memberRefInput = z.object({
  handle: z
    .string({ error: 'Type their handle.' })
    .trim()
    .toLowerCase()
    .max(31, 'Handles are at most 30 characters.')
    .transform((h) => h.replace(/^@/, ''))
    .refine((h) => h.length > 0, 'Type their handle.'),
});

/** The topic a slug, name or alias names ("k8s" → Kubernetes); unknown topics are refused beside the field. */
async function skillOrNotFound(topic: string) {
  const skill = await findSkillByTopic(topic);
  if (!skill) throw invalid({ topic: `We do not know “${topic}” as a topic. Try its name, like Rust or Kubernetes.` });
  return skill;
}

/** Follows a topic; following it again changes nothing. */
export async function followTopic(actor: MemberViewer, input: { topic: string }, now = new Date()) {
  const skill = await skillOrNotFound(input.topic);
  await repo.followTopic(actor.id, skill.id, now);
  return { name: skill.name, slug: skill.slug };
}

export async function unfollowTopic(actor: MemberViewer, input: { topic: string }) {
  const skill = await skillOrNotFound(input.topic);
  await repo.unfollowTopic(actor.id, skill.id);
  return { name: skill.name, slug: skill.slug };
}

/** A member the actor may see and follow (not themselves); anyone else is "not found". */
async function followable(actor: MemberViewer, handle: string) {
  const member = await findMemberByHandle(handle.replace(/^@/, '').toLowerCase());
  if (!member || !canSeeMember(actor, member)) throw notFound('There is no member with that handle.');
  return member;
}

/** Follows a member: their new events and reading lists reach the actor. */
export async function followMember(actor: MemberViewer, input: { handle: string }, now = new Date()) {
  const member = await followable(actor, input.handle);
  if (member.id === actor.id) throw new AppError('BAD_REQUEST', 'You cannot follow yourself.');
  await repo.followMember(actor.id, member.id, now);
  return { name: member.displayName, handle: member.handle };
}

/** Stops following a member, also one the actor can no longer see. */
export async function unfollowMember(actor: MemberViewer, input: { handle: string }) {
  const member = await findMemberByHandle(input.handle);
  if (member) await repo.unfollowMember(actor.id, member.id);
  return { name: member && canSeeMember(actor, member) ? member.displayName : 'that member', handle: input.handle };
}

/** /settings/following: the topics and members the actor follows (members they may no longer see stay nameless). */
export async function followingOf(actor: MemberViewer) {
  const [topics, members] = await Promise.all([repo.topicsFollowedBy(actor.id), repo.membersFollowedBy(actor.id)]);
  return {
    topics,
    members: members.map((m) => ({
      handle: m.handle,
      since: m.since,
      ref: canSeeMember(actor, m)
        ? personRef(m, actor)
        : ({ name: 'A member you can no longer see', href: null } as PersonRef),
    })),
  };
}

/** For a topic page: how many follow it, and whether the viewer does (visitors see neither). */
export async function topicFollowInfo(
  viewer: Viewer,
  skillId: number,
): Promise<{ following: boolean; followers: number } | null> {
  if (!viewer) return null;
  const [following, followers] = await Promise.all([
    repo.followsTopic(viewer.id, skillId),
    repo.topicFollowerCount(skillId),
  ]);
  return { following, followers };
}

/** Which of these topics the viewer follows (profile skills, the skill editor). */
export async function followedTopics(viewer: Viewer, skillIds: number[]): Promise<Set<number>> {
  return viewer ? repo.followedAmong(viewer.id, skillIds) : new Set();
}

/** Whether the viewer follows this member (null: they cannot follow: a visitor, or themselves). */
export async function memberFollowInfo(viewer: Viewer, memberId: string): Promise<{ following: boolean } | null> {
  if (!viewer || viewer.id === memberId) return null;
  return { following: await repo.followsMember(viewer.id, memberId) };
}

/** How many followers an announced item reached (organisers see the number, never who). */
export async function announcementReach(type: FollowItemType, id: string): Promise<number | null> {
  return (await repo.findAnnouncement(type, id))?.reached ?? null;
}

/**
 * The notices that tell followers about a new item, once per item (a second call, or a
 * parallel one, returns none): followers of its topics and of its author, each once,
 * never the author, never someone blocked either way with the author, and only while
 * the follower may see the author (the member rules decide: suspended or hidden
 * authors reach nobody). Run inside the transaction that makes the item public and
 * pass the result to `notify`; `exclude` names members told another way already.
 */
export async function announceToFollowers(
  tx: DbOrTx,
  item: FollowItem,
  now: Date,
  options: { exclude?: string[] } = {},
): Promise<Notice[]> {
  if (!(await repo.claimAnnouncement(item.type, item.id, now, tx))) return [];
  const [byTopic, byAuthor, blocked, author] = await Promise.all([
    repo.topicFollowers(item.skills.map((s) => s.id)),
    item.type === 'open_call' ? Promise.resolve([]) : repo.memberFollowers(item.authorId),
    blockedEitherWayIds(item.authorId),
    findMember(item.authorId),
  ]);
  const skip = new Set([item.authorId, ...blocked, ...(options.exclude ?? [])]);
  const reasons = new Map<string, Reason>();
  for (const id of byAuthor) if (!skip.has(id)) reasons.set(id, { member: item.authorName });
  for (const [id, skillId] of byTopic) {
    if (skip.has(id) || reasons.has(id)) continue;
    reasons.set(id, { topic: item.skills.find((s) => s.id === skillId)?.name ?? item.skills[0]!.name });
  }
  const notices: Notice[] = [];
  const ids = author ? [...reasons.keys()] : [];
  for (let i = 0; i < ids.length; i += 500) {
    for (const follower of await findMembers(ids.slice(i, i + 500))) {
      const asViewer: MemberViewer = { id: follower.id, handle: follower.handle, role: 'member' };
      if (follower.suspendedAt || !canSeeMember(asViewer, author!)) continue;
      notices.push(followNotice(item, follower, reasons.get(follower.id)!));
    }
  }
  await repo.setReached(item.type, item.id, notices.length, tx);
  return notices;
}
