/**
 * A bounded least-recently-used map, the smallest the root cache needs.
 *
 * The same scheme as `@capchain/core`'s principal `Lru`, which that package
 * does not export: a `Map` keeps insertion order, a hit re-inserts its entry
 * as the newest, an insert beyond `maxEntries` drops the oldest. Both O(1).
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>()

  /** @param maxEntries - at least 1 (checked by the caller, which owns the option). */
  constructor(readonly maxEntries: number) {}

  /** The value for `key`, marking it most recently used; `undefined` if absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used one if full. */
  set(key: K, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
  }
}
