/**
 * A bounded, approximately least-recently-used map in two generations (the
 * "hashlru" scheme): new and recently read entries live in the current
 * generation; when it holds half the capacity it becomes the previous one
 * and the old previous generation is dropped whole. A read of a previous
 * entry moves it to the current generation. Every operation is O(1) and a
 * read of a current entry touches one `Map` lookup, which matters on the
 * verification hot path; at most `capacity` entries are held.
 */
export class Lru<K, V> {
  readonly #half: number
  #current = new Map<K, V>()
  #previous = new Map<K, V>()

  constructor(readonly capacity: number) {
    this.#half = Math.ceil(capacity / 2)
  }

  get size(): number {
    return this.#current.size + this.#previous.size
  }

  get(key: K): V | undefined {
    const value = this.#current.get(key)
    if (value !== undefined) return value
    const old = this.#previous.get(key)
    if (old !== undefined) {
      this.#previous.delete(key)
      this.#insert(key, old)
    }
    return old
  }

  set(key: K, value: V): void {
    if (this.#current.has(key)) {
      this.#current.set(key, value)
      return
    }
    this.#previous.delete(key)
    this.#insert(key, value)
  }

  delete(key: K): void {
    this.#current.delete(key)
    this.#previous.delete(key)
  }

  clear(): void {
    this.#current.clear()
    this.#previous.clear()
  }

  #insert(key: K, value: V): void {
    this.#current.set(key, value)
    if (this.#current.size >= this.#half) {
      this.#previous = this.#current
      this.#current = new Map()
    }
  }
}
