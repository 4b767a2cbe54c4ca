import { describe, expect, it } from 'vitest';
import { Vocabulary } from '#server/search/embedded/vocabulary.ts';
import { allowedTypos, typoDistance } from '#server/search/text.ts';
import { seeded } from '#tests/bench/engine/people-like.ts';
import { typo } from '#tests/bench/engine/queries.ts';

describe('the vocabulary', () => {
  it('expands a query word to exactly the words the typo rules allow, in vocabulary order', () => {
    const random = seeded(21);
    const letters = [...'abcdeklmnorstu', 'é', 'ø', '😀'];
    const vocabulary = new Vocabulary();
    const word = () =>
      Array.from({ length: 1 + Math.floor(random() * 11) }, () => letters[Math.floor(random() * letters.length)]).join(
        '',
      );
    for (let i = 0; i < 4000; i++) vocabulary.intern(word());
    const queries = [
      ...Array.from({ length: 150 }, () => word()),
      ...Array.from({ length: 150 }, () =>
        typo(vocabulary.words[Math.floor(random() * vocabulary.size)]!, random, random() < 0.5),
      ),
    ];
    for (const q of queries) {
      for (const prefix of [false, true]) {
        for (const tolerant of [false, true]) {
          const max = tolerant ? allowedTypos(q) : 0;
          // Brute force: every word, bucket by bucket as the engine orders them.
          const expected: [string, number][] = [];
          for (const bucket of vocabulary.buckets.values()) {
            for (const id of bucket) {
              const w = vocabulary.words[id]!;
              if (max < 2 && w[0] !== q[0]) continue;
              const t = w === q ? 0 : max === 0 ? (prefix && w.startsWith(q) ? 0 : 1) : typoDistance(q, w, max, prefix);
              if (t <= max) expected.push([w, t]);
            }
          }
          const expansion = vocabulary.expand(q, prefix, tolerant);
          const actual = [...expansion.words].map((id, i) => [vocabulary.words[id]!, expansion.typos[i]!]);
          expect(actual).toEqual(expected);
        }
      }
    }
  });

  it('rules out by their letters only words the typo rules would refuse, whatever the alphabet', () => {
    // A wide alphabet and long words, so most candidates lack letters of the query word
    // and the letter check decides most of them before any distance is measured.
    const random = seeded(34);
    const letters = [...'abcdefghijklmnopqrstuvwxyz0123456789', 'é', 'ß', 'ж', 'ø', '😀', '🚀', '\ud83d'];
    const word = (min: number) =>
      Array.from({ length: min + Math.floor(random() * 9) }, () => letters[Math.floor(random() * letters.length)]).join(
        '',
      );
    const vocabulary = new Vocabulary();
    for (let i = 0; i < 6000; i++) vocabulary.intern(word(3));
    const queries = Array.from({ length: 400 }, (_, i) =>
      i % 2 === 0 ? word(5) : typo(vocabulary.words[Math.floor(random() * vocabulary.size)]!, random, random() < 0.5),
    );
    let matched = 0;
    for (const q of queries) {
      for (const prefix of [false, true]) {
        const max = allowedTypos(q);
        const expected = vocabulary.words.filter(
          (w) =>
            w === q ||
            (max === 0
              ? prefix && w.startsWith(q)
              : (max >= 2 || w[0] === q[0]) && typoDistance(q, w, max, prefix) <= max),
        );
        const expansion = vocabulary.expand(q, prefix, true);
        const actual = [...expansion.words].map((id) => vocabulary.words[id]!);
        expect(new Set(actual)).toEqual(new Set(expected));
        for (const t of expansion.typos) if (t > 0) matched++;
      }
    }
    // Matches with typos, found through the letter check.
    expect(matched).toBeGreaterThan(100);
    // One letter outside the Basic Multilingual Plane replaced is one typo, not two.
    const emoji = vocabulary.intern('ab😀cdef');
    expect([...vocabulary.expand('abxcdef', false, true).words]).toContain(emoji);
    expect([...vocabulary.expand('ab🚀cdef', false, true).words]).toContain(emoji);
  });

  it('keeps its cache of expansions bounded by the words they hold, and answers the same after forgetting', () => {
    const vocabulary = new Vocabulary();
    for (let i = 0; i < 60_000; i++) vocabulary.intern(`t${i.toString(36)}`);
    const all = vocabulary.expand('t', true, false);
    expect(all.words.length).toBe(60_000);
    expect(vocabulary.cached).toEqual({ expansions: 1, words: 60_000 });
    expect(vocabulary.expand('t', true, false)).toBe(all); // a hit
    // Prefixes of 60,000, 1,697, 1,297 … words: the held words never pass 200,000.
    let most = 0;
    for (let i = 0; i < 2000; i++) {
      vocabulary.expand(`t${(i % 36).toString(36)}${i >= 36 ? (i % 7).toString(36) : ''}`, true, i % 2 === 0);
      vocabulary.expand('t', i % 3 === 0, true);
      most = Math.max(most, vocabulary.cached.words);
    }
    expect(most).toBeGreaterThan(100_000);
    expect(most).toBeLessThanOrEqual(200_000);
    const again = vocabulary.expand('t', true, false);
    expect([...again.words]).toEqual([...all.words]);
  });
});
