import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { endorsements, memberBlocks } from '#db/schema/index.ts';
import BlockButton from '#features/blocks/BlockButton.astro';
import { findMember } from '#features/members/members.service.ts';
import AskForHelp from '#features/requests/asking/AskForHelp.astro';
import OpenCallsForTopic from '#features/requests/open-calls/OpenCallsForTopic.astro';
import Responsiveness from '#features/requests/outcomes/Responsiveness.astro';
import TrackRecord from '#features/requests/outcomes/TrackRecord.astro';
import { createMember, createRequest, type Member, skillIdByName } from '#tests/helpers/factories.ts';

/**
 * The components other pages embed (the profile, a topic hub), rendered on their own
 * with the props those pages pass: `{ profile, viewer }` and `{ skill, viewer }`.
 */
let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

const profileOf = (m: Member, teaches: { slug: string; name: string }[] = [{ slug: 'bun', name: 'Bun' }]) => ({
  userId: m.id,
  handle: m.handle,
  displayName: m.displayName,
  teaches,
});
const viewerOf = (m: Member) => ({ id: m.id, handle: m.handle });
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('AskForHelp', () => {
  it('is one "Ask <name> for help" action to the request form, where the topic is chosen', async () => {
    const jo = await createMember({ displayName: 'Jo Junior' });
    const viewer = await createMember();
    const html = await container.renderToString(AskForHelp, {
      props: {
        profile: profileOf(jo, [
          { slug: 'bun', name: 'Bun' },
          { slug: 'htmx', name: 'htmx' },
        ]),
        viewer: viewerOf(viewer),
      },
    });
    expect(html).toContain(`href="/requests/new?to=${jo.handle}"`);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(text(html)).toBe('Ask Jo for help');
  });

  it('offers the same action when the member teaches nothing, and links visitors to the same form', async () => {
    const jo = await createMember({ displayName: 'Jo Junior' });
    const html = await container.renderToString(AskForHelp, { props: { profile: profileOf(jo, []), viewer: null } });
    expect(html).toContain(`href="/requests/new?to=${jo.handle}"`);
    expect(text(html)).toContain('Ask Jo for help');
  });

  it('hides itself on the member’s own profile', async () => {
    const jo = await createMember();
    expect(
      (await container.renderToString(AskForHelp, { props: { profile: profileOf(jo), viewer: viewerOf(jo) } })).trim(),
    ).toBe('');
  });

  it('says when the member is at capacity, away or not taking requests, and offers an open call instead', async () => {
    const full = await createMember({ displayName: 'Full Helper', capacityOpenRequests: 1 });
    await createRequest({ requester: await createMember(), recipient: full });
    const away = await createMember({ displayName: 'Away Helper', unavailableUntil: '2099-01-15' });
    const closed = await createMember({ displayName: 'Closed Helper', capacityOpenRequests: 0 });
    const viewer = viewerOf(await createMember());
    const render = (m: Member) => container.renderToString(AskForHelp, { props: { profile: profileOf(m), viewer } });
    const fullHtml = await render(full);
    expect(text(fullHtml)).toContain('Full Helper is at capacity');
    expect(fullHtml).toContain('href="/requests/new?topic=bun"');
    expect(fullHtml).not.toContain('to=');
    expect(text(await render(away))).toContain('away until 15 January 2099');
    expect(text(await render(closed))).toContain('not taking requests right now');
  });

  it('answers from the member row the profile page passes, the same as when it reads the member itself', async () => {
    const full = await createMember({ displayName: 'Full Helper', capacityOpenRequests: 1 });
    await createRequest({ requester: await createMember(), recipient: full });
    const open = await createMember({ displayName: 'Open Helper' });
    const viewer = viewerOf(await createMember());
    for (const m of [full, open]) {
      const member = (await findMember(m.id))!;
      const read = await container.renderToString(AskForHelp, { props: { profile: profileOf(m), viewer } });
      const given = await container.renderToString(AskForHelp, {
        props: { profile: { ...profileOf(m), member }, viewer },
      });
      expect(given).toBe(read);
    }
    // The row given is the one used: no second read that could disagree with the rest of the page.
    const member = (await findMember(open.id))!;
    const asOfPage = { ...member, unavailableUntil: '2099-01-15' };
    const html = await container.renderToString(AskForHelp, {
      props: { profile: { ...profileOf(open), member: asOfPage }, viewer },
    });
    expect(text(html)).toContain('away until 15 January 2099');
  });

  it('tells a viewer they blocked the member, and shows a member who blocked the viewer as not taking requests', async () => {
    const a = await createMember({ displayName: 'Alex Blocker' });
    const b = await createMember({ displayName: 'Bo Blocked' });
    await getDb().insert(memberBlocks).values({ blockerId: a.id, blockedId: b.id });
    const byBlocker = await container.renderToString(AskForHelp, {
      props: { profile: profileOf(b), viewer: viewerOf(a) },
    });
    expect(text(byBlocker)).toContain('You blocked Bo, so you cannot send them requests');
    expect(byBlocker).not.toContain('/requests/new?to=');
    const byBlocked = await container.renderToString(AskForHelp, {
      props: { profile: profileOf(a), viewer: viewerOf(b) },
    });
    expect(text(byBlocked)).toContain('Alex Blocker is not taking requests right now');
    expect(text(byBlocked)).not.toContain('blocked');
  });
});

