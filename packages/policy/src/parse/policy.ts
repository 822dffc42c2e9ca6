import { InvalidPolicyError } from '../errors.js'
import type { IPLDValue, Policy, PolicyOptions, Statement } from '../interface.js'
import { kindName } from '../ipld/kind.js'
import { resolveLimits } from '../limits.js'
import type { ParseContext } from './statement.js'
import { parseStatement } from './statement.js'

/**
 * Policies made by `parsePolicy`. `evaluatePolicy` skips parsing only for
 * these, so a hand-built object that merely looks like a `Policy` is
 * validated like any other input instead of being trusted.
 */
const parsedPolicies = new WeakSet<object>()

/** True if `value` was returned by `parsePolicy`. */
export function isParsedPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && parsedPolicies.has(value)
}

/**
 * Parses and validates a policy in its IPLD form (the `pol` field of a
 * delegation: a list of statements). Parse once, then evaluate as often as
 * needed: selectors are tokenised, `like` patterns compiled and literals
 * checked here, never during evaluation.
 *
 * The parsed policy keeps references into `ipld` (for failure reports and
 * `==` literals); do not mutate it afterwards.
 *
 * @throws {InvalidPolicyError} (`ERR_POLICY_INVALID`) if the policy is malformed; `at` names the position.
 * @throws {PolicyLimitError} (`ERR_POLICY_LIMIT`) if it exceeds a static limit.
 * @throws {InvalidPolicyOptionsError} (`ERR_POLICY_OPTIONS_INVALID`) if a limit override is not a positive integer.
 */
export function parsePolicy(ipld: unknown, options?: PolicyOptions): Policy {
  const context: ParseContext = { limits: resolveLimits(options), count: 0 }
  if (!Array.isArray(ipld)) {
    throw new InvalidPolicyError(`policy must be a list of statements, got ${kindName(ipld)}`, { at: 'pol' })
  }
  const statements: Statement[] = []
  for (let i = 0; i < ipld.length; i++) statements.push(parseStatement(ipld[i], `pol[${i}]`, 1, context))
  const policy: Policy = Object.freeze({ statements: Object.freeze(statements), ipld: ipld as readonly IPLDValue[] })
  parsedPolicies.add(policy)
  return policy
}
