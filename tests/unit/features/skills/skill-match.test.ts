import { describe, expect, it } from 'vitest';
import {
  type CatalogueSkill,
  editDistance,
  type MatchKind,
  matchSkills,
  nearestSkills,
  skillsNamedBy,
} from '#features/skills/skill-match.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { seededRandom } from '#tests/helpers/seeded-random.ts';

let id = 0;
function skill(name: string, aliases: string[] = [], members = 1, curated = true): CatalogueSkill {
  return {
    id: ++id,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name,
    normalized: normalizeSkillName(name),
    aliases: aliases.map(normalizeSkillName),
    category: 'other',
    curated,
    members,
  };
}

const catalogue = [
  skill('Kubernetes', ['k8s', 'kube'], 20),
  skill('React', ['reactjs'], 30),
  skill('React Native', ['rn'], 5),
  skill('PostgreSQL', ['postgres', 'psql'], 12),
  skill('TypeScript', ['ts'], 25),
  skill('Go', ['golang'], 10),
  skill('Machine learning', ['ml'], 8),
  skill('Unused thing', [], 0, false),
];

describe('editDistance', () => {
  it('counts a missing letter, a swap and a substitution as one each', () => {
    expect(editDistance('kubernets', 'kubernetes')).toBe(1);
    expect(editDistance('postgrse', 'postgres')).toBe(1);
    expect(editDistance('rust', 'bust')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('stops early past the allowed distance', () => {
    expect(editDistance('kubernetes', 'typescript', 2)).toBe(3);
  });

  it('compares with a typed prefix of the candidate without copying it', () => {
    expect(editDistance('kuberne', 'kubernetes', 1, 7)).toBe(0);
    expect(editDistance('kubrene', 'kubernetes', 1, 7)).toBe(1);
    expect(editDistance('kubrene', 'kubernetes', 1, 99)).toBe(2);
  });

  it('agrees with the textbook definition on thousands of random pairs, long ones included', () => {
    // Optimal string alignment, computed the plain way (fresh table per pair).
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[a.length]![b.length]!;
    };
    const random = seededRandom(7);
    const word = () =>
      Array.from(
        { length: Math.floor(random() * (random() < 0.05 ? 90 : 12)) },
        () => 'abcde'[Math.floor(random() * 5)],
      ).join('');
    for (let n = 0; n < 3000; n++) {
      const [a, b, max] = [word(), word(), Math.floor(random() * 4)];
      const exact = reference(a, b);
      expect(editDistance(a, b), `${a} / ${b}`).toBe(exact);
      const capped = editDistance(a, b, max);
      if (exact <= max) expect(capped, `${a} / ${b} within ${max}`).toBe(exact);
      else expect(capped, `${a} / ${b} past ${max}`).toBeGreaterThan(max);
    }
  });
});

describe('matchSkills', () => {
  it('forgives a typo in an alias whose letters the name lacks, and names the alias', () => {
    // Each name and alias is screened by its own letters: "ziglangauge" shares too few with "zig".
    const list = [skill('Zig', ['ziglanguage']), skill('Lua')];
    const [match] = matchSkills('ziglangauge', list);
    expect(match).toMatchObject({ skill: { name: 'Zig' }, alias: 'ziglanguage', kind: 'typo' });
    expect(nearestSkills('ziglangauge', list).map((s) => s.name)).toEqual(['Zig']);
  });

  it('resolves an alias to its skill and says which alias matched', () => {
    const [first] = matchSkills('K8S', catalogue);
    expect(first?.skill.name).toBe('Kubernetes');
    expect(first?.alias).toBe('k8s');
    expect(first?.kind).toBe('exact');
  });

  it('finds prefixes and typos, best first', () => {
    expect(matchSkills('kube', catalogue)[0]?.skill.name).toBe('Kubernetes');
    expect(matchSkills('kubernets', catalogue)[0]?.skill.name).toBe('Kubernetes');
    expect(matchSkills('postgrse', catalogue)[0]?.skill.name).toBe('PostgreSQL');
    const react = matchSkills('react', catalogue).map((m) => m.skill.name);
    expect(react.slice(0, 2)).toEqual(['React', 'React Native']);
  });

  it('can leave out member-made skills nobody uses', () => {
    expect(matchSkills('unused', catalogue).map((m) => m.skill.name)).toContain('Unused thing');
    expect(matchSkills('unused', catalogue, { onlyInUse: true })).toEqual([]);
  });

  it('finds nothing for empty or punctuation-only text', () => {
    expect(matchSkills('  !!', catalogue)).toEqual([]);
  });

  it('finds every name within the typo budget, whole or typed so far, though most are ruled out by their letters', () => {
    const random = seededRandom(11);
    const letters = [...'abcdefghijklmnopqrstuvwxyz0123456789#+', 'ж', '😀'];
    const word = (min: number) =>
      Array.from(
        { length: min + Math.floor(random() * 10) },
        () => letters[Math.floor(random() * letters.length)],
      ).join('');
    const many = Array.from({ length: 400 }, (_, i) => skill(`${word(2)}${i}`, random() < 0.3 ? [word(2)] : []));
    let typoMatches = 0;
    for (let n = 0; n < 600; n++) {
      const base = many[Math.floor(random() * many.length)]!.normalized;
      const cut = Math.floor(random() * base.length);
      const query =
        n % 3 === 0 ? word(5) : base.slice(0, cut) + word(0).slice(0, Math.floor(random() * 3)) + base.slice(cut + 1);
      const typos = query.length >= 9 ? 2 : query.length >= 5 ? 1 : 0;
      if (typos === 0) continue;
      const found = new Set(matchSkills(query, many, { limit: many.length }).map((m) => m.skill.id));
      for (const candidate of many) {
        for (const name of [candidate.normalized, ...candidate.aliases]) {
          const whole = editDistance(query, name, typos) <= typos;
          const typed = name.length > query.length && editDistance(query, name, typos, query.length) <= typos;
          if (!whole && !typed) continue;
          expect([query, name, found.has(candidate.id)]).toEqual([query, name, true]);
          typoMatches++;
        }
      }
    }
    expect(typoMatches).toBeGreaterThan(300);
  });
});

describe('matchSkills against measuring every name', () => {
  // What matchSkills promises, worked out the slow way for one name: no screening by letters.
  const reference = (query: string, name: string, typos: number): MatchKind | null => {
    if (name === query) return 'exact';
    if (name.startsWith(query)) return 'prefix';
    if (query.length >= 3 && name.includes(query)) return 'substring';
    if (typos === 0) return null;
    if (editDistance(query, name, typos) <= typos) return 'typo';
    if (name.length > query.length && editDistance(query, name, typos, query.length) <= typos) return 'typo';
    return null;
  };

  it('finds the same names, of the same kind, with repeated letters and extra typos', () => {
    const random = seededRandom(23);
    // Few letters, so words repeat letters and share most of them: the screens by letters
    // and by letter counts are tested where they are least decisive.
    const word = (min: number) =>
      Array.from({ length: min + Math.floor(random() * 9) }, () => 'aabbcdeo+'[Math.floor(random() * 9)]).join('');
    const many = Array.from({ length: 250 }, () => skill(word(1), random() < 0.3 ? [word(1)] : []));
    let checked = 0;
    const kinds = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const query = normalizeSkillName(word(1));
      if (!query) continue;
      const extraTypos = n % 2;
      const typos = (query.length >= 9 ? 2 : query.length >= 5 ? 1 : 0) + extraTypos;
      const found = new Map(
        matchSkills(query, many, { limit: many.length, extraTypos }).map((m) => [m.skill.id, m] as const),
      );
      for (const candidate of many) {
        const names = [candidate.normalized, ...candidate.aliases];
        const expected = names.map((name) => reference(query, name, typos)).filter((k) => k !== null);
        expect([query, candidate.name, found.has(candidate.id)]).toEqual([query, candidate.name, expected.length > 0]);
        if (expected.length > 0) expect(expected).toContain(found.get(candidate.id)!.kind);
        for (const kind of expected) kinds.add(kind);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(90_000);
    expect([...kinds].sort()).toEqual(['exact', 'prefix', 'substring', 'typo']);
  });

  it('forgives a typo in the part of a long name typed so far, though the rest of the name is missing', () => {
    // "kuberbe" is one letter from "kuberne" but four letters short of the whole name.
    expect(matchSkills('kuberbe', catalogue)[0]).toMatchObject({
      skill: { name: 'Kubernetes' },
      kind: 'typo',
    });
    // Every letter of "postgres" is there, but one "o" too many is one typo and three are three.
    expect(matchSkills('postgroes', catalogue)[0]?.skill.name).toBe('PostgreSQL');
    expect(matchSkills('postgroooes', catalogue).map((m) => m.skill.name)).not.toContain('PostgreSQL');
  });
});

describe('matchSkills keeps the best few as sorting every match would', () => {
  it('returns, for any limit, the first matches of the whole list in its order (stable on ties)', () => {
    const random = seededRandom(5);
    // A small alphabet, few member counts and repeated names: many ties at every level.
    const word = (min: number) =>
      Array.from({ length: min + Math.floor(random() * 5) }, () => 'abcd'[Math.floor(random() * 4)]).join('');
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      const many = Array.from({ length: 120 }, () =>
        skill(word(1), random() < 0.4 ? [word(1), word(2)] : [], Math.floor(random() * 3)),
      );
      const position = new Map(many.map((s, i) => [s.id, i]));
      for (let n = 0; n < 20; n++) {
        const query = word(1) + (random() < 0.3 ? word(4) : '');
        const all = matchSkills(query, many, { limit: Number.POSITIVE_INFINITY });
        for (let i = 1; i < all.length; i++) {
          const [x, y] = [all[i - 1]!, all[i]!];
          const order =
            y.score - x.score || y.skill.members - x.skill.members || x.skill.name.localeCompare(y.skill.name);
          expect(order < 0 || (order === 0 && position.get(x.skill.id)! < position.get(y.skill.id)!)).toBe(true);
        }
        for (const limit of [1, 2, 3, 8, 30]) {
          expect(matchSkills(query, many, { limit })).toEqual(all.slice(0, limit));
          compared++;
        }
      }
    }
    expect(compared).toBe(6000);
    expect(matchSkills('a', catalogue, { limit: 0 })).toEqual([]);
  });
});

describe('skillsNamedBy (the skill a search query is about)', () => {
  it('understands typos, aliases and prefixes', () => {
    expect(skillsNamedBy('kubernets', catalogue).map((s) => s.name)).toEqual(['Kubernetes']);
    expect(skillsNamedBy('k8s', catalogue).map((s) => s.name)).toEqual(['Kubernetes']);
    expect(skillsNamedBy('kube', catalogue).map((s) => s.name)).toEqual(['Kubernetes']);
  });

  it('finds a skill among other words', () => {
    expect(skillsNamedBy('ml in berlin', catalogue).map((s) => s.name)).toEqual(['Machine learning']);
    expect(skillsNamedBy('senior go people', catalogue).map((s) => s.name)).toContain('Go');
  });

  it('keeps only the clear winner', () => {
    expect(skillsNamedBy('react', catalogue).map((s) => s.name)).toEqual(['React']);
  });

  it('does not guess from very short fragments', () => {
    expect(skillsNamedBy('re', catalogue)).toEqual([]);
    expect(skillsNamedBy('', catalogue)).toEqual([]);
  });

  it('answers a phrase it has seen the same way again, and reads a new catalogue afresh', () => {
    const before = [...catalogue];
    const first = skillsNamedBy('senior kubernets people', before).map((s) => s.name);
    expect(skillsNamedBy('kubernets', before).map((s) => s.name)).toEqual(['Kubernetes']);
    expect(skillsNamedBy('senior kubernets people', before).map((s) => s.name)).toEqual(first);
    // The next catalogue (rebuilt after a change) has a closer skill for the same words.
    const after = [...before, skill('Kubernets Operator SDK', ['kubernets'], 3)];
    expect(skillsNamedBy('kubernets', after).map((s) => s.name)).toEqual(['Kubernets Operator SDK']);
    expect(skillsNamedBy('kubernets', before).map((s) => s.name)).toEqual(['Kubernetes']);
  });
});

describe('nearestSkills (did you mean…)', () => {
  it('finds skills within a generous distance, nearest first', () => {
    expect(nearestSkills('kubrnetesxxx', catalogue)[0]?.name).toBe('Kubernetes');
    expect(nearestSkills('postgers', catalogue)[0]?.name).toBe('PostgreSQL');
    expect(nearestSkills('qqqqqqqq', catalogue)).toEqual([]);
    expect(nearestSkills('ab', catalogue)).toEqual([]);
  });

  it('suggests the same skills as measuring every name would', () => {
    const random = seededRandom(5);
    const word = (min: number) =>
      Array.from(
        { length: min + Math.floor(random() * 9) },
        () => 'abcdefghiklmnoprstu😀'[Math.floor(random() * 20)],
      ).join('');
    const many = Array.from({ length: 300 }, () =>
      skill(word(3), random() < 0.3 ? [word(2)] : [], Math.floor(random() * 4)),
    );
    let suggested = 0;
    for (let n = 0; n < 300; n++) {
      const query = normalizeSkillName(word(3));
      if (query.length < 3) continue;
      const max = Math.max(2, Math.floor(query.length * 0.4));
      const expected = many
        .filter((s) => s.curated || s.members > 0)
        .map((s) => ({ s, d: Math.min(...[s.normalized, ...s.aliases].map((name) => editDistance(query, name, max))) }))
        .filter((x) => x.d <= max)
        .sort((a, b) => a.d - b.d || b.s.members - a.s.members || a.s.name.localeCompare(b.s.name))
        .slice(0, 5)
        .map((x) => x.s.id);
      expect([query, nearestSkills(query, many).map((s) => s.id)]).toEqual([query, expected]);
      suggested += expected.length;
    }
    expect(suggested).toBeGreaterThan(200);
  });
});
