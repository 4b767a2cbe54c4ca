import { describe, expect, it } from 'vitest';
import { groupSkills } from '#features/profiles/profile-display.ts';

const s = (name: string, level: number, canTeach = false, wantsToLearn = false, emerging = false) => ({
  name,
  level,
  canTeach,
  wantsToLearn,
  emerging,
});

describe('skill groups', () => {
  it('groups into teaches, knows and learning, strongest first', () => {
    const groups = groupSkills([
      s('Go', 3),
      s('Bun', 5, true),
      s('Rust', 2, false, true),
      s('Docker', 4),
      s('Nix', 3, true, true),
    ]);
    expect(groups.teaches.map((x) => x.name)).toEqual(['Bun', 'Nix']);
    expect(groups.knows.map((x) => x.name)).toEqual(['Docker', 'Go']);
    expect(groups.learning.map((x) => x.name)).toEqual(['Rust']);
  });
});
