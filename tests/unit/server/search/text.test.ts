import { describe, expect, it } from 'vitest';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import { allowedTypos, tokenize, typoDistance } from '#server/search/text.ts';

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

  it('builds one-way synonyms from catalogue aliases', () => {
    const synonyms = catalogueSynonyms();
    expect(synonyms.k8s).toEqual(['kubernetes']);
    expect(synonyms.postgres).toEqual(['postgresql']);
    expect(synonyms.kubernetes).toBeUndefined();
    for (const [key, values] of Object.entries(synonyms)) expect(values).not.toContain(key);
  });
});
