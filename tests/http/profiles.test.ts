import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberSkills, profiles, skills, users } from '#db/schema/index.ts';
import { createMember } from '#tests/helpers/factories.ts';
import { HttpClient } from '#tests/helpers/http-client.ts';
import { outboxApplied } from '#tests/helpers/outbox.ts';
import { startServer, type TestServer } from '#tests/helpers/server.ts';
import { signUpAndConfirm } from '#tests/helpers/sign-up.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.dispose();
});

let n = 0;
/** A new member signed in through the real sign-up form; lands where sign-up sends newcomers. */
async function newcomer() {
  const client = new HttpClient(server.url);
  const handle = `newcomer-${++n}`;
  const response = await signUpAndConfirm(server, client, {
    displayName: `Newcomer ${n}`,
    handle,
    email: `${handle}@example.test`,
    password: 'quiet harbour lights',
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/settings/profile?welcome=1');
  const user = await server.database.db.select().from(users).where(eq(users.handle, handle)).get();
  return { client, handle, id: user!.id };
}

/** The profile form as a browser without JavaScript posts it. */
function profileForm(overrides: Record<string, string | null> = {}): Record<string, string> {
  const fields: Record<string, string | null> = {
    displayName: 'Nia Newcomer',
    headline: 'Junior SRE; Kubernetes and Bun',
    bio: 'Hi! I **love** clusters.',
    seniority: 'junior',
    location: 'Nairobi',
    timezone: 'Nairobi',
    languages: 'english, swahili',
    careerGoals: 'Run a platform team.',
    goalSkills: 'k8s',
    openToAdhoc: 'on',
    openToReverse: 'on',
    capacityOpenRequests: '3',
    capacityHoursMonth: '5',
    unavailableUntil: '',
    visibility: 'public',
    link1Label: 'GitHub',
    link1Url: 'https://github.com/example-nia',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== null));
}

describe('the profile editor without JavaScript', () => {
  it('greets newcomers, saves the profile and moves them on to their skills', async () => {
    const { client, id, handle } = await newcomer();
    const page = await client.get('/settings/profile?welcome=1');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Welcome to whoknows');
    // The zone suggestions are filled in by a small script from the browser's own list,
    // not sent as 425 options in the page; the field works typed without it.
    expect(html).toMatch(/<datalist id="timezone-options" data-zone-options><\/datalist>/);
    expect(html).not.toContain('Europe/Berlin');
    expect(html).not.toMatch(/<script[^>]+src=/);
    // Nothing is chosen for a newcomer: seniority asks, the zone is empty (the browser's guess fills it), the rest is folded.
    expect(html).toMatch(/<option value="" selected[^>]*>Choose your level<\/option>/);
    expect(html).toMatch(/<input[^>]*name="timezone"[^>]*value=""|<input(?![^>]*value=)[^>]*name="timezone"/);
    expect(html).toMatch(/<details class="fold[^"]*"[^>]*>\s*<summary[^>]*>More about you/);

    const saved = await client.postForm('/settings/profile?_action=profiles.update&welcome=1', profileForm());
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/settings/skills?welcome=1');
    const row = await server.database.db.select().from(profiles).where(eq(profiles.userId, id)).get();
    expect(row).toMatchObject({
      headline: 'Junior SRE; Kubernetes and Bun',
      timezone: 'Africa/Nairobi',
      languages: ['English', 'Swahili'],
      openToOngoing: false,
      openToReverse: true,
    });

    const profile = await (await client.get(`/people/${handle}`)).text();
    expect(profile).toContain('Nia Newcomer');
    expect(profile).toContain('<strong>love</strong>');
    expect(profile).toContain('href="https://github.com/example-nia"');
  });

  it('shows each problem beside its field, keeps what was typed, and saves nothing', async () => {
    const { client, id } = await newcomer();
    const response = await client.postForm(
      '/settings/profile?_action=profiles.update',
      profileForm({
        headline: 'x'.repeat(121),
        link2Label: 'Evil',
        link2Url: 'javascript:alert(1)',
        timezone: 'Mars/Base',
        capacityOpenRequests: '99',
      }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="field-headline-error"[^>]*>.*120 characters/s);
    expect(html).toMatch(/id="link2Url-error"[^>]*>.*http/s);
    expect(html).toMatch(/id="field-timezone-error"/);
    expect(html).toMatch(/id="field-capacityOpenRequests-error"/);
    expect(html).toContain('value="Mars/Base"'); // refilled as typed
    expect(html).toMatch(/aria-invalid="true"/);
    // One summary at the top names every problem, links to each field, takes focus; the title says Error.
    expect(html).toMatch(/<title>Error: /);
    expect(html).toMatch(/class="error-summary"[^>]*autofocus/);
    expect(html).toContain('There are 4 problems to fix');
    for (const anchor of ['#field-headline', '#link2Url', '#field-timezone', '#field-capacityOpenRequests'])
      expect(html).toContain(`href="${anchor}"`);
    const row = await server.database.db.select().from(profiles).where(eq(profiles.userId, id)).get();
    expect(row?.headline).toBe('');
  });

  it('refuses a goal skill it does not know, with a suggestion', async () => {
    const { client } = await newcomer();
    const response = await client.postForm(
      '/settings/profile?_action=profiles.update',
      profileForm({ goalSkills: 'Kubernets' }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/id="field-goalSkills-error"[^>]*>.*Did you mean .*Kubernetes/s);
  });

  it('sends visitors to sign in first', async () => {
    const response = await new HttpClient(server.url).get('/settings/skills');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin?next=%2Fsettings%2Fskills');
  });
});

describe('the skill editor without JavaScript', () => {
  it('adds by alias, updates and removes skills with plain form posts', async () => {
    const { client, id } = await newcomer();
    const added = await client.postForm('/settings/skills?_action=profiles.addSkill', {
      skill: 'k8s',
      level: '4',
      canTeach: 'on',
      years: '2',
      note: '',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/settings/skills?added=kubernetes');
    const page = await (await client.get('/settings/skills?added=kubernetes')).text();
    expect(page).toContain('Added Kubernetes.');
    expect(page).toMatch(/<astro-island[^>]+SkillEditor/);

    const kubernetes = await server.database.db.select().from(skills).where(eq(skills.slug, 'kubernetes')).get();
    const updated = await client.postForm('/settings/skills?_action=profiles.updateSkill', {
      skillId: String(kubernetes!.id),
      level: '5',
      years: '3',
      note: 'Operators',
    });
    expect(updated.headers.get('location')).toBe('/settings/skills?updated=kubernetes');
    expect(await server.database.db.select().from(memberSkills).where(eq(memberSkills.userId, id))).toEqual([
      expect.objectContaining({ level: 5, canTeach: false, years: 3, note: 'Operators' }),
    ]);

    const removed = await client.postForm('/settings/skills?_action=profiles.removeSkill', {
      skillId: String(kubernetes!.id),
      level: '5',
    });
    expect(removed.headers.get('location')).toBe('/settings/skills?removed=kubernetes');
    expect(await server.database.db.select().from(memberSkills).where(eq(memberSkills.userId, id))).toEqual([]);
  });

  it('shows a refused add beside the field, with what was typed', async () => {
    const { client } = await newcomer();
    const response = await client.postForm('/settings/skills?_action=profiles.addSkill', {
      skill: 'Rust',
      level: '4',
      years: '99',
      note: '',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="add-years-error"[^>]*>.*0 to 60/s);
    expect(html).toContain('value="Rust"');
  });

  it('cannot change another member’s skill (deny) but can change its own (allow)', async () => {
    const owner = await createMember({ skills: [{ skill: 'Rust', level: 5, canTeach: true }] }, server.database.db);
    const rust = await server.database.db.select().from(skills).where(eq(skills.slug, 'rust')).get();
    const { client } = await newcomer();
    const response = await client.postForm('/settings/skills?_action=profiles.updateSkill', {
      skillId: String(rust!.id),
      level: '1',
    });
    expect(response.status).toBe(404);
    expect(await server.database.db.select().from(memberSkills).where(eq(memberSkills.userId, owner.id))).toEqual([
      expect.objectContaining({ level: 5 }),
    ]);
  });
});

describe('public profiles', () => {
  it('answer 404 to visitors for members-only profiles, and 200 to members', async () => {
    const hidden = await createMember({ visibility: 'members', displayName: 'Quiet Quinn' }, server.database.db);
    const visitor = await new HttpClient(server.url).get(`/people/${hidden.handle}`);
    expect(visitor.status).toBe(404);
    expect(await visitor.text()).not.toContain('Quiet Quinn');
    const { client } = await newcomer();
    const member = await client.get(`/people/${hidden.handle}`);
    expect(member.status).toBe(200);
    expect(await member.text()).toContain('Quiet Quinn');
  });

  it('ship no JavaScript, show skills with level words, and relate the time zone to the visitor', async () => {
    const member = await createMember(
      {
        seniority: 'junior',
        openToReverse: true,
        timezone: 'Asia/Tokyo',
        skills: [
          { skill: 'Bun', level: 4, canTeach: true },
          { skill: 'Rust', level: 2, wantsToLearn: true },
        ],
      },
      server.database.db,
    );
    const html = await (await fetch(`${server.url}/people/${member.handle}`)).text();
    // Not a byte of script: the header's menus are popovers the browser opens and closes.
    expect(html).not.toContain('<script');
    expect(html).toContain('popovertarget="site-menu"');
    // Nor for a member, whose header also has the account menu.
    const { client } = await newcomer();
    const asMember = await (await client.get(`/people/${member.handle}`)).text();
    expect(asMember).toContain('popovertarget="account-menu"');
    expect(asMember).not.toContain('<script');
    expect(html).not.toContain('astro-island');
    expect(html).toMatch(/Teaches[\s\S]*Bun[\s\S]*proficient/);
    expect(html).toMatch(/Learning[\s\S]*Rust[\s\S]*learning/);
    expect(html).toContain('Reverse mentor');
    expect(html).toMatch(/local time[\s\S]*UTC\+9/);
  });

  it("relate the zone to the member's own zone and show their own face in the header, as they are at each request", async () => {
    // Both are read with the session (src/server/auth/sessions.ts), not kept between requests.
    const member = await createMember({ timezone: 'Asia/Tokyo' }, server.database.db);
    const { client, handle, id } = await newcomer();
    const db = server.database.db;
    const faceIn = (html: string) =>
      /<header class="site-header"[\s\S]*?<img[^>]*src="(\/avatars\/[^"]+)"/.exec(html)?.[1];

    await db.update(profiles).set({ timezone: 'Asia/Tokyo', avatarKey: null }).where(eq(profiles.userId, id));
    const before = await (await client.get(`/people/${member.handle}`)).text();
    expect(before).toContain('same time as you');
    expect(faceIn(before)).toMatch(new RegExp(`^/avatars/${handle}/[a-z0-9]+\\.svg$`));

    await db.update(profiles).set({ timezone: 'UTC', avatarKey: 'k3y' }).where(eq(profiles.userId, id));
    const after = await (await client.get(`/people/${member.handle}`)).text();
    expect(after).toContain('9 h ahead of you');
    expect(faceIn(after)).toMatch(new RegExp(`^/avatars/${handle}/[a-z0-9]+-\\d+\\.webp$`));
  });

  it('answer 404 for unknown or malformed handles', async () => {
    expect((await fetch(`${server.url}/people/nobody-at-all`)).status).toBe(404);
    expect((await fetch(`${server.url}/people/%3Cscript%3E`)).status).toBe(404);
  });
});

describe('micro-caching of public pages', () => {
  it('serves visitors a cached copy, never members, and drops it as soon as the profile changes', async () => {
    const { client, handle } = await newcomer();
    await client.postForm('/settings/profile?_action=profiles.update', profileForm({ headline: 'First headline' }));
    await outboxApplied(server); // applying the search job also refreshes cached pages
    const first = await fetch(`${server.url}/people/${handle}`);
    expect(first.headers.get('x-page-cache')).toBe('miss');
    const second = await fetch(`${server.url}/people/${handle}`);
    expect(second.headers.get('x-page-cache')).toBe('hit');
    expect(await second.text()).toContain('First headline');

    const member = await client.get(`/people/${handle}`);
    expect(member.headers.get('x-page-cache')).toBeNull();
    expect(member.headers.get('cache-control')).toBe('private, no-store');

    await client.postForm('/settings/profile?_action=profiles.update', profileForm({ headline: 'Second headline' }));
    const after = await fetch(`${server.url}/people/${handle}`);
    expect(after.headers.get('x-page-cache')).toBe('miss');
    expect(await after.text()).toContain('Second headline');

    await client.postForm('/settings/profile?_action=profiles.update', profileForm({ visibility: 'members' }));
    expect((await fetch(`${server.url}/people/${handle}`)).status).toBe(404);
  });
});
