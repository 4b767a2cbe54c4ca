import { describe, expect, it } from 'vitest';
import { cleanSkillName, normalizeSkillName, slugifySkillName } from '#features/skills/skills.ts';

describe('skill names', () => {
  it('normalises case, spacing, accents and punctuation so duplicates collapse', () => {
    const forms = ['Node.js', 'node js', 'NodeJS', ' node-js ', 'NODE_JS'];
    expect(new Set(forms.map(normalizeSkillName))).toEqual(new Set(['nodejs']));
    expect(normalizeSkillName('Café Scripting')).toBe(normalizeSkillName('cafe scripting'));
  });

  it('keeps # and + so C, C# and C++ stay three skills', () => {
    expect(new Set(['C', 'C#', 'C++'].map(normalizeSkillName)).size).toBe(3);
  });

  it('tidies what a member typed', () => {
    expect(cleanSkillName('  Svelte   5  ')).toBe('Svelte 5');
    expect(cleanSkillName('x'.repeat(80))).toHaveLength(60);
  });

  it('makes URL slugs', () => {
    expect(slugifySkillName('C#')).toBe('c-sharp');
    expect(slugifySkillName('C++')).toBe('c-plus-plus');
    expect(slugifySkillName('Svelte 5')).toBe('svelte-5');
    expect(slugifySkillName('!!!')).toBe('skill');
  });
});
