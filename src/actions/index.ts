import { accountActions } from './accounts.ts';
import { blockActions } from './blocks.ts';
import { notificationActions } from './notifications.ts';
import { requestActions } from './requests.ts';

/** Every action, grouped by feature: `actions.accounts.signIn`, … */
export const server = {
  accounts: accountActions,
  notifications: notificationActions,
  requests: requestActions,
  blocks: blockActions,
};
