/** The outcome of one fixture case. */
export interface CaseResult {
  /** `<file name>: <case name>` */
  readonly name: string
  readonly ok: boolean
  /** Why it failed; for a passing case, a short note of what was checked. */
  readonly detail: string
}

/**
 * A fixture file recognised by its shape: the three ucan-wg/spec 1.0.0
 * formats, and capchain's own vector files (docs/conformance.md), which
 * extend the invocation format and add stateful sequences.
 */
export type FixtureKind = 'delegation' | 'invocation' | 'policy' | 'capchain-invocation' | 'capchain-sequence' | 'capchain-evm'
