import { accountActions } from './accounts.actions.ts';
import { avatarActions } from './avatars.actions.ts';
import { blockActions } from './blocks.actions.ts';
import { bookableTimeActions } from './bookable-time.actions.ts';
import { calendarActions } from './calendar.actions.ts';
import { eventSeriesActions } from './event-series.actions.ts';
import { eventActions } from './events.actions.ts';
import { followActions } from './follows.actions.ts';
import { listActions } from './lists.actions.ts';
import { moderationActions } from './moderation.actions.ts';
import { notificationActions } from './notifications.actions.ts';
import { profileActions } from './profiles.actions.ts';
import { requestActions } from './requests.actions.ts';
import { sessionActions } from './sessions.actions.ts';

/** Every action, grouped by feature: `actions.accounts.signIn`, … */
export const server = {
  accounts: accountActions,
  notifications: notificationActions,
  profiles: profileActions,
  avatars: avatarActions,
  events: eventActions,
  eventSeries: eventSeriesActions,
  lists: listActions,
  calendar: calendarActions,
  requests: requestActions,
  blocks: blockActions,
  follows: followActions,
  bookableTime: bookableTimeActions,
  sessions: sessionActions,
  moderation: moderationActions,
};
