import { accountActions } from './accounts.ts';
import { blockActions } from './blocks.ts';
import { calendarActions } from './calendar.ts';
import { eventActions } from './events.ts';
import { listActions } from './lists.ts';
import { notificationActions } from './notifications.ts';
import { profileActions } from './profiles.ts';
import { requestActions } from './requests.ts';

/** Every action, grouped by feature: `actions.accounts.signIn`, … */
export const server = {
  accounts: accountActions,
  notifications: notificationActions,
  profiles: profileActions,
  events: eventActions,
  lists: listActions,
  calendar: calendarActions,
  requests: requestActions,
  blocks: blockActions,
};
