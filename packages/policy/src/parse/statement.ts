import { InvalidPolicyError, PolicyLimitError } from '../errors.js'
import type { IPLDValue, PolicyLimits, Selector, Statement } from '../interface.js'
import { isPolicyNumber, kindName } from '../ipld/kind.js'
import { compilePattern } from './pattern.js'
import { parseSelectorAt } from './selector.js'
import { checkLiteral } from './value.js'

/** State shared by every statement of one policy while it is parsed. */
export interface ParseContext {
  readonly limits: PolicyLimits
  /** Statements seen so far, nested ones included. */
  count: number
}

const SHAPES: Record<string, { readonly length: number; readonly shape: string }> = {
  '==': { length: 3, shape: '["==", selector, value]' },
  '!=': { length: 3, shape: '["!=", selector, value]' },
  '<': { length: 3, shape: '["<", selector, number]' },
  '<=': { length: 3, shape: '["<=", selector, number]' },
  '>': { length: 3, shape: '[">", selector, number]' },
  '>=': { length: 3, shape: '[">=", selector, number]' },
  like: { length: 3, shape: '["like", selector, pattern]' },
  and: { length: 2, shape: '["and", [statement, …]]' },
  or: { length: 2, shape: '["or", [statement, …]]' },
  not: { length: 2, shape: '["not", statement]' },
  all: { length: 3, shape: '["all", selector, statement]' },
  any: { length: 3, shape: '["any", selector, statement]' },
}

function selectorAt(raw: unknown, at: string, limits: PolicyLimits): Selector {
  if (typeof raw !== 'string') throw new InvalidPolicyError(`selector must be a string, got ${kindName(raw)}`, { at })
  return parseSelectorAt(raw, at, limits)
}

/**
 * Parses one statement (and, recursively, the statements inside it).
 *
 * @param at Position of the statement, e.g. `pol[2]` or `pol[0][1][3]`.
 * @param depth 1 for a top-level statement.
 * @throws {InvalidPolicyError} if the statement or anything inside it is malformed.
 * @throws {PolicyLimitError} if it exceeds `maxDepth`, `maxStatements`,
 *   `maxSelectorLength` or `maxPatternLength`.
 */
export function parseStatement(raw: unknown, at: string, depth: number, context: ParseContext): Statement {
  const { limits } = context
  if (depth > limits.maxDepth) {
    throw new PolicyLimitError('maxDepth', limits.maxDepth, `statements nest more than ${limits.maxDepth} deep`, { at })
  }
  if (++context.count > limits.maxStatements) {
    throw new PolicyLimitError(
      'maxStatements',
      limits.maxStatements,
      `policy has more than ${limits.maxStatements} statements`,
      { at },
    )
  }
  if (!Array.isArray(raw)) throw new InvalidPolicyError(`statement must be a list, got ${kindName(raw)}`, { at })
  const ipld = raw as readonly IPLDValue[]
  const op: unknown = ipld[0]
  if (typeof op !== 'string') {
    throw new InvalidPolicyError(
      ipld.length === 0 ? 'statement is empty' : `operator must be a string, got ${kindName(op)}`,
      { at: ipld.length === 0 ? at : `${at}[0]` },
    )
  }
  const expected = Object.hasOwn(SHAPES, op) ? SHAPES[op] : undefined
  if (expected === undefined) throw new InvalidPolicyError(`unknown operator ${JSON.stringify(op)}`, { at: `${at}[0]` })
  if (ipld.length !== expected.length) {
    throw new InvalidPolicyError(
      `"${op}" takes the form ${expected.shape}: expected ${expected.length} elements, got ${ipld.length}`,
      { at },
    )
  }

  switch (op) {
    case '==':
    case '!=': {
      const selector = selectorAt(ipld[1], `${at}[1]`, limits)
      const value = ipld[2]
      checkLiteral(value, `${at}[2]`, limits)
      return { op, selector, value, ipld }
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const selector = selectorAt(ipld[1], `${at}[1]`, limits)
      const value = ipld[2]
      if (!isPolicyNumber(value)) {
        throw new InvalidPolicyError(`"${op}" compares with a number, got ${kindName(value)}`, { at: `${at}[2]` })
      }
      return { op, selector, value, ipld }
    }
    case 'like': {
      const selector = selectorAt(ipld[1], `${at}[1]`, limits)
      const pattern = ipld[2]
      if (typeof pattern !== 'string') {
        throw new InvalidPolicyError(`"like" needs a string pattern, got ${kindName(pattern)}`, { at: `${at}[2]` })
      }
      return { op, selector, pattern: compilePattern(pattern, `${at}[2]`, limits), ipld }
    }
    case 'and':
    case 'or': {
      const list = ipld[1]
      if (!Array.isArray(list)) {
        throw new InvalidPolicyError(`"${op}" needs a list of statements, got ${kindName(list)}`, { at: `${at}[1]` })
      }
      const statements: Statement[] = []
      for (let i = 0; i < list.length; i++) {
        statements.push(parseStatement(list[i], `${at}[1][${i}]`, depth + 1, context))
      }
      return { op, statements, ipld }
    }
    case 'not':
      return { op, statement: parseStatement(ipld[1], `${at}[1]`, depth + 1, context), ipld }
    default: {
      // SHAPES admits no other operators, so this is `all` or `any`.
      const quantifier = op as 'all' | 'any'
      const selector = selectorAt(ipld[1], `${at}[1]`, limits)
      return { op: quantifier, selector, statement: parseStatement(ipld[2], `${at}[2]`, depth + 1, context), ipld }
    }
  }
}
