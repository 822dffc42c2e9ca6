import { checkLimit } from '../limits.js'

/**
 * The evaluation work budget. One step is one unit of work actually done
 * (see `DEFAULT_MAX_STEPS`), so the budget bounds time, not statements.
 * Running out unwinds the whole evaluation by throwing `EXHAUSTED`, which
 * `evaluatePolicy` catches and turns into a failed result; it never escapes
 * this package.
 */

class BudgetExhausted {}

/** The one value thrown when a budget runs out; compare by identity. */
export const EXHAUSTED: unknown = new BudgetExhausted()

/**
 * Steps left for one or more policy evaluations. Pass the same budget to
 * several `evaluatePolicy` calls (`options.budget`) to bound them together:
 * a verifier spends one budget on every policy of a chain, so a chain
 * costs at most one budget, whatever its length.
 */
export class PolicyBudget {
  #spent = 0

  /** @throws {InvalidPolicyOptionsError} if `max` is not a positive integer or `Infinity`. */
  constructor(readonly max: number) {
    checkLimit('maxSteps', max)
  }

  /** Steps charged so far; past `max` by at most the one charge that ran out. */
  get spent(): number {
    return this.#spent
  }

  /** Whether a charge has run past `max`: every later evaluation with this budget is a denial. */
  get exhausted(): boolean {
    return this.#spent > this.max
  }

  /** @throws {BudgetExhausted} `EXHAUSTED` once more than `max` steps have been spent. */
  spend(steps: number): void {
    this.#spent += steps
    if (this.#spent > this.max) throw EXHAUSTED
  }
}
