import { accountActions } from './accounts.ts';
import { notificationActions } from './notifications.ts';
import { profileActions } from './profiles.ts';

/** Every action, grouped by feature: `actions.accounts.signIn`, … */
export const server = {
  accounts: accountActions,
  notifications: notificationActions,
  profiles: profileActions,
};
