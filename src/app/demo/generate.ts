import { count } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import {
  demoMembers as demoMemberMarks,
  memberSkills,
  profiles,
  type Seniority,
  type SkillCategory,
  skills,
  users,
} from '#db/schema/index.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { DAY_MS, seededRandom } from './context.ts';
import { demoId } from './demo-id.ts';
import { demoMembers } from './demo-members.ts';

/**
 * A large synthetic community for benchmarks (`npm run db:seed -- --members 10000`).
 * Deterministic: the same count gives the same people. Names, places and skill mixes
 * are drawn from the hand-written demo and the catalogue, so search behaves as on a
 * real community of that size.
 */

const ARCHETYPES: { title: string; categories: SkillCategory[] }[] = [
  { title: 'frontend engineer', categories: ['frontend', 'languages', 'design', 'testing'] },
  { title: 'backend engineer', categories: ['backend', 'databases', 'languages', 'cloud'] },
  { title: 'full-stack developer', categories: ['frontend', 'backend', 'databases', 'languages'] },
  { title: 'platform engineer', categories: ['infrastructure', 'cloud', 'security', 'tools'] },
  { title: 'data engineer', categories: ['data', 'databases', 'languages', 'cloud'] },
  { title: 'ML engineer', categories: ['ai', 'data', 'languages'] },
  { title: 'mobile developer', categories: ['mobile', 'languages', 'testing'] },
  { title: 'security engineer', categories: ['security', 'infrastructure', 'languages'] },
  { title: 'engineering manager', categories: ['practices', 'tools', 'backend'] },
];

const SENIORITIES: { value: Seniority; weight: number; years: [number, number]; word: string }[] = [
  { value: 'student', weight: 8, years: [0, 2], word: 'Student' },
  { value: 'junior', weight: 20, years: [0, 3], word: 'Junior' },
  { value: 'mid', weight: 30, years: [2, 7], word: 'Mid-level' },
  { value: 'senior', weight: 25, years: [5, 15], word: 'Senior' },
  { value: 'staff', weight: 9, years: [9, 25], word: 'Staff' },
  { value: 'manager', weight: 8, years: [8, 25], word: 'Lead' },
];

export interface GenerateOptions {
  /** How many members the community should have in total afterwards. */
  totalMembers: number;
  now?: Date;
}

export async function generateCommunity(database: Database, options: GenerateOptions): Promise<number> {
  const { db } = database;
  const now = options.now ?? new Date();
  const existing = (await db.select({ n: count() }).from(users).get())?.n ?? 0;
  const toCreate = Math.max(0, options.totalMembers - existing);
  if (toCreate === 0) return 0;

  const random = seededRandom(options.totalMembers);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const demo = demoMembers();
  const firstNames = [...new Set(demo.map((m) => m.displayName.split(' ')[0]!))];
  const lastNames = [...new Set(demo.map((m) => m.displayName.split(' ').slice(1).join(' ') || 'Smith'))];
  const places = demo
    .filter((m) => m.location)
    .map((m) => ({ location: m.location!, timezone: m.timezone, languages: m.languages }));
  const catalogue = await db
    .select({ id: skills.id, name: skills.name, category: skills.category, emerging: skills.emerging })
    .from(skills);
  const byCategory = new Map<SkillCategory, typeof catalogue>();
  for (const s of catalogue) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
  const totalWeight = SENIORITIES.reduce((sum, s) => sum + s.weight, 0);
  const passwordHash = await hashPassword(`generated-${options.totalMembers}-members`);

  const CHUNK = 250;
  for (let start = 0; start < toCreate; start += CHUNK) {
    const userRows: (typeof users.$inferInsert)[] = [];
    const profileRows: (typeof profiles.$inferInsert)[] = [];
    const skillRows: (typeof memberSkills.$inferInsert)[] = [];
    for (let i = start; i < Math.min(toCreate, start + CHUNK); i++) {
      const n = existing + i;
      const id = demoId('generated', String(n));
      const first = pick(firstNames);
      const last = pick(lastNames);
      const handle = `${first}-${last}-${n}`
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
      let roll = random() * totalWeight;
      const seniority = SENIORITIES.find((s) => (roll -= s.weight) < 0) ?? SENIORITIES[2]!;
      const archetype = pick(ARCHETYPES);
      const place = pick(places);
      const joined = new Date(now.getTime() - Math.floor(random() * 900) * DAY_MS);
      userRows.push({
        id,
        email: `member${n}@example.net`,
        emailVerifiedAt: joined,
        passwordHash,
        handle: handle.slice(0, 30).replace(/-+$/, ''),
        displayName: `${first} ${last}`,
        createdAt: joined,
        updatedAt: joined,
      });
      const junior = seniority.value === 'student' || seniority.value === 'junior';
      profileRows.push({
        userId: id,
        headline: `${seniority.word} ${archetype.title}${place.location ? ` in ${place.location.split(',')[0]}` : ''}`,
        bio: `I work mostly as a ${archetype.title}. Happy to help with what I know and always keen to learn something new.`,
        seniority: seniority.value,
        location: place.location,
        timezone: place.timezone,
        languages: place.languages,
        links: [],
        careerGoals: '',
        openToAdhoc: random() < 0.75,
        openToOngoing: random() < 0.35,
        openToReverse: junior ? random() < 0.6 : random() < 0.15,
        capacityOpenRequests: Math.floor(random() * 6),
        capacityHoursMonth: Math.floor(random() * 10),
        visibility: random() < 0.9 ? 'public' : 'members',
        updatedAt: joined,
      });
      const chosen = new Set<number>();
      const skillCount = 3 + Math.floor(random() * 7);
      for (let k = 0; k < skillCount * 3 && chosen.size < skillCount; k++) {
        // Mostly the archetype's categories, sometimes anything (people are varied).
        const pool = random() < 0.8 ? byCategory.get(pick(archetype.categories)) : catalogue;
        if (!pool?.length) continue;
        const skill = pick(pool);
        if (chosen.has(skill.id)) continue;
        chosen.add(skill.id);
        const [minYears, maxYears] = seniority.years;
        const base = junior ? 1 : seniority.value === 'mid' ? 2 : 3;
        // Juniors often know the new tools best: that is what reverse mentoring is for.
        const level = Math.min(5, base + Math.floor(random() * 3) + (junior && skill.emerging ? 2 : 0));
        skillRows.push({
          userId: id,
          skillId: skill.id,
          level,
          canTeach: level >= 4 && random() < 0.7,
          wantsToLearn: level <= 2 && random() < 0.7,
          years: minYears + Math.floor(random() * (maxYears - minYears + 1)),
          createdAt: joined,
          updatedAt: joined,
        });
      }
    }
    await db.transaction(async (tx) => {
      await tx.insert(users).values(userRows);
      // Generated people are demo data too: `npm run admin -- remove-demo` takes them away.
      await tx.insert(demoMemberMarks).values(userRows.map((u) => ({ userId: u.id })));
      await tx.insert(profiles).values(profileRows);
      for (let k = 0; k < skillRows.length; k += 500) await tx.insert(memberSkills).values(skillRows.slice(k, k + 500));
    });
  }
  return toCreate;
}
