import { z } from 'zod';
import * as repo from './notice-preferences.repo.ts';

/**
 * Kinds of notice a member can turn off. Every notice is on until turned off; the
 * per-kind email settings are meant to grow from this list.
 */
export const OPTIONAL_NOTICES = {
  'event.learners_invited': {
    label: 'Events on topics I want to learn',
    hint: 'When an organiser publishes an event on a topic you marked “want to learn” and tells the learners.',
  },
} as const;
export type OptionalNotice = keyof typeof OPTIONAL_NOTICES;

export const noticePreferenceInput = z.object({
  kind: z.enum(Object.keys(OPTIONAL_NOTICES) as [OptionalNotice, ...OptionalNotice[]]),
  /** The state asked for: "on" or "off" (not a toggle, so a double submit changes nothing). */
  state: z.enum(['on', 'off']),
});

/** Whether a member gets this kind of notice. */
export async function wantsNotice(userId: string, kind: OptionalNotice): Promise<boolean> {
  return !(await repo.isOptedOut(userId, kind));
}

/** Turns a kind of notice on or off for a member. */
export async function setNoticePreference(
  userId: string,
  input: z.infer<typeof noticePreferenceInput>,
  now = new Date(),
): Promise<{ kind: OptionalNotice; on: boolean }> {
  if (input.state === 'off') await repo.optOut(userId, input.kind, now);
  else await repo.optIn(userId, input.kind);
  return { kind: input.kind, on: input.state === 'on' };
}

/** The members among `userIds` who still get this kind of notice. */
export async function membersWhoWant(userIds: string[], kind: OptionalNotice): Promise<string[]> {
  const off = await repo.optedOutAmong(userIds, kind);
  return userIds.filter((id) => !off.has(id));
}
