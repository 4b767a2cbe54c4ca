import { eventStillOn } from '#features/events/event-views.service.ts';
import { seriesStillOn } from '#features/events/series/series-views.service.ts';
import { findReadingList } from '#features/lists/lists.service.ts';
import type { NotificationRow } from '#features/notifications/notifications.service.ts';
import { openCallStillOpen } from '#features/requests/open-calls/open-calls.service.ts';

/*
 * Whether a queued follow notice should still go out in a digest: between the notice
 * and the digest (up to a week) an event may be cancelled or hidden, a list deleted,
 * an open call taken. The notices point at their item by address, and only this
 * composition root knows every feature that makes one.
 */

const EVENT = /^\/events\/([a-z0-9-]+)$/;
const SERIES = /^\/events\/series\/([a-z0-9-]+)$/;
const LIST = /^\/lists\/([a-z0-9-]+)$/;
const REQUEST = /^\/requests\/([a-z2-9]+)$/;

/** Checks one follow notice against the feature that made its item; other notices always go. */
export async function followNoticeStillShown(notice: NotificationRow): Promise<boolean> {
  const viewer = { id: notice.userId, handle: '', role: 'member' as const };
  const event = EVENT.exec(notice.url)?.[1];
  if (event) return eventStillOn(event, viewer);
  const series = SERIES.exec(notice.url)?.[1];
  if (series) return seriesStillOn(series);
  const list = LIST.exec(notice.url)?.[1];
  if (list) return (await findReadingList({ slug: list }, viewer)) !== null;
  const request = REQUEST.exec(notice.url)?.[1];
  if (request) return openCallStillOpen(request, viewer);
  return true;
}
