import { describe, expect, it } from 'vitest';
import { levelWord } from '#features/members/levels.ts';

describe('skill levels', () => {
  it('names levels 1–5', () => {
    expect([1, 2, 3, 4, 5].map(levelWord)).toEqual(['aware', 'learning', 'working', 'proficient', 'expert']);
  });
});
