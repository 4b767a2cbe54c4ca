import { type ChangeTopic, onDataChanged } from './invalidation.ts';

export interface TtlCacheOptions<V> {
  /** How long an entry is served, in ms; a function is read on every store (configuration). 0 stores nothing. */
  ttlMs: number | (() => number);
  /** Entries kept at most; the least recently used go first. */
  maxEntries: number;
  /** With `weigh`: the total weight kept at most (bytes, say). */
  maxWeight?: number;
  weigh?: (value: V) => number;
  /** Topics whose changes empty the cache at once (see invalidation.ts). */
  clearOn?: readonly ChangeTopic[] | '*';
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  weight: number;
}

/**
 * A small in-memory cache with a time to live, bounded by entry count (and optionally
 * by weight), least recently used evicted first. A promise is cached as it is, so
 * concurrent callers share one load, and forgotten if it rejects. `generation` goes
 * up on every clear, so a caller can refuse to store what it computed across one.
 */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #options: TtlCacheOptions<V>;
  #weight = 0;
  #generation = 0;

  constructor(options: TtlCacheOptions<V>) {
    this.#options = options;
    if (options.clearOn) onDataChanged(options.clearOn, () => this.clear());
  }

  #ttl(): number {
    const { ttlMs } = this.#options;
    return typeof ttlMs === 'function' ? ttlMs() : ttlMs;
  }

  /** Bumped by every `clear()`. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The live value for `key` (it becomes the most recently used), or undefined. */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= now) {
      this.#weight -= entry.weight;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value, then evicts the least recently used entries beyond the bounds. */
  set(key: K, value: V, now = Date.now()): void {
    const ttl = this.#ttl();
    if (ttl <= 0) return;
    this.delete(key);
    const weight = this.#options.weigh?.(value) ?? 0;
    this.#entries.set(key, { value, expiresAt: now + ttl, weight });
    this.#weight += weight;
    this.#evict();
    if (value instanceof Promise) value.catch(() => this.forget(key, value));
  }

  /**
   * Weighs `key` again while it still holds `value` (a promise whose weight is known only
   * once it settles), then evicts the least recently used entries beyond the bounds; an
   * entry heavier than the whole bound is dropped by itself.
   */
  reweigh(key: K, value: V): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.value !== value) return;
    const weight = this.#options.weigh?.(value) ?? 0;
    // Heavier than the whole bound: dropped alone rather than emptying the cache for it.
    if (weight > (this.#options.maxWeight ?? Number.POSITIVE_INFINITY)) {
      this.delete(key);
      return;
    }
    this.#weight += weight - entry.weight;
    entry.weight = weight;
    this.#evict();
  }

  #evict(): void {
    const maxWeight = this.#options.maxWeight ?? Number.POSITIVE_INFINITY;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#weight <= maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  /** The cached value for `key`, or `load()`'s, stored for next time. */
  getOrLoad(key: K, load: () => V, now = Date.now()): V {
    const hit = this.get(key, now);
    if (hit !== undefined) return hit;
    const value = load();
    this.set(key, value, now);
    return value;
  }

  /** Drops `key`, but only while it still holds `value` (a newer value stays). */
  forget(key: K, value: V): void {
    if (this.#entries.get(key)?.value === value) this.delete(key);
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  /** Empties the cache and starts a new generation. */
  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
    this.#generation++;
  }
}
