/**
 * A tiny least-recently-used map.
 *
 * Hand-written rather than a dependency because it sits on the verification
 * hot path (one lookup per token signature) and needs only what a `Map`
 * already gives: insertion order. A hit re-inserts the entry so it becomes the
 * newest; an insert beyond `maxEntries` drops the oldest entry. Both are O(1).
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>()

  /** @param maxEntries - at least 1; a module constant at every call site. */
  constructor(readonly maxEntries: number) {}

  /** Number of entries held, never more than `maxEntries`. */
  get size(): number {
    return this.#entries.size
  }

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
