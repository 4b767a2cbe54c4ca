import { describe, expect, it } from 'vitest';
import { demoMembers } from '#app/demo/demo-members.ts';
import { SENIORITIES } from '#db/schema/index.ts';
import { catalogueEntries } from '#db/seed/catalogue.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { isValidTimeZone } from '#server/time/zones.ts';

const catalogue = catalogueEntries();

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
