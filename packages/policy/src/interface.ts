import type { PolicyLimitError } from './errors.js'
import type { PolicyBudget } from './evaluate/budget.js'

import type { IPLDValue } from '@capchain/core/token'

export type { IPLDMap, IPLDValue } from '@capchain/core/token'

/** A number as the policy language sees it: integers may arrive as `bigint` when beyond 2^53. */
export type PolicyNumber = number | bigint

// ---------------------------------------------------------------------------
// Selectors

/** `.key` or `["key"]`: a map lookup. */
export interface FieldSegment {
  readonly kind: 'field'
  readonly key: string
  readonly optional: boolean
  /** Offset in the selector source just past this segment (and its `?`s). */
  readonly end: number
}

/** `[i]` or `[-i]`: a list element or a byte of a bytes value. */
export interface IndexSegment {
  readonly kind: 'index'
  readonly index: number
  readonly optional: boolean
  readonly end: number
}

/** `[a:b]`, `[a:]`, `[:b]`: a range of a list or of a bytes value; absent bounds are `undefined`. */
export interface SliceSegment {
  readonly kind: 'slice'
  readonly start: number | undefined
  readonly stop: number | undefined
  readonly optional: boolean
  readonly end: number
}

/** `[]`: the values of a list (itself) or of a map (in canonical key order). */
export interface IterateSegment {
  readonly kind: 'iterate'
  readonly optional: boolean
  readonly end: number
}

export type Segment = FieldSegment | IndexSegment | SliceSegment | IterateSegment

/** A parsed selector. The identity selector `.` has no segments. */
export interface Selector {
  /** The selector exactly as written in the policy. */
  readonly source: string
  readonly segments: readonly Segment[]
}

// ---------------------------------------------------------------------------
// `like` patterns

/** A literal piece of a glob pattern between two wildcards, with its KMP failure table. */
export interface PatternFragment {
  readonly text: string
  readonly table: Int32Array
}

/**
 * A `like` pattern compiled at parse time: the literal text before the first
 * wildcard, after the last one, and the fragments in between. Matching is
 * linear in the length of the subject; see `evaluate/like.ts`.
 */
export interface Pattern {
  /** The pattern as written, escapes included. */
  readonly source: string
  /** False when the pattern has no unescaped `*`: it then matches `prefix` exactly. */
  readonly wildcard: boolean
  readonly prefix: string
  readonly suffix: string
  readonly middle: readonly PatternFragment[]
}

// ---------------------------------------------------------------------------
// Statements

interface StatementBase {
  /** The statement in its IPLD form, exactly as it appeared in the policy. */
  readonly ipld: readonly IPLDValue[]
}

export interface EqualityStatement extends StatementBase {
  readonly op: '==' | '!='
  readonly selector: Selector
  readonly value: IPLDValue
}

export interface InequalityStatement extends StatementBase {
  readonly op: '<' | '<=' | '>' | '>='
  readonly selector: Selector
  readonly value: PolicyNumber
}

export interface LikeStatement extends StatementBase {
  readonly op: 'like'
  readonly selector: Selector
  readonly pattern: Pattern
}

export interface ConnectiveStatement extends StatementBase {
  readonly op: 'and' | 'or'
  readonly statements: readonly Statement[]
}

export interface NegationStatement extends StatementBase {
  readonly op: 'not'
  readonly statement: Statement
}

export interface QuantifierStatement extends StatementBase {
  readonly op: 'all' | 'any'
  readonly selector: Selector
  readonly statement: Statement
}

export type Statement =
  | EqualityStatement
  | InequalityStatement
  | LikeStatement
  | ConnectiveStatement
  | NegationStatement
  | QuantifierStatement

export type Operator = Statement['op']

/** Statements that carry a selector and compare what it selects. */
export type LeafStatement = EqualityStatement | InequalityStatement | LikeStatement

/** A parsed, validated policy: parse once with `parsePolicy`, evaluate many times. */
export interface Policy {
  readonly statements: readonly Statement[]
  /** The policy in its IPLD form, as given to `parsePolicy`. */
  readonly ipld: readonly IPLDValue[]
}

// ---------------------------------------------------------------------------
// Limits and options

/** Resource limits; see `limits.ts` for the defaults and why each exists. */
export interface PolicyLimits {
  /** Maximum nesting depth of statements, and of lists/maps inside a literal. */
  readonly maxDepth: number
  /** Maximum number of statements in a policy, nested ones included. */
  readonly maxStatements: number
  /** Maximum length of a `like` pattern, in UTF-16 code units. */
  readonly maxPatternLength: number
  /** Maximum length of a selector, in UTF-16 code units. */
  readonly maxSelectorLength: number
  /** Maximum evaluation work, in steps, for one `evaluatePolicy` call given no `budget`. */
  readonly maxSteps: number
}

export type PolicyLimitName = keyof PolicyLimits

export interface PolicyOptions {
  /** Overrides for some or all limits; the rest keep their defaults. */
  readonly limits?: Partial<PolicyLimits>
  /**
   * The evaluation budget to spend from, shared with every call it is given
   * to (a verifier passes one for a whole chain). Default: a fresh budget of
   * `limits.maxSteps` steps per call.
   */
  readonly budget?: PolicyBudget
}

// ---------------------------------------------------------------------------
// Results

/** Why a policy denied its arguments, written so a verifier can show it to a person. */
export interface PolicyFailure {
  /** Index in `pol` of the first top-level statement that did not hold. */
  readonly index: number
  /** That top-level statement in its IPLD form. */
  readonly statement: readonly IPLDValue[]
  /** `statement` rendered compactly, e.g. `["<=", ".size", 1048576]`. */
  readonly rendered: string
  /** Position in the policy of the innermost statement responsible, e.g. `pol[0][1][2]`. */
  readonly at: string
  /**
   * The selector whose value explains the failure, relative to the arguments.
   * Inside quantifiers it names the element, e.g. `.files[2].size`.
   */
  readonly selector?: string
  /** What that selector saw; `undefined` when it did not resolve. */
  readonly value?: IPLDValue
  /** One line for a person, e.g. ``pol[0] `["<=", ".size", 1048576]` failed: .size was 3145728``. */
  readonly message: string
  /**
   * Set when evaluation stopped because the budget (`maxSteps`, or the
   * shared `budget`) ran out rather than because a statement was false.
   * The result is still a denial; `index` names the statement that ran out.
   */
  readonly error?: PolicyLimitError
}

export type PolicyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly failure: PolicyFailure }
