import { StoreClosedError } from '../errors.js'

/** Open/closed state shared by the stores of one `createMemoryStore`. */
export class Lifetime {
  #open = true

  /** @throws {StoreClosedError} after `close` */
  check(): void {
    if (!this.#open) throw new StoreClosedError()
  }

  close(): void {
    this.#open = false
  }
}
