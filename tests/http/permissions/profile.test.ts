import { afterAll, beforeAll, describe } from 'vitest';
import { rows } from './profile.rows.ts';
import { actionRows, startWorld, type World } from './matrix.ts';

/** The permission matrix of profiles, skills, avatars, blocks, follows and bookable time (rows in profile.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('profile actions, per actor', () => actionRows(() => world, rows));
