import { describe, expect, it } from 'vitest';
import { newcomerSteps } from '#features/home/home.ts';

const facts = { profileSetUp: false, skills: 0, teaches: false, hasPicture: false };

describe('newcomer steps', () => {
  it('counts what is done, in order: profile, skills, teaching, picture', () => {
    const steps = newcomerSteps({ ...facts, profileSetUp: true, skills: 2 });
    expect(steps.items.map((s) => s.done)).toEqual([true, true, false, false]);
    expect(steps.done).toBe(2);
    expect(steps.show).toBe(true);
  });

  it('stops showing once the member is findable; the picture stays optional', () => {
    expect(newcomerSteps({ ...facts, profileSetUp: true, skills: 1, teaches: true }).show).toBe(false);
    expect(newcomerSteps({ ...facts, skills: 1, teaches: true, hasPicture: true }).show).toBe(true);
  });
});
