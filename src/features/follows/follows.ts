import type { FollowItemType } from '#db/schema/follows.ts';
import type { Notice } from '#features/notifications/notifications.service.ts';
import { markdownToText } from '#server/markdown.ts';
import { formatDateTime } from '#server/time/format.ts';

/** Something new that followers of its topics (or of its author) hear about, once. */
interface ItemBase {
  id: string;
  /** Who made it: the organiser, the list's owner, the member asking. */
  authorId: string;
  authorName: string;
  /** Its topics, main one first. */
  skills: { id: number; name: string }[];
  /** Site path it leads to. */
  url: string;
  title: string;
}

export type FollowItem =
  | (ItemBase & { type: 'event'; what: string; startsAt: Date })
  | (ItemBase & { type: 'series'; what: string; rule: string; next: Date })
  | (ItemBase & { type: 'list'; description: string })
  | (ItemBase & { type: 'open_call'; want: string });

/** The notice kind for each type of item. */
export const FOLLOW_NOTICE_KINDS: Record<FollowItemType, string> = {
  event: 'follow.event',
  series: 'follow.series',
  list: 'follow.list',
  open_call: 'follow.open_call',
};

export interface Follower {
  id: string;
  timezone: string;
}

/** Why the follower hears about it: "You follow Rust." or "You follow Ada Lovelace." */
export type Reason = { topic: string } | { member: string };

function reasonText(reason: Reason): string {
  return `You follow ${'topic' in reason ? reason.topic : reason.member}.`;
}

function topicWords(item: ItemBase, reason: Reason): string {
  return 'topic' in reason ? `on ${reason.topic}` : `by ${item.authorName}`;
}

/** The inbox notice for one follower, times in their own zone. */
export function followNotice(item: FollowItem, follower: Follower, reason: Reason): Notice {
  const where = topicWords(item, reason);
  const base = { userId: follower.id, kind: FOLLOW_NOTICE_KINDS[item.type], url: item.url, actorId: item.authorId };
  const when = (at: Date) => `${formatDateTime(at, follower.timezone)} (${follower.timezone})`;
  switch (item.type) {
    case 'event':
      return {
        ...base,
        title: `New ${item.what} ${where}: ${item.title}`,
        body: `${when(item.startsAt)}. ${reasonText(reason)}`,
      };
    case 'series':
      return {
        ...base,
        title: `New ${item.what} series ${where}: ${item.title}`,
        body: `${item.rule}. Next: ${when(item.next)}. ${reasonText(reason)}`,
      };
    case 'list':
      return {
        ...base,
        title: `New reading list ${where}: ${item.title}`,
        body: [markdownToText(item.description, 200), reasonText(reason)].filter(Boolean).join(' '),
      };
    case 'open_call':
      return {
        ...base,
        title: `Open call ${where}: ${item.authorName} is looking for help`,
        body: `${markdownToText(item.want, 200)} ${reasonText(reason)}`,
      };
  }
}
