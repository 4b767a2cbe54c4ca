import { afterAll, beforeAll, describe } from 'vitest';
import { pages, rows } from './lists.rows.ts';
import { actionRows, pageRows, startWorld, type World } from './matrix.ts';

/** The permission matrix of reading lists (rows in lists.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('list actions, per actor', () => actionRows(() => world, rows));
describe('list pages, per actor', () => pageRows(() => world, pages));
