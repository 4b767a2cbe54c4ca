import { afterAll, beforeAll, describe } from 'vitest';
import { pages, rows } from './account.rows.ts';
import { actionRows, pageRows, startWorld, type World } from './matrix.ts';

/** The permission matrix of accounts, sessions, notices and calendar feeds (rows in account.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('account actions, per actor', () => actionRows(() => world, rows));
describe('private account pages, per actor', () => pageRows(() => world, pages));
