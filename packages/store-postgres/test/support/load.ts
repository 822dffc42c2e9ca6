import type { ReserveResult } from '@capchain/store'

/** Reservations made by a few concurrent loops until stopped, each outcome kept by id. */
export class Load {
  readonly accepted = new Set<string>()
  readonly failures: unknown[] = []
  #next = 0
  #running = true
  #waiters: { count: number; resolve: () => void }[] = []
  readonly #loops: Promise<void>[]

  constructor(reserve: (id: string) => Promise<ReserveResult>, loops: number) {
    this.#loops = Array.from({ length: loops }, async () => {
      while (this.#running) {
        const id = `inv-${this.#next++}`
        try {
          if ((await reserve(id)).ok) this.accepted.add(id)
        } catch (error) {
          this.failures.push(error)
        }
        this.#wake()
      }
    })
  }

  /** Resolves once `count` more reservations have been accepted. */
  acceptedMore(count: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ count: this.accepted.size + count, resolve }))
  }

  async stop(): Promise<void> {
    this.#running = false
    await Promise.all(this.#loops)
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((waiter) => waiter.count > this.accepted.size || (waiter.resolve(), false))
  }
}
