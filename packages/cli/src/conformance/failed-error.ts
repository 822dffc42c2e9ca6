import { CapchainError } from '@capchain/core/errors'

/** A conformance run with a failing case, or with no case at all (exit code 1). */
export class ConformanceFailedError extends CapchainError {
  declare readonly code: 'ERR_CONFORMANCE_FAILED'

  /**
   * @param failed - cases that failed
   * @param total - cases run
   */
  constructor(failed: number, total: number) {
    super('ERR_CONFORMANCE_FAILED', total === 0 ? 'the files hold no conformance case' : `${failed} of ${total} conformance cases failed`)
  }
}
