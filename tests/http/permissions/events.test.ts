import { afterAll, beforeAll, describe } from 'vitest';
import { pages, rows } from './events.rows.ts';
import { actionRows, pageRows, startWorld, type World } from './matrix.ts';

/** The permission matrix of events and event series (rows in events.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('event actions, per actor', () => actionRows(() => world, rows));
describe('event pages, per actor', () => pageRows(() => world, pages));
