/**
 * The evaluation work budget (`maxSteps`). Running out unwinds the whole
 * evaluation by throwing `EXHAUSTED`, which `evaluatePolicy` catches and
 * turns into a failed result; it never escapes this package.
 */

class BudgetExhausted {}

/** The one value thrown when a budget runs out; compare by identity. */
export const EXHAUSTED: unknown = new BudgetExhausted()

export class Budget {
  remaining: number

  constructor(readonly max: number) {
    this.remaining = max
  }

  /** @throws {BudgetExhausted} `EXHAUSTED` once more than `max` steps have been spent. */
  spend(steps: number): void {
    this.remaining -= steps
    if (this.remaining < 0) throw EXHAUSTED
  }
}
