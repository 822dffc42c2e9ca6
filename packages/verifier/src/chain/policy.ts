/**
 * Policies (delegation spec "Policy", invocation spec "Arguments"): the
 * invocation's `args` must satisfy the policy of every delegation in the
 * chain, root first. A child cannot loosen its parent: the parent's policy
 * is evaluated too, whatever the child says.
 *
 * Each policy is parsed once per token and the parsed form kept in the token
 * cache by CID; evaluation against `args` is never cached.
 */
import { CapchainError } from '@capchain/core/errors'
import type { IPLDMap } from '@capchain/core/token'
import { evaluatePolicy, parsePolicy } from '@capchain/policy'
import { cidKey } from '../cid-key.js'
import { PolicyUnparsableError, PolicyViolationError, VerificationError } from '../errors.js'
import type { ParsedPolicy, TokenCache, TokenMemo } from '../signature/cache.js'
import { where } from './link.js'
import type { DelegationLink } from './link.js'

/** The parsed policy of a delegation, from the cache or parsed now. */
export function parsedPolicy(link: DelegationLink, cache: TokenCache, known?: TokenMemo): ParsedPolicy | VerificationError {
  // A foreign root's policy is the grant chosen for this chain, not a property of its CID: never cache it.
  // Neither a foreign root's policy (the grant chosen for this chain) nor a caller-decoded token's is a property of its CID.
  const memo = link.root === undefined && link.callerDecoded === undefined ? (known ?? cache.memo(cidKey(link.cid))) : undefined
  if (memo?.policy !== undefined) return memo.policy
  let policy: ParsedPolicy
  try {
    policy = parsePolicy(link.token.payload.pol)
  } catch (cause) {
    if (cause instanceof CapchainError) return new PolicyUnparsableError(cause, where(link))
    throw cause
  }
  if (memo !== undefined) memo.policy = policy
  return policy
}

/**
 * Every delegation's policy holds on `args`, or the first (root first) that
 * does not. `memos[i]`, when given, is the cache entry of `delegations[i]`
 * (saves looking it up again).
 */
export function checkPolicies(
  delegations: readonly DelegationLink[],
  args: IPLDMap,
  cache: TokenCache,
  memos?: readonly (TokenMemo | undefined)[],
): VerificationError | undefined {
  for (let i = 0; i < delegations.length; i++) {
    const link = delegations[i]!
    const policy = parsedPolicy(link, cache, memos?.[i])
    if (policy instanceof VerificationError) return policy
    const result = evaluatePolicy(policy, args)
    if (!result.ok) return new PolicyViolationError(result.failure, where(link))
  }
  return undefined
}
