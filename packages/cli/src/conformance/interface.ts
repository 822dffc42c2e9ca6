/** The outcome of one fixture case. */
export interface CaseResult {
  /** `<file name>: <case name>` */
  readonly name: string
  readonly ok: boolean
  /** Why it failed; for a passing case, a short note of what was checked. */
  readonly detail: string
}

/** A fixture file recognised by its shape. */
export type FixtureKind = 'delegation' | 'invocation' | 'policy'
