import { afterAll, beforeAll, describe } from 'vitest';
import { actionRows, pageRows, startWorld, type World } from './matrix.ts';
import { pages, rows } from './moderation.rows.ts';

/** The permission matrix of reports, moderation, appeals and roles (rows in moderation.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('moderation actions, per actor', () => actionRows(() => world, rows));
describe('moderation pages, per actor', () => pageRows(() => world, pages));
