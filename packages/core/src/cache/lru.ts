/**
 * A bounded, approximately least-recently-used map in two generations (the
 * "hashlru" scheme): new and recently read entries live in the current
 * generation; when it holds half the capacity, by count or by weight, it
 * becomes the previous one and the old previous generation is dropped
 * whole. A read of a previous entry moves it to the current generation.
 * Every operation is O(1) and a read of a current entry touches one `Map`
 * lookup, which matters on the verification hot path; at most `capacity`
 * entries and `maxWeight` of weight are held.
 */
export class Lru<K, V> {
  readonly #half: number
  readonly #halfWeight: number
  #current = new Map<K, Entry<V>>()
  #previous = new Map<K, Entry<V>>()
  #currentWeight = 0
  #previousWeight = 0

  /**
   * @param capacity - most entries, at least 1
   * @param maxWeight - most total weight (what `set` and `addWeight` charge, e.g. bytes); unbounded by default
   */
  constructor(
    readonly capacity: number,
    readonly maxWeight = Infinity,
  ) {
    this.#half = Math.ceil(capacity / 2)
    this.#halfWeight = maxWeight / 2
  }

  get size(): number {
    return this.#current.size + this.#previous.size
  }

  /** Total weight held. */
  get weight(): number {
    return this.#currentWeight + this.#previousWeight
  }

  get(key: K): V | undefined {
    const entry = this.#current.get(key)
    if (entry !== undefined) return entry.value
    const old = this.#previous.get(key)
    if (old === undefined) return undefined
    this.#previous.delete(key)
    this.#previousWeight -= old.weight
    this.#insert(key, old)
    return old.value
  }

  set(key: K, value: V, weight = 0): void {
    this.delete(key)
    this.#insert(key, { value, weight })
  }

  /** Charge `key`'s entry `weight` more (its value grew); nothing when absent. */
  addWeight(key: K, weight: number): void {
    const entry = this.#current.get(key) ?? this.#previous.get(key)
    if (entry === undefined) return
    this.delete(key)
    entry.weight += weight
    this.#insert(key, entry)
  }

  delete(key: K): void {
    const current = this.#current.get(key)
    if (current !== undefined) {
      this.#current.delete(key)
      this.#currentWeight -= current.weight
    }
    const previous = this.#previous.get(key)
    if (previous !== undefined) {
      this.#previous.delete(key)
      this.#previousWeight -= previous.weight
    }
  }

  clear(): void {
    this.#current.clear()
    this.#previous.clear()
    this.#currentWeight = 0
    this.#previousWeight = 0
  }

  #insert(key: K, entry: Entry<V>): void {
    this.#current.set(key, entry)
    this.#currentWeight += entry.weight
    if (this.#current.size >= this.#half || this.#currentWeight >= this.#halfWeight) {
      this.#previous = this.#current
      this.#previousWeight = this.#currentWeight
      this.#current = new Map()
      this.#currentWeight = 0
    }
  }
}

interface Entry<V> {
  readonly value: V
  weight: number
}
