export * from './accounts.ts';
export * from './skills.ts';
export * from './profiles.ts';
export * from './search.ts';
export * from './notifications.ts';
export * from './calendar.ts';
export * from './lists.ts';
export * from './events.ts';
