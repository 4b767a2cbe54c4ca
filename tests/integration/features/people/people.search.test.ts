import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { memberSkills, profiles, skills, users } from '#db/schema/index.ts';
import { allPeopleDocuments, peopleSource } from '#features/people/people.search.ts';
import { searchPeople } from '#features/people/people.service.ts';
import { addSkill } from '#features/profiles/member-skills.service.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import { drainOutbox, rebuildIndex } from '#server/search/index.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';

let kai: Member; // junior, teaches Kubernetes at 4, reverse mentor, Berlin
let lin: Member; // senior, Kubernetes 5, teaches, members-only, Tokyo
let mo: Member; // mid, learning Kubernetes (2), Spanish speaker, New York
let pat: Member; // senior, Go only
let viewer: Member;

const search = (qs: string, who: Member | null = null) => searchPeople(new URLSearchParams(qs), who);
const handles = (r: Awaited<ReturnType<typeof search>>) => r.results.map((p) => p.handle);

beforeAll(async () => {
  kai = await createMember({
    handle: 'kai-junior',
    displayName: 'Kai Junior',
    seniority: 'junior',
    timezone: 'Europe/Berlin',
    openToReverse: true,
    headline: 'Kubernetes operator fan',
    skills: [
      { skill: 'Kubernetes', level: 4, canTeach: true },
      { skill: 'Bun', level: 3, canTeach: true },
    ],
  });
  lin = await createMember({
    handle: 'lin-senior',
    displayName: 'Lin Senior',
    seniority: 'senior',
    timezone: 'Asia/Tokyo',
    visibility: 'members',
    skills: [{ skill: 'Kubernetes', level: 5, canTeach: true }],
  });
  mo = await createMember({
    handle: 'mo-mid',
    displayName: 'Mo Mid',
    seniority: 'mid',
    timezone: 'America/New_York',
    languages: ['Spanish', 'English'],
    skills: [{ skill: 'Kubernetes', level: 2, wantsToLearn: true }],
  });
  pat = await createMember({
    handle: 'pat-go',
    displayName: 'Pat Go',
    seniority: 'senior',
    skills: [{ skill: 'Go', level: 5, canTeach: true }],
  });
  viewer = await createMember({ timezone: 'Europe/London' });
  await rebuildIndex('people');
});

describe('the people index source', () => {
  it('rebuilds in pages exactly what loading every member by id gives, without withdrawn or hidden ones', async () => {
    const hidden = await createMember({ skills: [{ skill: 'Rust', level: 3, canTeach: true }] });
    await getDb().update(profiles).set({ hiddenAt: new Date() }).where(eq(profiles.userId, hidden.id));
    const suspended = await createMember({ skills: [{ skill: 'Go', level: 1, wantsToLearn: true }] });
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
    const allIds = (await getDb().select({ id: users.id }).from(users)).map((u) => u.id);
    const byId = (docs: { id: string }[]) => [...docs].sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = byId(await peopleSource.load(allIds));
    // Pages of two: keyset boundaries fall between, before and after the left-out members.
    for (const page of [2, 3, 1000]) {
      const pages: { id: string }[][] = [];
      for await (const docs of allPeopleDocuments(page)) pages.push(docs);
      const rebuilt = pages.flat();
      expect(rebuilt.map((d) => d.id)).toEqual(expected.map((d) => d.id));
      expect(rebuilt).toEqual(expected);
      expect(pages.every((docs) => docs.length <= page)).toBe(true);
    }
    expect(expected.map((d) => d.id)).not.toContain(hidden.id);
    expect(expected.map((d) => d.id)).not.toContain(suspended.id);
    expect(expected.find((d) => d.id === kai.id)).toMatchObject({
      skillLevels: expect.arrayContaining(['kubernetes:4', 'bun:3']),
      teaches: expect.arrayContaining(['kubernetes', 'bun']),
    });
    expect(expected.find((d) => d.id === mo.id)).toMatchObject({ learns: ['kubernetes'] });
    await getDb().update(profiles).set({ hiddenAt: null }).where(eq(profiles.userId, hidden.id));
    await getDb().update(users).set({ suspendedAt: null }).where(eq(users.id, suspended.id));
    await getDb().delete(users).where(eq(users.id, hidden.id));
    await getDb().delete(users).where(eq(users.id, suspended.id));
  });

  it('loads public fields for indexable members and leaves out suspended ones', async () => {
    const suspended = await createMember({ skills: [{ skill: 'Rust', level: 3 }] });
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
    const docs = await peopleSource.load([kai.id, lin.id, suspended.id, 'no-such-id']);
    expect(docs.map((d) => d.id).sort()).toEqual([kai.id, lin.id].sort());
    const kaiDoc = docs.find((d) => d.id === kai.id)!;
    expect(kaiDoc).toMatchObject({
      skillLevels: expect.arrayContaining(['kubernetes:4', 'bun:3']),
      teaches: expect.arrayContaining(['kubernetes', 'bun']),
      skillAliases: expect.arrayContaining(['k8s']),
    });
    expect(docs.find((d) => d.id === lin.id)?.visibility).toBe('members');
  });

  it('names a skill made after this process read its catalogue (as by another process) from the database', async () => {
    await getCatalogue();
    const [made] = await getDb()
      .insert(skills)
      .values({ slug: 'zig-comptime', name: 'Zig comptime', normalizedName: 'zig comptime', category: 'languages' })
      .returning({ id: skills.id });
    await getDb().insert(memberSkills).values({ userId: pat.id, skillId: made!.id, level: 3, canTeach: true });
    const [doc] = await peopleSource.load([pat.id]);
    expect(doc).toMatchObject({
      skills: expect.arrayContaining(['Go', 'Zig comptime']),
      teaches: expect.arrayContaining(['go', 'zig-comptime']),
    });
    await getDb().delete(memberSkills).where(eq(memberSkills.skillId, made!.id));
  });

  it('ranks a member with a bio above the same member without, never indexing its text', async () => {
    const [before] = await peopleSource.load([mo.id]);
    await getDb().update(profiles).set({ bio: 'Secret-ish words' }).where(eq(profiles.userId, mo.id));
    const [after] = await peopleSource.load([mo.id]);
    expect(Number(after!.rank)).toBe(Number(before!.rank) + 4);
    expect(JSON.stringify(after)).not.toContain('Secret-ish');
    await getDb().update(profiles).set({ bio: '' }).where(eq(profiles.userId, mo.id));
  });

  it('lists every member who is not suspended, in batches', async () => {
    const ids: string[] = [];
    for await (const batch of peopleSource.allIds()) ids.push(...batch);
    expect(ids).toEqual(expect.arrayContaining([kai.id, lin.id, mo.id, pat.id]));
  });
});

