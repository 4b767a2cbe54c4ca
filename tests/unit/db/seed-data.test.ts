import { describe, expect, it } from 'vitest';
import { SENIORITIES, SKILL_CATEGORIES } from '#db/schema/index.ts';
import { catalogueEntries } from '#db/seed/catalogue.ts';
import { demoMembers } from '#db/seed/demo/members.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { isValidTimeZone } from '#server/time/zones.ts';

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

describe('demo community', () => {
  const members = demoMembers();
  const names = new Set(catalogue.map((s) => normalizeSkillName(s.name)));

  it('has at least 80 members across every seniority level and many time zones', () => {
    expect(members.length).toBeGreaterThanOrEqual(80);
    for (const level of SENIORITIES) expect(members.some((m) => m.seniority === level)).toBe(true);
    expect(new Set(members.map((m) => m.timezone)).size).toBeGreaterThan(20);
    for (const m of members) expect(isValidTimeZone(m.timezone), m.timezone).toBe(true);
  });

  it('only names catalogue skills, with levels 1–5', () => {
    for (const m of members) {
      for (const s of m.skills) {
        expect(names.has(normalizeSkillName(s.skill)), `${m.handle}: ${s.skill}`).toBe(true);
        expect(s.level).toBeGreaterThanOrEqual(1);
        expect(s.level).toBeLessThanOrEqual(5);
      }
    }
  });

  it('includes juniors who teach new tools (reverse mentoring)', () => {
    const emerging = new Set(catalogue.filter((s) => s.emerging).map((s) => normalizeSkillName(s.name)));
    const reverseMentors = members.filter(
      (m) =>
        ['student', 'junior'].includes(m.seniority) &&
        m.openToReverse &&
        m.skills.some((s) => s.canTeach && emerging.has(normalizeSkillName(s.skill))),
    );
    expect(reverseMentors.length).toBeGreaterThanOrEqual(5);
  });

  it('has unique handles and emails', () => {
    expect(new Set(members.map((m) => m.handle)).size).toBe(members.length);
    expect(new Set(members.map((m) => m.email)).size).toBe(members.length);
  });
});
