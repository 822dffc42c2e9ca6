/**
 * Raw verifies timed on the serving thread, while the load generator loads
 * it: the unit the guard bench counts a route's cost in under load
 * (overhead.ts). Only the verify call is timed, with `process.hrtime`, so
 * the figure is the verify's own, slowed as the load slows it.
 */

/** The verifies a route timed during one phase's timed run. */
export interface TimedVerifies {
  /** How many were timed. */
  readonly count: number
  /** Their mean, µs; `null` when none was. */
  readonly meanUs: number | null
}

/** Sums the verifies' times; `reset` before the timed run, so warm-ups are not counted. */
export class VerifyTimer {
  // Nanoseconds, summed as `hrtime.bigint` reads them (bigints) and converted once, in `read`.
  #totalNs = 0n
  #count = 0

  reset(): void {
    this.#totalNs = 0n
    this.#count = 0
  }

  /**
   * Run `verify`, adding its time; returns what it returned.
   *
   * @throws what `verify` throws (its time is then not counted)
   */
  time<T>(verify: () => T): T {
    const started = process.hrtime.bigint()
    const result = verify()
    this.#totalNs += process.hrtime.bigint() - started
    this.#count++
    return result
  }

  read(): TimedVerifies {
    return { count: this.#count, meanUs: this.#count === 0 ? null : Number((Number(this.#totalNs) / this.#count / 1000).toFixed(2)) }
  }
}
