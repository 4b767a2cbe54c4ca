import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { endpoints } from './endpoints.rows.ts';
import { endpointRows, startWorld, type World } from './matrix.ts';

/** The permission matrix of route files that take writes outside actions (rows in endpoints.rows.ts). */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.server.dispose();
});

describe('write endpoints, per actor', () => endpointRows(() => world, endpoints));

describe('one-click unsubscribe', () => {
  it('refuses a forged or altered link with 404 and changes nothing', async () => {
    const visitor = new HttpClient(world.server.url);
    const forged = await visitor.postForm(`/unsubscribe/${world.members.owner.id}.events.AAAAAAAAAAAAAAAAAAAAAA`, {});
    expect(forged.status).toBe(404);
  });
});
