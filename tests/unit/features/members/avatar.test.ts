import { describe, expect, it } from 'vitest';
import { initialsOf } from '#features/members/avatar.ts';

describe('initialsOf', () => {
  it('takes the first and last word’s first letter or digit, upper-cased', () => {
    expect(initialsOf('Amara Okafor', 'amara')).toBe('AO');
    expect(initialsOf('Tunde', 'tunde')).toBe('T');
    expect(initialsOf('jean-luc de la cruz', 'jl')).toBe('JC');
    expect(initialsOf('  (R2) d2  ', 'r2')).toBe('RD');
  });

  it('upper-cases as English does, whatever the letters', () => {
    expect(initialsOf('ßtefan ızmir', 'st')).toBe('SSI');
    expect(initialsOf('émile ǆuro', 'em')).toBe('ÉǄ');
    expect(initialsOf('李 小龍', 'li')).toBe('李小');
  });

  it("falls back to the handle's first letter when the name has no letters", () => {
    expect(initialsOf('—', 'zoe')).toBe('Z');
    expect(initialsOf('', '')).toBe('?');
  });
});
