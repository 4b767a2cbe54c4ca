import { describe, expect, it } from 'vitest';
import { type SkillFacts, scoreMatch } from '#features/matches/matches.ts';

const facts = (f: { teaches?: number[]; learns?: number[]; goals?: number[] }): SkillFacts => ({
  teaches: new Set(f.teaches),
  learns: new Set(f.learns),
  goals: new Set(f.goals),
});

describe('suggested match scoring', () => {
  const me = facts({ teaches: [1, 2], learns: [10, 11], goals: [20] });

  it('finds nothing in common as no match', () => {
    expect(scoreMatch(me, facts({ teaches: [99], learns: [98] }))).toBeNull();
  });

  it('scores a two-way match above one-way help on more skills', () => {
    const twoWay = scoreMatch(me, facts({ teaches: [10], learns: [1] }))!;
    const oneWay = scoreMatch(me, facts({ teaches: [10, 11] }))!;
    expect(twoWay.mutual).toBe(true);
    expect(oneWay.mutual).toBe(false);
    expect(twoWay.score).toBeGreaterThan(oneWay.score);
  });

  it('lists reasons with the skills behind them, most valuable first', () => {
    const result = scoreMatch(me, facts({ teaches: [10, 20], learns: [2, 11] }))!;
    expect(result.reasons).toEqual([
      { kind: 'teaches-what-you-learn', skillIds: [10] },
      { kind: 'learns-what-you-teach', skillIds: [2] },
      { kind: 'helps-your-goal', skillIds: [20] },
      { kind: 'learning-together', skillIds: [11] },
    ]);
  });

  it('does not count a skill both as "teaches what you learn" and as goal help', () => {
    const goalAlsoLearned = facts({ learns: [10], goals: [10] });
    const result = scoreMatch(goalAlsoLearned, facts({ teaches: [10] }))!;
    expect(result.reasons.map((r) => r.kind)).toEqual(['teaches-what-you-learn']);
  });

  it('values teaching what I learn above learning together', () => {
    expect(scoreMatch(me, facts({ teaches: [10] }))!.score).toBeGreaterThan(
      scoreMatch(me, facts({ learns: [10] }))!.score,
    );
  });

  it('caps how much one reason can add', () => {
    const many = facts({ learns: [1, 2, 3, 4, 5, 6] });
    const result = scoreMatch(many, facts({ teaches: [1, 2, 3, 4, 5, 6] }))!;
    expect(result.reasons[0]!.skillIds).toHaveLength(3);
  });
});
