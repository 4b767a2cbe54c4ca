import { afterAll, beforeAll, describe } from 'vitest';
import { actionRows, startWorld, type World } from './matrix.ts';
import { rows } from './profile.rows.ts';

/** The permission matrix of profiles, skills, avatars, blocks, follows and bookable time (rows in profile.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('profile actions, per actor', () => actionRows(() => world, rows));
