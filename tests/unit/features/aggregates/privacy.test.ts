import { describe, expect, it } from 'vitest';
import {
  broaderScopes,
  type Contribution,
  ContributionIndex,
  canPublish,
  FEWER_THAN_FIVE,
  guard,
  MIN_PEOPLE,
  publishableParts,
  showGuarded,
} from '#features/aggregates/privacy.ts';
import { broaderThanWindow, windowScope } from '#features/insights/periods.ts';

/** Contributions of the named people, in one slice, with one tag. */
const people = (names: string[], slice: number, tag = 'data'): Contribution[] =>
  names.map((person) => ({ person, slice, tags: [tag] }));

describe('the fewer-than-5 rule', () => {
  it('hides a figure derived from four people and shows one derived from five', () => {
    expect(MIN_PEOPLE).toBe(5);
    expect(guard(4, 4.8)).toEqual({ shown: false });
    expect(guard(5, 4.8)).toEqual({ shown: true, value: 4.8 });
    expect(guard(0, 0)).toEqual({ shown: false });
  });

  it('reads "fewer than 5" in place of a hidden value', () => {
    expect(showGuarded(guard(3, 12))).toBe(FEWER_THAN_FIVE);
    expect(showGuarded(guard(9, 0.5), (v) => `${v * 100}%`)).toBe('50%');
  });
});

describe('combining filters', () => {
  it('hides the 90-day figure when the year adds one person, so the two cannot be subtracted', () => {
    // Five people rated in the last 90 days, a sixth earlier in the year: the year's average
    // minus the 90 days' would give the sixth person's rating.
    const index = new ContributionIndex([...people(['a', 'b', 'c', 'd', 'e'], 1), ...people(['f'], 2)]);
    expect(canPublish(index, windowScope('365d'), broaderThanWindow('365d'))).toBe(true);
    expect(canPublish(index, windowScope('90d'), broaderThanWindow('90d'))).toBe(false);
  });

  it('counts a person in the difference even when they are also in the narrower window', () => {
    // "a" contributes in both slices: the year minus the 90 days is a's older contribution alone.
    const index = new ContributionIndex([...people(['a', 'b', 'c', 'd', 'e'], 0), ...people(['a'], 2)]);
    expect(canPublish(index, windowScope('30d'), broaderThanWindow('30d'))).toBe(false);
  });

  it('keeps a narrower figure when the broader one adds nobody, or five or more people', () => {
    const none = new ContributionIndex(people(['a', 'b', 'c', 'd', 'e'], 0));
    expect(canPublish(none, windowScope('30d'), broaderThanWindow('30d'))).toBe(true);
    const many = new ContributionIndex([
      ...people(['a', 'b', 'c', 'd', 'e'], 0),
      ...people(['f', 'g', 'h', 'i', 'j'], 3),
    ]);
    expect(canPublish(many, windowScope('30d'), broaderThanWindow('30d'))).toBe(true);
  });

  it('hides a small category × short period that differs from the whole by a few people', () => {
    // In the last 30 days: five people in "mobile", two more elsewhere.
    const index = new ContributionIndex([
      ...people(['a', 'b', 'c', 'd', 'e'], 0, 'mobile'),
      ...people(['f', 'g'], 0, 'data'),
    ]);
    expect(canPublish(index, windowScope('30d', ['mobile']), broaderThanWindow('30d', ['mobile']))).toBe(false);
    // The whole community's 30 days stays visible.
    expect(canPublish(index, windowScope('30d'), broaderThanWindow('30d'))).toBe(true);
  });

  it('checks the category against longer periods of every category too', () => {
    // 30 days, mobile: 5 people; all time, all categories adds one older "data" person.
    const index = new ContributionIndex([...people(['a', 'b', 'c', 'd', 'e'], 0, 'mobile'), ...people(['z'], 3)]);
    expect(canPublish(index, windowScope('30d', ['mobile']), broaderThanWindow('30d', ['mobile']))).toBe(false);
  });

  it('hides one more category when the hidden ones could be had by subtracting the rest from the total', () => {
    const index = new ContributionIndex([
      ...people(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], 0, 'ai'),
      ...people(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'], 0, 'backend'),
      ...people(['c1', 'c2'], 0, 'cloud'),
    ]);
    const shown = publishableParts(index, windowScope('all'), [], ['ai', 'backend', 'cloud'], () => []);
    // cloud has two people; ai (the smaller of the others) is hidden with it.
    expect([...shown]).toEqual(['backend']);
  });

  it('leaves every category shown when nothing is hidden', () => {
    const index = new ContributionIndex([
      ...people(['a1', 'a2', 'a3', 'a4', 'a5'], 0, 'ai'),
      ...people(['b1', 'b2', 'b3', 'b4', 'b5'], 0, 'backend'),
    ]);
    expect(publishableParts(index, windowScope('all'), [], ['ai', 'backend'], () => [])).toEqual(
      new Set(['ai', 'backend']),
    );
  });

  it('checks the parts of a month (its outcomes) against the same outcome in every category', () => {
    // In one month: five completed requests in "data"; the same month has one more completed elsewhere.
    const index = new ContributionIndex([
      ...['a', 'b', 'c', 'd', 'e'].map((person) => ({ person, slice: 7, tags: ['data', 'completed'] })),
      ...['f', 'g', 'h', 'i', 'j'].map((person) => ({ person, slice: 7, tags: ['data', 'declined'] })),
      { person: 'z', slice: 7, tags: ['ai', 'completed'] },
    ]);
    const month = { slices: [7], tags: ['data'] };
    const shown = publishableParts(index, month, broaderScopes(month), ['completed', 'declined'], (part) =>
      broaderScopes(part),
    );
    // "completed in data" differs from "completed anywhere" by one person: hidden, and
    // then "declined" alone would give it away as the rest of the month: hidden too.
    expect(shown).toEqual(new Set());
  });

  it('counts people, not contributions', () => {
    const index = new ContributionIndex(
      Array.from({ length: 40 }, (_, i) => ({ person: `p${i % 4}`, slice: 0, tags: ['data'] })),
    );
    expect(index.people({ slices: [0], tags: [] }, true)).toBe(4);
    expect(canPublish(index, { slices: [0], tags: [] }, [])).toBe(false);
  });
});
