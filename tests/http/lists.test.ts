import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingListItems, readingListSaves, readingLists } from '#db/schema/index.ts';
import { createList, createMember, type Member } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

const db = () => server.database.db;

async function signedIn(who: Member): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  expect(
    (await client.postForm('/signin?_action=accounts.signIn', { email: who.email, password: who.password })).status,
  ).toBe(303);
  return client;
}

const items = (listId: string) =>
  db().select().from(readingListItems).where(eq(readingListItems.listId, listId)).orderBy(readingListItems.position);

describe('editing a reading list over HTTP', () => {
  it('creates a list, adds items, and refuses the 13th beside the add form without saving it', async () => {
    const owner = await createMember({}, db());
    const client = await signedIn(owner);
    const created = await client.postForm('/lists/new?_action=lists.create', {
      title: 'Twelve is plenty',
      topics: 'Go',
      description: '',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/lists/twelve-is-plenty/edit?created=1');
    const list = await db().select().from(readingLists).where(eq(readingLists.slug, 'twelve-is-plenty')).get();

    for (let i = 1; i <= 12; i++) {
      const added = await client.postForm(`/lists/twelve-is-plenty/edit?_action=lists.addItem`, {
        listId: list!.id,
        url: `https://go.dev/doc/${i}`,
        title: `Go doc ${i}`,
        kind: 'article',
        why: 'Straight from the source.',
        minutes: '10',
      });
      expect(added.status).toBe(303);
    }
    const thirteenth = await client.postForm(`/lists/twelve-is-plenty/edit?_action=lists.addItem`, {
      listId: list!.id,
      url: 'https://go.dev/doc/13',
      title: 'One too many',
      kind: 'article',
      why: 'Nope.',
      minutes: '10',
    });
    expect(thirteenth.status).toBe(400);
    expect(await thirteenth.text()).toMatch(/id="add-item-error"[^>]*>[\s\S]*?at most 12 items/);
    expect(await items(list!.id)).toHaveLength(12);
  });

  it('refuses a non-http link and an over-long line beside their fields', async () => {
    const owner = await createMember({}, db());
    const list = await createList({ owner, items: 1 }, db());
    const client = await signedIn(owner);
    const response = await client.postForm(`/lists/${list.slug}/edit?_action=lists.addItem`, {
      listId: list.id,
      url: 'javascript:alert(document.cookie)',
      title: 'Bad',
      kind: 'article',
      why: 'x'.repeat(200),
      minutes: '10',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="add-url-error"[^>]*>[\s\S]*?http:\/\/ or https:\/\//);
    expect(html).toMatch(/id="add-why-error"[^>]*>[\s\S]*?at most 160/);
    expect(await items(list.id)).toHaveLength(1);
  });

  it('reorders with the no-JavaScript buttons and with the island’s JSON action; others are refused', async () => {
    const owner = await createMember({}, db());
    const list = await createList({ owner, items: 3 }, db());
    const [a, b, c] = list.itemIds as [string, string, string];
    const client = await signedIn(owner);

    const moved = await client.postForm(`/lists/${list.slug}/edit?_action=lists.moveItem`, {
      listId: list.id,
      itemId: c,
      direction: 'up',
    });
    expect(moved.status).toBe(303);
    expect((await items(list.id)).map((i) => i.id)).toEqual([a, c, b]);

    const rpc = await client.postJson('/_actions/lists.reorderItems', { listId: list.id, itemIds: [b, a, c] });
    expect(rpc.status).toBe(200);
    expect((await items(list.id)).map((i) => i.id)).toEqual([b, a, c]);

    const intruder = await signedIn(await createMember({}, db()));
    const denied = await intruder.postJson('/_actions/lists.reorderItems', { listId: list.id, itemIds: [c, b, a] });
    expect(denied.status).toBe(404);
    const deniedForm = await intruder.postForm(`/lists/${list.slug}/edit?_action=lists.moveItem`, {
      listId: list.id,
      itemId: a,
      direction: 'down',
    });
    expect(deniedForm.status).toBe(404);
    expect((await intruder.get(`/lists/${list.slug}/edit`)).status).toBe(404);
    const visitor = await new HttpClient(server.url).postJson('/_actions/lists.reorderItems', {
      listId: list.id,
      itemIds: [c, b, a],
    });
    expect(visitor.status).toBe(401);
    expect((await items(list.id)).map((i) => i.id)).toEqual([b, a, c]);
  });

  it('lets another member save and copy a list; visitors see it but are asked to sign in to save', async () => {
    const owner = await createMember({}, db());
    const list = await createList({ owner, title: 'Worth saving', items: 2 }, db());
    const visitorPage = await new HttpClient(server.url).get(`/lists/${list.slug}`);
    expect(visitorPage.status).toBe(200);
    expect(await visitorPage.text()).toContain('Sign in to save it');

    const reader = await createMember({}, db());
    const client = await signedIn(reader);
    const saved = await client.postForm(`/lists/${list.slug}?_action=lists.save`, { listId: list.id });
    expect(saved.status).toBe(303);
    const saves = await db()
      .select({ n: count() })
      .from(readingListSaves)
      .where(eq(readingListSaves.userId, reader.id))
      .get();
    expect(saves?.n).toBe(1);

    const copied = await client.postForm(`/lists/${list.slug}?_action=lists.copy`, { listId: list.id });
    expect(copied.status).toBe(303);
    expect(copied.headers.get('location')).toBe('/lists/worth-saving/edit?copied=1');
    const copy = await db().select().from(readingLists).where(eq(readingLists.slug, 'worth-saving')).get();
    expect(copy?.ownerId).toBe(reader.id);
    expect(copy?.copiedFromId).toBe(list.id);
    expect(await items(copy!.id)).toHaveLength(2);
  });
});
