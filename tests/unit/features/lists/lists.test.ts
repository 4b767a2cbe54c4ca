import { describe, expect, it } from 'vitest';
import { formatMinutes, isPermutation, itemInput, listInput, moveId } from '#features/lists/lists.ts';

describe('reading list items', () => {
  const valid = {
    url: 'https://doc.rust-lang.org/book/',
    title: 'The Book',
    kind: 'book',
    why: 'Ownership, properly.',
    minutes: 600,
  };

  it('accepts a valid item', () => {
    expect(itemInput.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['url', { url: 'javascript:alert(1)' }, 'http:// or https://'],
    ['url', { url: 'data:text/html,hi' }, 'http:// or https://'],
    ['url', { url: 'doc.rust-lang.org/book' }, 'http:// or https://'],
    ['url', { url: `https://example.org/${'a'.repeat(2000)}` }, 'at most 2000'],
    ['why', { why: 'two\nlines' }, 'one line'],
    ['why', { why: 'x'.repeat(161) }, 'at most 160'],
    ['minutes', { minutes: 0 }, 'at least 1 minute'],
    ['minutes', { minutes: 100_000 }, 'At most 6,000'],
    ['kind', { kind: 'podcast' }, 'what kind'],
    ['title', { title: 'x'.repeat(201) }, 'at most 200'],
  ])('refuses a bad %s', (field, change, message) => {
    const result = itemInput.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path[0] === field)?.message).toContain(message);
  });

  it('bounds the list itself', () => {
    expect(listInput.safeParse({ title: 'ok' }).error?.issues[0]?.message).toContain('at least 3');
    expect(listInput.safeParse({ title: 'A fine list', description: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('ordering', () => {
  it('moves an item one step, and not past the ends', () => {
    expect(moveId(['a', 'b', 'c'], 'b', 'up')).toEqual(['b', 'a', 'c']);
    expect(moveId(['a', 'b', 'c'], 'b', 'down')).toEqual(['a', 'c', 'b']);
    expect(moveId(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(moveId(['a', 'b', 'c'], 'c', 'down')).toEqual(['a', 'b', 'c']);
    expect(moveId(['a', 'b'], 'zz', 'up')).toEqual(['a', 'b']);
  });

  it('accepts only a reordering of exactly the same items', () => {
    expect(isPermutation(['a', 'b', 'c'], ['c', 'a', 'b'])).toBe(true);
    expect(isPermutation(['a', 'b', 'c'], ['a', 'b'])).toBe(false);
    expect(isPermutation(['a', 'b', 'c'], ['a', 'a', 'b'])).toBe(false);
    expect(isPermutation(['a', 'b', 'c'], ['a', 'b', 'd'])).toBe(false);
  });

  it('writes durations for people', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(90)).toBe('1 h 30 min');
  });
});
