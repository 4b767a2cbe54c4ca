import { describe, expect, it } from 'vitest';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import { allowedTypos, letterMask, missingLetters, tokenize, typoDistance } from '#server/search/text.ts';
import { seeded } from '#tests/bench/engine/people-like.ts';
import { typoDistance as referenceDistance } from '#tests/bench/engine/reference/typos.ts';

describe('search text', () => {
  it('tokenises into lower-case words without accents, keeping # and +', () => {
    expect(tokenize('Node.js & C# / C++ — Zoë’s café')).toEqual(['node', 'js', 'c#', 'c++', 'zoe', 's', 'cafe']);
  });

  it('allows no typo under 5 letters, one from 5, two from 9', () => {
    expect(['bun', 'kube', 'rusty', 'postgres', 'kubernets'].map(allowedTypos)).toEqual([0, 0, 1, 1, 2]);
  });

  it('counts a swap of neighbouring letters as one typo', () => {
    expect(typoDistance('postgrse', 'postgres', 1, false)).toBe(1);
    expect(typoDistance('kubernets', 'kubernetes', 2, false)).toBe(1);
  });

  it('matches unfinished words against prefixes', () => {
    expect(typoDistance('kube', 'kubernetes', 0, true)).toBe(0);
    expect(typoDistance('postgrse', 'postgresql', 1, true)).toBe(1);
    expect(typoDistance('postgrse', 'postgresql', 1, false)).toBe(2); // over the limit: max + 1
  });

  it('charges two typos for a wrong first letter', () => {
    expect(typoDistance('bocker', 'docker', 1, false)).toBe(2);
    expect(typoDistance('jubernetes', 'kubernetes', 2, false)).toBe(2);
  });

  it('computes the same distances as the table-per-pair version it replaced', () => {
    const random = seeded(7);
    const letters = ['a', 'b', 'c', 'd', 'e', 'k', 'u', 's', 'é', '😀', 'x', '\ud800'];
    const word = () =>
      Array.from({ length: Math.floor(random() * 12) }, () => letters[Math.floor(random() * letters.length)]).join('');
    for (let i = 0; i < 30_000; i++) {
      const a = word();
      const cut = Math.floor(random() * a.length);
      const b = random() < 0.5 ? word() : a.slice(0, cut) + word().slice(0, 2) + a.slice(cut);
      const max = Math.floor(random() * 3);
      const prefix = random() < 0.5;
      expect([a, b, max, prefix, typoDistance(a, b, max, prefix)]).toEqual([
        a,
        b,
        max,
        prefix,
        referenceDistance(a, b, max, prefix),
      ]);
    }
  });

  it('never counts more missing letters than the typos between two words, whole or as a prefix', () => {
    const random = seeded(9);
    const letters = [...'abcdefghijklmnopqrstuvwxyz019', 'é', 'ж', '😀', '🚀', '\ud800'];
    const word = () =>
      Array.from({ length: Math.floor(random() * 12) }, () => letters[Math.floor(random() * letters.length)]).join('');
    let tight = 0;
    for (let i = 0; i < 30_000; i++) {
      const a = word();
      const cut = Math.floor(random() * a.length);
      const b =
        random() < 0.3 ? word() : a.slice(0, cut) + word().slice(0, Math.floor(random() * 3)) + a.slice(cut + 1);
      const prefix = random() < 0.5;
      const distance = typoDistance(a, b, 20, prefix);
      const missing = missingLetters(letterMask(a), letterMask(b));
      expect([a, b, prefix, missing <= distance]).toEqual([a, b, prefix, true]);
      if (!prefix) expect([b, a, missingLetters(letterMask(b), letterMask(a)) <= distance]).toEqual([b, a, true]);
      if (missing === distance && missing > 0) tight++;
    }
    expect(tight).toBeGreaterThan(1000);
    expect(missingLetters(letterMask('kubernetes'), letterMask('kbrnts'))).toBe(2);
    expect(missingLetters(0xffffffff | 0, 0)).toBe(32);
  });

  it('builds one-way synonyms from catalogue aliases', () => {
    const synonyms = catalogueSynonyms();
    expect(synonyms.k8s).toEqual(['kubernetes']);
    expect(synonyms.postgres).toEqual(['postgresql']);
    expect(synonyms.kubernetes).toBeUndefined();
    for (const [key, values] of Object.entries(synonyms)) expect(values).not.toContain(key);
  });
});
