import type { FacetingSettings, IndexDefinition } from './types.ts';

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
