import { afterAll, beforeAll, describe } from 'vitest';
import { actionRows, pageRows, startWorld, type World } from './matrix.ts';
import { pages, rows } from './requests.rows.ts';

/** The permission matrix of requests, plans and sessions (rows in requests.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('request actions, per actor', () => actionRows(() => world, rows));
describe('request pages, per actor', () => pageRows(() => world, pages));
