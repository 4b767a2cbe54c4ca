import { describe, expect, it } from 'vitest';
import { hasHighlight, highlight, matchedSkills } from '#features/people/people-why.ts';
import { tokenize } from '#server/search/text.ts';
import { seededRandom } from '#tests/helpers/seeded-random.ts';

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
    // The walk starts afresh on every call, also after one that stopped at its first hit.
    expect(hasHighlight('Go and Rust', new Set(['go']))).toBe(true);
    expect(highlight('Go and Rust', new Set(['rust']))).toEqual([
      { text: 'Go and ', hit: false },
      { text: 'Rust', hit: true },
    ]);
    expect(hasHighlight('Go and Rust', new Set())).toBe(false);
    expect(hasHighlight('', new Set(['x']))).toBe(false);
  });
});

describe('highlighting, against tokenising every word', () => {
  /** The highlight as it was: every word tokenised as the index tokenises. */
  function reference(text: string, terms: ReadonlySet<string>) {
    const segments: { text: string; hit: boolean }[] = [];
    let last = 0;
    for (const m of text.matchAll(/[\p{L}\p{N}]+[#+]*/gu)) {
      if (!tokenize(m[0]).some((t) => terms.has(t))) continue;
      if (m.index > last) segments.push({ text: text.slice(last, m.index), hit: false });
      segments.push({ text: m[0], hit: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) segments.push({ text: text.slice(last), hit: false });
    return segments;
  }

  it('marks the same words on 2,000 random headlines (ASCII, accents, C#, C++, other scripts)', () => {
    const pieces = [
      'Go',
      'c#',
      'C++',
      'Kubernetes',
      'réseau',
      'Zoë',
      'ＡＩ',
      'ﬁle',
      'Straße',
      '日本',
      'k8s',
      '2024',
      'x',
      ' ',
      ', ',
      '/',
      '-',
    ];
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join(random() < 0.5 ? ' ' : '');
      const terms = new Set(pieces.flatMap((p) => (random() < 0.3 ? tokenize(p) : [])));
      expect(highlight(text, terms), text).toEqual(reference(text, terms));
      expect(hasHighlight(text, terms), text).toBe(reference(text, terms).some((s) => s.hit));
    }
  });
});
