import { LEVEL_WORDS } from '#features/members/levels.ts';
import type { CatalogueSkill } from '#features/skills/skill-match.ts';
import type { FacetLimit } from '#server/search/types.ts';
import { type FacetOption, OPEN_TO, type PeopleFacets, type PeopleQuery, SENIORITY_FACET, TZ_BANDS } from './people.ts';
import { levelAttribute } from './people-query.ts';

type Counts = Record<string, Record<string, number>>;

const SKILL_OPTIONS = 12;
const LANGUAGE_OPTIONS = 10;

/**
 * The facet values buildFacets reads, so the engine sends no others: the most common
 * skills and languages (and the selected ones), the levels of the skill in focus among
 * every skill's levels, and whether members teach or learn that skill.
 */
export function facetLimitsFor(query: PeopleQuery, focus: string | null): Record<string, FacetLimit> {
  const limits: Record<string, FacetLimit> = {
    skillSlugs: { top: SKILL_OPTIONS, include: query.skill ? [query.skill] : [] },
    languages: { top: LANGUAGE_OPTIONS, include: query.lang },
  };
  if (focus) {
    limits[levelAttribute(focus, query.teach)] = { include: [1, 2, 3, 4, 5].map((l) => `${focus}:${l}`) };
    limits.teaches = { include: [focus] };
    limits.learns = { include: [focus] };
  }
  return limits;
}

/** The most common values (and any selected one), labelled. */
function top(
  counts: Record<string, number> | undefined,
  limit: number,
  selected: string[],
  label: (value: string) => string | undefined,
): FacetOption[] {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, limit);
  // A selected value always stays visible, even when it has fallen out of the top.
  for (const value of selected) if (!shown.some(([v]) => v === value)) shown.push([value, counts?.[value] ?? 0]);
  return shown.map(([value, count]) => ({
    value,
    label: label(value) ?? value,
    count,
    selected: selected.includes(value),
  }));
}

/** Members at level ≥ L, from counts of "slug:level" values (or of the highest level when no skill is in focus). */
export function levelCounts(counts: Record<string, number> | undefined, focus: string | null): number[] {
  const atLeast = [0, 0, 0, 0, 0, 0];
  for (const [value, n] of Object.entries(counts ?? {})) {
    let level: number;
    if (focus) {
      if (!value.startsWith(`${focus}:`)) continue;
      level = Number(value.slice(focus.length + 1));
    } else level = Number(value);
    for (let l = 1; l <= Math.min(5, level); l++) atLeast[l]! += n;
  }
  return atLeast;
}

/** Facet options with counts, labels and what is selected, for the page and the island. */
export function buildFacets(
  query: PeopleQuery,
  focusSkill: Pick<CatalogueSkill, 'slug' | 'name'> | null,
  counts: Counts,
  catalogue: { bySlug: Map<string, Pick<CatalogueSkill, 'name'>> },
): PeopleFacets {
  const focus = focusSkill?.slug ?? null;
  const count = (attribute: string, value = 'true') => counts[attribute]?.[value] ?? 0;
  const atLeast = levelCounts(counts[levelAttribute(focus, query.teach)], focus);
  return {
    focus: focusSkill ? { slug: focusSkill.slug, name: focusSkill.name } : null,
    skill: top(
      counts.skillSlugs,
      SKILL_OPTIONS,
      query.skill ? [query.skill] : [],
      (slug) => catalogue.bySlug.get(slug)?.name,
    ),
    level: [5, 4, 3, 2].map((l) => ({
      value: String(l),
      label: l === 5 ? `${LEVEL_WORDS[4]} (5)` : `${LEVEL_WORDS[l - 1]} or better (${l}+)`,
      count: atLeast[l]!,
      selected: query.level === l,
    })),
    teach: {
      value: '1',
      label: focusSkill ? `Can teach ${focusSkill.name}` : 'Can teach something',
      count: count(focus ? 'teaches' : 'teachesAny', focus ?? 'true'),
      selected: query.teach,
    },
    learn: {
      value: '1',
      label: focusSkill ? `Wants to learn ${focusSkill.name}` : 'Wants to learn something',
      count: count(focus ? 'learns' : 'learnsAny', focus ?? 'true'),
      selected: query.learn,
    },
    available: { value: '1', label: 'Available now', count: count('available'), selected: query.available },
    open: OPEN_TO.map((o) => ({
      value: o.key,
      label: o.label,
      count: count(o.attribute),
      selected: query.open.includes(o.key),
    })),
    seniority: SENIORITY_FACET.map((s) => ({
      value: s.key,
      label: s.label,
      count: count('seniority', s.key),
      selected: query.seniority.includes(s.key),
    })).filter((o) => o.count > 0 || o.selected),
    tz: TZ_BANDS.map((b) => ({
      value: b.key,
      label: `${b.label} (${b.range})`,
      count: count('tzBand', b.key),
      selected: query.tz.includes(b.key),
    })).filter((o) => o.count > 0 || o.selected),
    lang: top(counts.languages, LANGUAGE_OPTIONS, query.lang, (l) => l),
  };
}
