import type { SearchIndexName } from '#server/search/types.ts';

/**
 * What changed: a search index's entities (people, events, lists) or the skill
 * catalogue. Caches say which topics make them stale.
 */
export type ChangeTopic = SearchIndexName | 'skills';

const listeners = new Map<ChangeTopic | '*', Set<() => void>>();

/**
 * Calls `clear` whenever one of `topics` (or, with '*', anything) changes. Returns a
 * function that stops listening.
 */
export function onDataChanged(topics: readonly ChangeTopic[] | '*', clear: () => void): () => void {
  const keys = topics === '*' ? (['*'] as const) : topics;
  for (const key of keys) {
    const set = listeners.get(key) ?? new Set();
    set.add(clear);
    listeners.set(key, set);
  }
  return () => {
    for (const key of keys) listeners.get(key)?.delete(clear);
  };
}

/**
 * The one place cached reads hear that data changed, so they are dropped at once.
 * Called after a commit in this process, and by the search outbox worker after it
 * applied a batch of index jobs (every change that search sees goes through it).
 * Other processes find out when their own worker applies the same jobs, or when
 * their caches expire; a shared change log can call this too. Never call it from a
 * loader: a cache that clears itself while it fills serves stale data anyway.
 */
export function dataChanged(...topics: ChangeTopic[]): void {
  const called = new Set<() => void>();
  for (const key of ['*' as const, ...topics]) {
    for (const clear of listeners.get(key) ?? []) {
      if (called.has(clear)) continue;
      called.add(clear);
      clear();
    }
  }
}
