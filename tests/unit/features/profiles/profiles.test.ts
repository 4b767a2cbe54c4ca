import { describe, expect, it } from 'vitest';
import {
  PROFILE_LIMITS,
  parseHttpUrl,
  parseLanguages,
  profileFormInput,
  splitList,
  toProfileUpdate,
} from '#features/profiles/profiles.ts';

/** A valid profile form as a browser posts it (Astro gives null for empty fields). */
function form(overrides: Record<string, unknown> = {}) {
  return {
    displayName: 'Ada Lovelace',
    headline: 'Analytical engines',
    bio: 'Hello',
    seniority: 'senior',
    location: null,
    timezone: 'Europe/London',
    languages: 'english, French',
    careerGoals: null,
    goalSkills: null,
    openToAdhoc: true,
    openToOngoing: false,
    openToReverse: true,
    capacityOpenRequests: '3',
    capacityHoursMonth: '4',
    unavailableUntil: null,
    visibility: 'public',
    link1Label: 'Site',
    link1Url: 'https://ada.example.org',
    ...overrides,
  };
}

function errors(input: Record<string, unknown>): Record<string, string> {
  const result = profileFormInput.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe('profile form', () => {
  it('accepts a valid profile and turns lists and links into values', () => {
    const parsed = profileFormInput.parse(form({ link2Url: 'example.com/me' }));
    const update = toProfileUpdate(parsed);
    expect(update.languages).toEqual(['English', 'French']);
    expect(update.links).toEqual([
      { label: 'Site', url: 'https://ada.example.org/' },
      { label: 'example.com', url: 'https://example.com/me' },
    ]);
    expect(update.location).toBeNull();
    expect(update.capacityOpenRequests).toBe(3);
    expect(update.careerGoals).toBe('');
  });

  it('bounds every text field with a message naming the limit', () => {
    expect(errors(form({ headline: 'x'.repeat(PROFILE_LIMITS.headline + 1) })).headline).toMatch(/120 characters/);
    expect(errors(form({ bio: 'x'.repeat(PROFILE_LIMITS.bio + 1) })).bio).toMatch(/4000/);
    expect(errors(form({ location: 'x'.repeat(81) })).location).toMatch(/80/);
    expect(errors(form({ careerGoals: 'x'.repeat(1001) })).careerGoals).toMatch(/1000/);
    expect(errors(form({ link1Label: 'x'.repeat(41) })).link1Label).toMatch(/40/);
    expect(errors(form({ headline: 'x'.repeat(PROFILE_LIMITS.headline) }))).toEqual({});
  });

  it('refuses links that are not http(s), and labels without an address', () => {
    expect(errors(form({ link1Url: 'javascript:alert(1)' })).link1Url).toMatch(/http/);
    expect(errors(form({ link3Url: 'data:text/html,hi' })).link3Url).toMatch(/http/);
    expect(errors(form({ link2Label: 'Blog' })).link2Url).toMatch(/address/);
  });

  it('checks numbers, dates, zones and choices', () => {
    expect(errors(form({ capacityOpenRequests: '21' })).capacityOpenRequests).toMatch(/0 to 20/);
    expect(errors(form({ capacityHoursMonth: 'lots' })).capacityHoursMonth).toMatch(/whole number/);
    expect(errors(form({ unavailableUntil: '2026-02-31' })).unavailableUntil).toMatch(/date/);
    expect(errors(form({ timezone: 'Mars/Olympus_Mons' })).timezone).toMatch(/time zone/);
    expect(errors(form({ seniority: 'wizard' })).seniority).toBeTruthy();
    expect(errors(form({ visibility: 'friends' })).visibility).toBeTruthy();
    expect(errors(form({ languages: Array.from({ length: 9 }, (_, i) => `Lang${i}`).join(',') })).languages).toMatch(
      /8/,
    );
  });
});

describe('helpers', () => {
  it('tidies languages and lists', () => {
    expect(parseLanguages(' english ,ENGLISH, brazilian portuguese,, isiZulu')).toEqual([
      'English',
      'Brazilian Portuguese',
      'isiZulu',
    ]);
    expect(splitList('Rust, k8s ,Rust')).toEqual(['Rust', 'k8s']);
  });

  it('only accepts http and https addresses', () => {
    expect(parseHttpUrl('http://a.example')).toBe('http://a.example/');
    expect(parseHttpUrl('github.com/ada')).toBe('https://github.com/ada');
    expect(parseHttpUrl('ftp://a.example')).toBeNull();
    expect(parseHttpUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(parseHttpUrl('not a url')).toBeNull();
  });
});
