import { describe, expect, it } from 'vitest';
import { EMPTY_QUERY, searchParamsOf } from '#features/people/people.ts';
import { buildFilters, parsePeopleQuery, selectedGroups } from '#features/people/people-query.ts';

const parse = (qs: string) => parsePeopleQuery(new URLSearchParams(qs));

describe('reading a people search from the URL', () => {
  it('cuts a query over 200 characters and says so', () => {
    const { query, notices } = parse(`q=${'k'.repeat(250)}`);
    expect(query.q).toHaveLength(200);
    expect(notices[0]).toMatch(/longer than 200 characters/);
    expect(parse(`q=${'k'.repeat(200)}`).notices).toEqual([]);
  });

  it('ignores unknown facet values and keeps known ones', () => {
    const { query } = parse(
      'open=adhoc&open=telepathy&seniority=junior,wizard&tz=europe-africa&tz=moon&level=9&skill=%3Cscript%3E',
    );
    expect(query.open).toEqual(['adhoc']);
    expect(query.seniority).toEqual(['junior']);
    expect(query.tz).toEqual(['europe-africa']);
    expect(query.level).toBeNull();
    expect(query.skill).toBeNull();
  });

  it('keeps page and page size in bounds', () => {
    expect(parse('page=0').query.page).toBe(1);
    expect(parse('page=-3').query.page).toBe(1);
    expect(parse('page=abc').query.page).toBe(1);
    const far = parse('page=500');
    expect(far.query.page).toBe(50);
    expect(far.notices[0]).toMatch(/page 50/);
    expect(parse('perPage=1000').query.perPage).toBe(50);
    expect(parse('hitsPerPage=1').query.perPage).toBe(5);
    expect(parse('perPage=x').query.perPage).toBe(20);
  });

  it('reads switches and languages', () => {
    const { query } = parse('teach=1&learn=on&available=true&lang=English&lang=english&lang=<b>');
    expect(query).toMatchObject({ teach: true, learn: true, available: true, lang: ['english'] });
  });

  it('round-trips through the canonical query string', () => {
    const { query } = parse(
      'q=rust&skill=rust&level=4&teach=1&open=reverse&seniority=junior&tz=europe-africa&lang=English&page=2',
    );
    expect(parsePeopleQuery(searchParamsOf(query)).query).toEqual(query);
    expect(searchParamsOf(EMPTY_QUERY).toString()).toBe('');
  });
});

describe('engine filters', () => {
  it('always limits visitors to public profiles, whatever the URL says', () => {
    expect(buildFilters(EMPTY_QUERY, null, false)).toEqual({ visibility: 'public' });
    expect(buildFilters(EMPTY_QUERY, null, true)).toEqual({});
  });

  it('means "level ≥ 4 in the skill in focus, and can teach it" as one flat filter', () => {
    const query = { ...EMPTY_QUERY, level: 4, teach: true };
    expect(buildFilters(query, 'kubernetes', true)).toEqual({ teachLevels: ['kubernetes:4', 'kubernetes:5'] });
    expect(buildFilters({ ...query, teach: false }, 'kubernetes', true)).toEqual({
      skillLevels: ['kubernetes:4', 'kubernetes:5'],
    });
    expect(buildFilters({ ...query, learn: true, teach: false }, 'rust', true)).toEqual({
      skillLevels: ['rust:4', 'rust:5'],
      learns: 'rust',
    });
  });

  it('falls back to "any skill" without a skill in focus', () => {
    const query = { ...EMPTY_QUERY, level: 3, teach: true, learn: true };
    expect(buildFilters(query, null, true)).toEqual({ maxLevel: [3, 4, 5], teachesAny: true, learnsAny: true });
  });

  it('ANDs switches, ORs values within a facet, and can leave one facet out for its counts', () => {
    const query = {
      ...EMPTY_QUERY,
      skill: 'go',
      open: ['adhoc' as const, 'reverse' as const],
      seniority: ['junior' as const, 'mid' as const],
      available: true,
    };
    const filters = buildFilters(query, 'go', true);
    expect(filters).toEqual({
      skillSlugs: 'go',
      openAdhoc: true,
      openReverse: true,
      available: true,
      seniority: ['junior', 'mid'],
    });
    expect(buildFilters(query, 'go', true, 'seniority')).not.toHaveProperty('seniority');
    expect(buildFilters(query, 'go', true, 'skill')).not.toHaveProperty('skillSlugs');
    expect(selectedGroups(query)).toEqual(['skill', 'seniority']);
  });
});
