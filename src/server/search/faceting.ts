import type { FacetingSettings, FacetLimit, IndexDefinition } from './types.ts';

/** Meilisearch's defaults: 100 values per facet, in alphanumeric order. */
export const DEFAULT_FACETING: Required<FacetingSettings> = {
  maxValuesPerFacet: 100,
  sortFacetValuesBy: { '*': 'alpha' },
};

/** An index's faceting settings with the defaults filled in (the same for both engines). */
export function facetingOf(definition: IndexDefinition): Required<FacetingSettings> {
  return {
    maxValuesPerFacet: definition.faceting?.maxValuesPerFacet ?? DEFAULT_FACETING.maxValuesPerFacet,
    sortFacetValuesBy: { ...DEFAULT_FACETING.sortFacetValuesBy, ...definition.faceting?.sortFacetValuesBy },
  };
}

/** How one facet's values are ordered and cut. */
export function facetOrder(faceting: Required<FacetingSettings>, facet: string): 'alpha' | 'count' {
  return faceting.sortFacetValuesBy[facet] ?? faceting.sortFacetValuesBy['*'] ?? 'alpha';
}

/** Sets a facet value's count; a plain assignment to "__proto__" would set the prototype instead of a key. */
export function setCount(counts: Record<string, number>, value: string, count: number): void {
  if (value === '__proto__')
    Object.defineProperty(counts, value, { value: count, enumerable: true, writable: true, configurable: true });
  else counts[value] = count;
}

/**
 * One facet's values (already chosen and ordered as the faceting settings say) cut to
 * what `limit` asks for: the first `top`, plus the values of `include`, keeping the order.
 */
export function limitFacet(values: Record<string, number>, limit: FacetLimit | undefined): Record<string, number> {
  if (!limit) return values;
  const top = limit.top ?? 0;
  const include = new Set(limit.include);
  const out: Record<string, number> = {};
  let rank = 0;
  for (const [value, count] of Object.entries(values)) {
    if (rank < top || include.has(value)) setCount(out, value, count);
    rank++;
  }
  return out;
}
