/**
 * Policies (delegation spec "Policy", invocation spec "Arguments"): the
 * invocation's `args` must satisfy the policy of every delegation in the
 * chain, root first. A child cannot loosen its parent: the parent's policy
 * is evaluated too, whatever the child says.
 *
 * Each policy is split (the statements the service enforces itself, when
 * the verifier has `serviceCaveats`) and parsed once per token, and the
 * result kept in the token cache by CID; evaluation against `args` is never
 * cached. All the policies of a chain spend from one evaluation budget, so a
 * long chain of costly policies costs no more than a short one.
 */
import { CapchainError } from '@capchain/core/errors'
import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { evaluatePolicy, parsePolicy, PolicyBudget } from '@capchain/policy'
import { cidKey } from '../cid-key.js'
import { PolicyBudgetExceededError, PolicyUnparsableError, PolicyViolationError, VerificationError } from '../errors.js'
import type { EnforcedCaveat, ServiceCaveats } from '../interface.js'
import type { PolicyMemo, TokenCache, TokenMemo } from '../signature/cache.js'
import { where } from './link.js'
import type { DelegationLink } from './link.js'

const NOTHING_ENFORCED: readonly IPLDValue[] = Object.freeze([])
const NO_CAVEATS: readonly EnforcedCaveat[] = Object.freeze([])

/** The parsed policy of a delegation and the statements the service enforces, from the cache or made now. */
export function parsedPolicy(
  link: DelegationLink,
  cache: TokenCache,
  serviceCaveats: ServiceCaveats | undefined,
  known?: TokenMemo,
): PolicyMemo | VerificationError {
  // Neither a foreign root's policy (the grant chosen for this chain) nor a caller-decoded token's is a property of its CID.
  const memo = link.root === undefined && link.callerDecoded === undefined ? (known ?? cache.memo(cidKey(link.cid))) : undefined
  if (memo?.policy !== undefined) return memo.policy
  let policy: PolicyMemo
  try {
    const { enforced, rest } = serviceCaveats === undefined ? { enforced: NOTHING_ENFORCED, rest: link.token.payload.pol } : serviceCaveats.split(link.token.payload.pol, link)
    policy = { parsed: parsePolicy(rest), enforced }
  } catch (cause) {
    if (cause instanceof CapchainError) return new PolicyUnparsableError(cause, where(link))
    throw cause
  }
  if (memo !== undefined) memo.policy = policy
  return policy
}

/**
 * Every delegation's policy holds on `args`, or the first (root first) that
 * does not, or the link where the chain's one budget of `maxSteps`
 * (`limits.maxPolicySteps`) ran out.
 * Answers the statements the service enforces, per link. `memos[i]`, when
 * given, is the cache entry of `delegations[i]` (saves looking it up again).
 */
export function checkPolicies(
  delegations: readonly DelegationLink[],
  args: IPLDMap,
  cache: TokenCache,
  serviceCaveats: ServiceCaveats | undefined,
  memos: readonly (TokenMemo | undefined)[] | undefined,
  maxSteps: number,
): readonly EnforcedCaveat[] | VerificationError {
  const budget = new PolicyBudget(maxSteps)
  let enforced: EnforcedCaveat[] | undefined
  for (let i = 0; i < delegations.length; i++) {
    const link = delegations[i]!
    const policy = parsedPolicy(link, cache, serviceCaveats, memos?.[i])
    if (policy instanceof VerificationError) return policy
    const result = evaluatePolicy(policy.parsed, args, { budget })
    if (!result.ok) {
      const ranOut = result.failure.error?.limit === 'maxSteps'
      return ranOut ? new PolicyBudgetExceededError(result.failure, maxSteps, budget.spent, where(link)) : new PolicyViolationError(result.failure, where(link))
    }
    if (policy.enforced.length > 0) (enforced ??= []).push({ cid: link.cid, at: link.at, statements: policy.enforced })
  }
  return enforced ?? NO_CAVEATS
}
