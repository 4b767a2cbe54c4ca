import { describe, expect, it } from 'vitest';
import { highlight, matchedSkills } from '#features/people/people-why.ts';

const skills = [
  { slug: 'kubernetes', name: 'Kubernetes', level: 4, canTeach: true, wantsToLearn: false, aliases: ['k8s'] },
  { slug: 'go', name: 'Go', level: 3, canTeach: false, wantsToLearn: false, aliases: ['golang'] },
  { slug: 'react-native', name: 'React Native', level: 2, canTeach: false, wantsToLearn: true, aliases: [] },
];

describe('why a person matched', () => {
  it('names the skill whose name or alias matched, with its level', () => {
    expect(matchedSkills(skills, new Set(['kubernetes']), null)).toEqual([
      {
        slug: 'kubernetes',
        name: 'Kubernetes',
        level: 4,
        levelWord: 'proficient',
        canTeach: true,
        wantsToLearn: false,
      },
    ]);
    expect(matchedSkills(skills, new Set(['golang']), null).map((s) => s.name)).toEqual(['Go']);
    expect(matchedSkills(skills, new Set(['native']), null).map((s) => s.name)).toEqual(['React Native']);
  });

  it('always includes the skill in focus, first', () => {
    expect(matchedSkills(skills, new Set(['kubernetes']), 'go').map((s) => s.slug)).toEqual(['go', 'kubernetes']);
    expect(matchedSkills(skills, new Set(['london']), null)).toEqual([]);
  });

  it('highlights matched words in text', () => {
    expect(highlight('Platform engineer, Kubernetes & Go', new Set(['kubernetes', 'go']))).toEqual([
      { text: 'Platform engineer, ', hit: false },
      { text: 'Kubernetes', hit: true },
      { text: ' & ', hit: false },
      { text: 'Go', hit: true },
    ]);
    expect(highlight('Café crème', new Set(['cafe']))[0]).toEqual({ text: 'Café', hit: true });
    expect(highlight('', new Set(['x']))).toEqual([]);
  });
});
