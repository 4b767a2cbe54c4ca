import { describe, expect, it } from 'vitest';
import { buildPersonDocument, type PersonFacts, personRank, timeZoneBand } from '#features/people/people-doc.ts';
import { levelCounts } from '#features/people/people-facets.ts';

function facts(overrides: Partial<PersonFacts['profile']> = {}, skills: PersonFacts['skills'] = []): PersonFacts {
  return {
    id: 'u1',
    handle: 'ada',
    displayName: 'Ada Lovelace',
    profile: {
      headline: 'Engines',
      hasBio: true,
      seniority: 'junior',
      location: 'London',
      timezone: 'Europe/London',
      languages: ['English'],
      visibility: 'public',
      openToAdhoc: true,
      openToOngoing: false,
      openToReverse: true,
      capacityOpenRequests: 3,
      capacityHoursMonth: 4,
      unavailableUntil: null,
      ...overrides,
    },
    skills,
    openRequests: 0,
    endorsements: 0,
    completedSessions: 0,
  };
}

const k8s = {
  slug: 'kubernetes',
  name: 'Kubernetes',
  level: 4,
  canTeach: true,
  wantsToLearn: false,
  aliases: ['k8s', 'kube'],
};
const rust = { slug: 'rust', name: 'Rust', level: 2, canTeach: false, wantsToLearn: true, aliases: ['rustlang'] };

describe('the people search document', () => {
  it('flattens per-skill facts so level and teach filters are plain values', () => {
    const doc = buildPersonDocument(facts({}, [k8s, rust]), new Date('2026-11-22T12:00:00Z'));
    expect(doc).toMatchObject({
      id: 'u1',
      name: 'Ada Lovelace',
      skills: ['Kubernetes', 'Rust'],
      expertSkills: [],
      strongSkills: ['Kubernetes'],
      skillAliases: ['k8s', 'kube', 'rustlang'],
      skillSlugs: ['kubernetes', 'rust'],
      skillLevels: ['kubernetes:4', 'rust:2'],
      teaches: ['kubernetes'],
      teachLevels: ['kubernetes:4'],
      learns: ['rust'],
      teachesAny: true,
      learnsAny: true,
      maxLevel: 4,
      tzBand: 'europe-africa',
      openReverse: true,
      available: true,
      visibility: 'public',
    });
  });

  it('holds public profile fields only', () => {
    const doc = buildPersonDocument(facts({}, [k8s]));
    expect(doc).not.toHaveProperty('bio');
    expect(doc).not.toHaveProperty('hasBio');
    expect(JSON.stringify(doc)).not.toMatch(/Private-ish|ada\.example|capacity/);
  });

  it('is not "available" while away or with capacity 0', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(buildPersonDocument(facts({ unavailableUntil: '2027-01-01' }), now).available).toBe(false);
    expect(buildPersonDocument(facts({ capacityOpenRequests: 0 }), now).available).toBe(false);
  });

  it('is not "available" at capacity', () => {
    const busy = { ...facts({ capacityOpenRequests: 2 }), openRequests: 2 };
    expect(buildPersonDocument(busy).available).toBe(false);
    expect(buildPersonDocument({ ...busy, openRequests: 1 }).available).toBe(true);
  });

  it('ranks a track record (endorsements, completed sessions) higher, within limits', () => {
    const plain = personRank(facts({}, [k8s]), true);
    const endorsed = personRank({ ...facts({}, [k8s]), endorsements: 4, completedSessions: 3 }, true);
    const veteran = personRank({ ...facts({}, [k8s]), endorsements: 400, completedSessions: 300 }, true);
    expect(endorsed).toBeGreaterThan(plain);
    expect(veteran).toBeLessThan(personRank(facts({}, [k8s]), true) + 100); // never outweighs being available
  });

  it('ranks people who can help now above the rest', () => {
    const open = personRank(facts({}, [k8s]), true);
    const away = personRank(facts({}, [k8s]), false);
    const more = personRank(facts({}, [k8s, { ...rust, canTeach: true }]), true);
    expect(open).toBeGreaterThan(away);
    expect(more).toBeGreaterThan(open);
  });
});

describe('time-zone bands', () => {
  it('places zones by their standard offset', () => {
    expect(timeZoneBand('America/Los_Angeles', 2026)).toBe('americas-west');
    expect(timeZoneBand('America/New_York', 2026)).toBe('americas-east');
    expect(timeZoneBand('America/Sao_Paulo', 2026)).toBe('americas-east');
    expect(timeZoneBand('Europe/Berlin', 2026)).toBe('europe-africa');
    expect(timeZoneBand('Africa/Lagos', 2026)).toBe('europe-africa');
    expect(timeZoneBand('Asia/Kolkata', 2026)).toBe('middle-east-south-asia');
    expect(timeZoneBand('Asia/Tokyo', 2026)).toBe('east-asia-oceania');
    expect(timeZoneBand('Australia/Sydney', 2026)).toBe('east-asia-oceania');
    expect(timeZoneBand('UTC', 2026)).toBe('europe-africa');
  });
});

describe('level facet counts', () => {
  it('counts people at level L or better in the skill in focus', () => {
    const counts = { 'kubernetes:5': 2, 'kubernetes:4': 3, 'kubernetes:2': 1, 'rust:5': 9 };
    expect(levelCounts(counts, 'kubernetes').slice(1)).toEqual([6, 6, 5, 5, 2]);
  });

  it('counts by highest level without a skill in focus', () => {
    expect(levelCounts({ '5': 1, '3': 2, '1': 4 }, null).slice(1)).toEqual([7, 3, 3, 1, 1]);
  });
});
