import type { FilterValue, IndexDefinition, SearchFilters } from './types.ts';

/** A query the engine refuses (unknown filter or sort attribute): a programming error, not user input. */
export class SearchQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

type Condition = SearchFilters[string];

export function isRange(c: Condition): c is { gte?: number; lte?: number } {
  return typeof c === 'object' && c !== null && !Array.isArray(c) && ('gte' in c || 'lte' in c);
}

export function isNot(c: Condition): c is { not: FilterValue[] } {
  return typeof c === 'object' && c !== null && !Array.isArray(c) && 'not' in c;
}

/** Refuses filters, facets and sorts on attributes the index does not declare, as Meilisearch does. */
export function checkQueryAttributes(
  definition: IndexDefinition,
  filters: SearchFilters | undefined,
  facets: string[] | undefined,
  sort: string[] | undefined,
): void {
  const filterable = new Set(definition.filterableAttributes);
  for (const field of [...Object.keys(filters ?? {}), ...(facets ?? [])]) {
    if (!filterable.has(field))
      throw new SearchQueryError(`"${field}" is not filterable in the ${definition.name} index`);
  }
  const sortable = new Set(definition.sortableAttributes);
  for (const s of sort ?? []) {
    const [field] = s.split(':');
    if (!field || !sortable.has(field))
      throw new SearchQueryError(`"${s}" is not a sortable attribute of the ${definition.name} index`);
  }
}
