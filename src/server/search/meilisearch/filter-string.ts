import { isNot, isRange } from '#server/search/filters.ts';
import type { FilterValue, SearchFilters } from '#server/search/types.ts';

function literal(value: FilterValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The structured filters as a Meilisearch filter expression (AND of per-field clauses). */
export function toMeiliFilter(filters: SearchFilters | undefined): string | undefined {
  const clauses: string[] = [];
  for (const [field, condition] of Object.entries(filters ?? {})) {
    if (!/^[A-Za-z_][\w.]*$/.test(field)) throw new Error(`Invalid filter attribute: ${field}`);
    if (isRange(condition)) {
      const parts: string[] = [];
      if (condition.gte !== undefined) parts.push(`${field} >= ${literal(condition.gte)}`);
      if (condition.lte !== undefined) parts.push(`${field} <= ${literal(condition.lte)}`);
      if (parts.length) clauses.push(`(${parts.join(' AND ')})`);
    } else if (isNot(condition)) {
      if (condition.not.length) clauses.push(`NOT ${field} IN [${condition.not.map(literal).join(', ')}]`);
    } else if (Array.isArray(condition)) {
      clauses.push(condition.length ? `${field} IN [${condition.map(literal).join(', ')}]` : `${field} IN []`);
    } else {
      clauses.push(`${field} = ${literal(condition)}`);
    }
  }
  return clauses.length ? clauses.join(' AND ') : undefined;
}