describe('TrackRecord and Responsiveness', () => {
  it('renders "taught Rust 3 times, 2 endorsements" and nothing for a member without a record', async () => {
    const mentor = await createMember({ displayName: 'Mo Mentor' });
    const learner = await createMember();
    const rust = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        createRequest({ requester: learner, recipient: mentor, skill: 'Rust', state: 'completed' }),
      ),
    );
    for (let i = 0; i < 2; i++)
      await createRequest({ requester: learner, recipient: mentor, skill: 'Go', state: 'completed' });
    const rustId = await skillIdByName('Rust');
    await getDb()
      .insert(endorsements)
      .values(
        rust
          .slice(0, 2)
          .map((requestId) => ({ requestId, endorserId: learner.id, endorseeId: mentor.id, skillId: rustId })),
      );
    const html = await container.renderToString(TrackRecord, {
      props: { profile: { userId: mentor.id, displayName: 'Mo Mentor' } },
    });
    expect(text(html)).toContain('7 completed sessions · 2 endorsements');
    expect(text(html)).toContain('Rust : taught 5 times, 2 endorsements');
    expect(text(html)).toContain('Go : taught twice');
    const nobody = await createMember();
    expect(
      (
        await container.renderToString(TrackRecord, { props: { profile: { userId: nobody.id, displayName: 'N' } } })
      ).trim(),
    ).toBe('');
  });

  it('shows responsiveness once there are a few requests to judge by', async () => {
    const helper = await createMember();
    const asker = await createMember();
    const props = { profile: { userId: helper.id, displayName: 'H' } };
    expect((await container.renderToString(Responsiveness, { props })).trim()).toBe('');
    const created = new Date(Date.now() - 10 * 86_400_000);
    for (const hours of [2, 3, 30]) {
      await createRequest({
        requester: asker,
        recipient: helper,
        state: 'completed',
        createdAt: created,
        firstAnsweredAt: new Date(created.getTime() + hours * 3_600_000),
      });
    }
    await createRequest({
      requester: asker,
      recipient: helper,
      state: 'expired',
      createdAt: created,
      firstAnsweredAt: null,
    });
    expect(text(await container.renderToString(Responsiveness, { props }))).toBe(
      'Responsiveness: usually answers within 3 hours · answered 75% of 4 requests',
    );
  });
});

describe('OpenCallsForTopic', () => {
  it('lists open calls on the topic for members, counts them for visitors, and hides blocked requesters', async () => {
    const skill = { id: await skillIdByName('Elixir'), slug: 'elixir', name: 'Elixir' };
    const viewer = await createMember();
    expect(
      (await container.renderToString(OpenCallsForTopic, { props: { skill, viewer: viewerOf(viewer) } })).trim(),
    ).toBe('');
    const asker = await createMember({ displayName: 'Ada Asker' });
    const pest = await createMember();
    const call = await createRequest({
      requester: asker,
      skill: 'Elixir',
      want: 'Anyone who knows Elixir: OTP supervision trees, 30 minutes?',
    });
    await createRequest({ requester: pest, skill: 'Elixir' });
    await getDb().insert(memberBlocks).values({ blockerId: viewer.id, blockedId: pest.id });

    const member = await container.renderToString(OpenCallsForTopic, { props: { skill, viewer: viewerOf(viewer) } });
    expect(member).toContain(`href="/requests/${call}"`);
    expect(text(member)).toContain('One person is looking for help with Elixir');
    const visitor = await container.renderToString(OpenCallsForTopic, { props: { skill, viewer: null } });
    expect(text(visitor)).toContain('2 people are looking for help with Elixir');
    expect(visitor).not.toContain(`/requests/${call}`);
    expect(visitor).toContain('href="/signin?next=%2Ftopics%2Felixir"');
  });
});

describe('BlockButton', () => {
  it('offers Block, or Unblock once blocked, posting to the blocks settings and coming back', async () => {
    const a = await createMember();
    const b = await createMember({ displayName: 'Bo Other' });
    const props = { profile: { userId: b.id, handle: b.handle, displayName: b.displayName }, viewer: viewerOf(a) };
    const before = await container.renderToString(BlockButton, { props });
    expect(before).toContain(`action="/settings/blocks?_action=blocks.block&amp;next=%2Fpeople%2F${b.handle}"`);
    expect(text(before)).toContain('Block Bo Other');
    await getDb().insert(memberBlocks).values({ blockerId: a.id, blockedId: b.id });
    expect(text(await container.renderToString(BlockButton, { props }))).toContain('Unblock Bo Other');
  });

  it('renders nothing for visitors or on your own profile', async () => {
    const a = await createMember();
    const profile = { userId: a.id, handle: a.handle, displayName: a.displayName };
    expect((await container.renderToString(BlockButton, { props: { profile, viewer: null } })).trim()).toBe('');
    expect((await container.renderToString(BlockButton, { props: { profile, viewer: viewerOf(a) } })).trim()).toBe('');
  });
});
