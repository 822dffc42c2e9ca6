import { InvalidPolicyError, PolicyLimitError } from '../errors.js'
import type { IPLDValue, PolicyLimits } from '../interface.js'
import { isBytes, isLink, isMap, kindName } from '../ipld/kind.js'

function check(value: unknown, at: string, path: string, depth: number, limits: PolicyLimits): void {
  switch (typeof value) {
    case 'boolean':
    case 'string':
    case 'bigint':
      return
    case 'number':
      if (Number.isFinite(value)) return
      throw new InvalidPolicyError(`literal${path} is ${String(value)}, which IPLD cannot represent`, { at })
    case 'object':
      if (value === null || isBytes(value) || isLink(value)) return
      break
    default:
      throw new InvalidPolicyError(`literal${path} is ${typeof value}, not IPLD data`, { at })
  }
  const isList = Array.isArray(value)
  if (!isList && !isMap(value)) throw new InvalidPolicyError(`literal${path} is a ${kindName(value)}, not IPLD data`, { at })
  if (depth >= limits.maxDepth) {
    throw new PolicyLimitError(
      'maxDepth',
      limits.maxDepth,
      `literal${path} nests lists and maps more than ${limits.maxDepth} deep`,
      { at },
    )
  }
  if (isList) {
    for (let i = 0; i < value.length; i++) check(value[i], at, `${path}[${i}]`, depth + 1, limits)
    return
  }
  for (const key of Object.keys(value)) check(value[key], at, `${path}[${JSON.stringify(key)}]`, depth + 1, limits)
}

/**
 * Checks that an `==`/`!=` argument is IPLD data (no `undefined`, NaN,
 * functions, class instances other than CIDs and bytes) and nests at most
 * `limits.maxDepth` levels, so equality and rendering can recurse on it
 * safely.
 *
 * @param at Position of the literal in the policy, for error messages.
 * @throws {InvalidPolicyError} if the value is not IPLD data.
 * @throws {PolicyLimitError} if it nests deeper than `limits.maxDepth`.
 */
export function checkLiteral(value: unknown, at: string, limits: PolicyLimits): asserts value is IPLDValue {
  check(value, at, '', 0, limits)
}
