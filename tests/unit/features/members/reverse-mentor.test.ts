import { describe, expect, it } from 'vitest';
import { isReverseMatch, isReverseMentor, reverseMentoringSkills } from '#features/members/reverse-mentor.ts';
import { matchedSkills } from '#features/people/people-why.ts';

const s = (name: string, level: number, canTeach = false, wantsToLearn = false, emerging = false) => ({
  name,
  level,
  canTeach,
  wantsToLearn,
  emerging,
});

describe('reverse-mentoring badge', () => {
  const skills = [s('Go', 3, true), s('Bun', 4, true, false, true), s('Rust', 2, false, true)];

  it('goes to a junior who offers reverse mentoring and teaches something, new tools first', () => {
    expect(reverseMentoringSkills(true, 'junior', skills).map((x) => x.name)).toEqual(['Bun', 'Go']);
    expect(reverseMentoringSkills(true, 'student', skills)).toHaveLength(2);
  });

  it('is not given without the offer, without anything taught, or to the most senior', () => {
    expect(reverseMentoringSkills(false, 'junior', skills)).toEqual([]);
    expect(reverseMentoringSkills(true, 'junior', [s('Rust', 2, false, true)])).toEqual([]);
    expect(reverseMentoringSkills(true, 'staff', skills)).toEqual([]);
    expect(reverseMentoringSkills(true, 'manager', skills)).toEqual([]);
  });
});

describe('reverse mentors in search results', () => {
  const skills = [
    { slug: 'kubernetes', name: 'Kubernetes', level: 4, canTeach: true, wantsToLearn: false, aliases: ['k8s'] },
    { slug: 'go', name: 'Go', level: 3, canTeach: false, wantsToLearn: false, aliases: ['golang'] },
    { slug: 'react-native', name: 'React Native', level: 2, canTeach: false, wantsToLearn: true, aliases: [] },
  ];

  it('flags a reverse mentor only when they offer it and teach what matched', () => {
    const matched = matchedSkills(skills, new Set(['kubernetes']), null);
    expect(isReverseMatch(true, 'junior', matched, true)).toBe(true);
    expect(isReverseMatch(true, 'junior', matchedSkills(skills, new Set(['go']), null), true)).toBe(false);
    expect(isReverseMatch(true, 'junior', [], true)).toBe(true);
    expect(isReverseMatch(false, 'junior', matched, true)).toBe(false);
    expect(isReverseMatch(true, 'senior', matched, true)).toBe(false);
  });

  it('is one rule: offering it, junior enough, and teaching something', () => {
    expect(isReverseMentor({ openToReverse: true, seniority: 'mid' }, true)).toBe(true);
    expect(isReverseMentor({ openToReverse: true, seniority: 'mid' }, false)).toBe(false);
    expect(isReverseMentor({ openToReverse: true, seniority: 'senior' }, true)).toBe(false);
    expect(isReverseMentor({ openToReverse: false, seniority: 'student' }, true)).toBe(false);
  });
});