describe('searching people', () => {
  it('finds people by a misspelled skill, best match first, with why they matched', async () => {
    const result = await search('q=kubernets', viewer);
    expect(handles(result)).toEqual(['lin-senior', 'kai-junior', 'mo-mid']);
    expect(result.facets.focus).toEqual({ slug: 'kubernetes', name: 'Kubernetes' });
    const kaiResult = result.results.find((r) => r.handle === 'kai-junior')!;
    expect(kaiResult.matched[0]).toMatchObject({
      name: 'Kubernetes',
      level: 4,
      levelWord: 'proficient',
      canTeach: true,
    });
    expect(kaiResult.reverse).toBe(true);
    expect(kaiResult.headline.some((s) => s.hit && s.text === 'Kubernetes')).toBe(true);
    expect(kaiResult.zone).toBe('1 h ahead of you');
    expect(result.results.find((r) => r.handle === 'lin-senior')?.reverse).toBe(false);
  });

  it('never shows members-only profiles to visitors (deny), but does to members (allow)', async () => {
    const anonymous = await search('q=kubernetes');
    expect(handles(anonymous)).not.toContain('lin-senior');
    expect(anonymous.total).toBe(2);
    // Even asking for them by every means in the URL.
    expect(handles(await search('q=lin+senior&visibility=members'))).toEqual([]);
    expect(handles(await search('q=lin', viewer))).toEqual(['lin-senior']);
  });

  it('understands aliases and prefixes', async () => {
    expect(handles(await search('q=k8s'))).toEqual(['kai-junior', 'mo-mid']);
    expect(handles(await search('q=kube'))).toEqual(expect.arrayContaining(['kai-junior', 'mo-mid']));
  });

  it('filters "level 4 or better, can teach it" on the skill the query names', async () => {
    expect(handles(await search('q=kubernets&level=4&teach=1', viewer))).toEqual(['lin-senior', 'kai-junior']);
    expect(handles(await search('q=kubernetes&learn=1'))).toEqual(['mo-mid']);
    expect(handles(await search('skill=kubernetes&seniority=junior&seniority=mid'))).toEqual(['kai-junior', 'mo-mid']);
    expect(handles(await search('skill=kubernetes&tz=americas-east'))).toEqual(['mo-mid']);
    expect(handles(await search('skill=kubernetes&lang=spanish'))).toEqual(['mo-mid']);
    expect(handles(await search('open=reverse&teach=1'))).toEqual(['kai-junior']);
  });

  it('counts facets over all matches, other choices counted without their own selection', async () => {
    const result = await search('skill=kubernetes&seniority=junior', viewer);
    expect(result.total).toBe(1);
    const seniority = Object.fromEntries(result.facets.seniority.map((o) => [o.value, o.count]));
    expect(seniority).toEqual({ junior: 1, mid: 1, senior: 1 });
    const skills = Object.fromEntries(result.facets.skill.map((o) => [o.value, o.count]));
    expect(skills).toMatchObject({ kubernetes: 1, bun: 1 });
    expect(result.facets.teach).toMatchObject({ label: 'Can teach Kubernetes', count: 1 });
    const levels = Object.fromEntries(result.facets.level.map((o) => [o.value, o.count]));
    expect(levels).toEqual({ '5': 0, '4': 1, '3': 1, '2': 1 });
  });

  it('ignores unknown facet values and keeps pages in range', async () => {
    const result = await search('q=kubernetes&skill=no-such-skill&open=telepathy&tz=moon&lang=klingon&page=99');
    expect(result.query).toMatchObject({ skill: null, open: [], tz: [], lang: [], page: 50 });
    expect(result.notices.join(' ')).toMatch(/page 50/);
    expect(result.total).toBe(2);
    expect(result.results).toEqual([]);
  });

  it('suggests the closest skills and an open question when nothing matches', async () => {
    const result = await search('q=kubrnetesxxx');
    expect(result.total).toBe(0);
    expect(result.suggestions.map((s) => s.name)).toContain('Kubernetes');
    expect(result.askUrl).toBe('/requests/new?topic=kubernetes');
  });

  it('sees a change once the outbox is applied', async () => {
    expect(handles(await search('q=htmx'))).toEqual([]);
    await addSkill(pat.id, { skill: 'htmx', level: 4, canTeach: true, wantsToLearn: false, years: null, note: null });
    await drainOutbox();
    expect(handles(await search('q=htmx'))).toEqual(['pat-go']);
    await getDb().update(profiles).set({ visibility: 'members' }).where(eq(profiles.userId, pat.id));
    // Even before the index catches up, the database decides what a visitor may see.
    expect(handles(await search('q=htmx'))).toEqual([]);
  });
});
