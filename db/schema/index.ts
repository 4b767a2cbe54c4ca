export * from './accounts.ts';
export * from './skills.ts';
export * from './profiles.ts';
export * from './search.ts';
export * from './notifications.ts';
export * from './calendar.ts';
export * from './requests.ts';
export * from './blocks.ts';
