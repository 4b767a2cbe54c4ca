import { describe, expect, it } from 'vitest';
import { SKILL_CATEGORIES } from '#db/schema/index.ts';
import { catalogueEntries } from '#db/seed/catalogue.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';

const catalogue = catalogueEntries();

describe('skill catalogue', () => {
  it('has at least 300 technologies in known categories with unique slugs', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(300);
    expect(new Set(catalogue.map((s) => s.slug)).size).toBe(catalogue.length);
    for (const s of catalogue) {
      expect(s.slug).toMatch(/^[a-z0-9-]+$/);
      expect(SKILL_CATEGORIES).toContain(s.category);
    }
  });

  it('never maps one normalised name or alias to two skills', () => {
    const owner = new Map<string, string>();
    for (const s of catalogue) {
      const key = normalizeSkillName(s.name);
      expect(owner.get(key), `${s.name} collides`).toBeUndefined();
      owner.set(key, s.slug);
    }
    for (const s of catalogue) {
      for (const alias of s.aliases) {
        const key = normalizeSkillName(alias);
        const existing = owner.get(key);
        expect(
          existing === undefined || existing === s.slug,
          `alias ${alias} of ${s.name} collides with ${existing}`,
        ).toBe(true);
        owner.set(key, s.slug);
      }
    }
  });

  it.each([
    ['k8s', 'Kubernetes'],
    ['js', 'JavaScript'],
    ['postgres', 'PostgreSQL'],
    ['golang', 'Go'],
    ['ts', 'TypeScript'],
  ])('resolves the alias %s to %s', (alias, name) => {
    const skill = catalogue.find((s) => s.aliases.some((a) => normalizeSkillName(a) === normalizeSkillName(alias)));
    expect(skill?.name).toBe(name);
  });
});
