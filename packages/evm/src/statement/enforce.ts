import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { selectValue } from '@capchain/policy'
import type { CallShape } from '../call/shapes.js'
import { EvmLimitError, ForbiddenCallShapeError, InvalidEvmStatementError } from '../errors.js'
import { readInt } from '../profile/uint.js'
import { readEvmStatement } from './statement.js'
import type { UintComparison } from './statement.js'

/** The statements a delegation of the chain holds for the profile, as the guard hands them over. */
export interface LinkStatements {
  /** The delegation's CID (string form), for errors. */
  readonly cid: string
  /** Whether this link is the chain's root: the only one whose grant can allow a shape. */
  readonly root: boolean
  readonly statements: readonly IPLDValue[]
}

/**
 * Enforce the chain's EVM statements on an invocation's `args`.
 *
 * Every comparison of every link must hold. A dangerous shape of the call
 * is allowed only when the root's grant lists it and every later link that
 * lists shapes lists it too: later links can only narrow, so a sub-agent
 * cannot allow itself a shape the user never granted.
 *
 * @throws {InvalidEvmStatementError} a statement that is not an EVM statement (the guard hands over every capchain statement that is not a cap)
 * @throws {EvmLimitError} a comparison that does not hold
 * @throws {ForbiddenCallShapeError} a shape of the call not allowed so
 */
export function enforceEvmStatements(links: readonly LinkStatements[], args: IPLDMap, shapes: readonly CallShape[]): void {
  let allowed = new Set<CallShape>()
  let rootSeen = false
  for (const link of links) {
    const listed = new Set<CallShape>()
    let listsShapes = false
    link.statements.forEach((statement, i) => {
      const where = { at: `pol[${i}]`, cid: link.cid }
      const constraint = readEvmStatement(statement, where)
      if (constraint === undefined) throw new InvalidEvmStatementError(`${where.at}: a statement this profile does not enforce`, where)
      for (const comparison of constraint.uint ?? []) checkComparison(comparison, args, where)
      if (constraint.shapes !== undefined) {
        listsShapes = true
        for (const shape of constraint.shapes) listed.add(shape)
      }
    })
    if (link.root) {
      rootSeen = true
      allowed = listed
    } else if (listsShapes) {
      allowed = new Set([...allowed].filter((shape) => listed.has(shape)))
    }
  }
  const refused = shapes.find((shape) => !rootSeen || !allowed.has(shape))
  if (refused !== undefined) {
    throw new ForbiddenCallShapeError(refused, "the chain's root grant does not list it, or a later link leaves it out", { at: 'args' })
  }
}

function checkComparison([op, selector, bound, only]: UintComparison, args: IPLDMap, where: { at: string; cid: string }): void {
  // The call's selector in args was checked against the calldata before any statement is enforced.
  if (only !== undefined && selectValue('.call?.selector?', args) !== only) return
  const selected = selectValue(selector, args)
  const value = readInt(selected)
  const limit = BigInt(bound)
  const holds =
    value !== undefined &&
    (op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : op === '>=' ? value >= limit : value === limit)
  if (!holds) {
    const seen = value === undefined ? 'no integer' : value.toString()
    throw new EvmLimitError(`${where.at}: ${selector} ${op} ${bound} does not hold (${selector} is ${seen})`, where)
  }
}
