/**
 * ReCap caveats ↔ UCAN policies (docs/siwe-root.md, "Caveats"):
 * - `{}` is no constraint: policy `[]`;
 * - `{"pol": [...]}` carries a UCAN policy verbatim (its JSON form);
 * - any other key is refused: a restriction we did not understand would
 *   otherwise be dropped, widening the grant;
 * - several caveat objects are alternatives (EIP-5573: `msg/send` "limited to
 *   sending to someone@… or joe@…"): `[["or", [["and", p1], ["and", p2], …]]]`;
 * - no caveat object at all grants nothing (EIP-5573) and is refused.
 */
import { CapchainError } from '@capchain/core/errors'
import type { IPLDValue } from '@capchain/core/token'
import { parsePolicy } from '@capchain/policy'
import { InvalidRootCapabilityError } from '../errors.js'
import { quote } from '../message/fields.js'
import type { RecapCaveat } from '../recap/interface.js'

/** Freeze a JSON-shaped value all the way down, so a verified root cannot be edited after the fact. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

/** Parse `policy` as a UCAN policy, or fail naming `at`. */
function checkPolicy(policy: unknown, at: string): void {
  try {
    parsePolicy(policy)
  } catch (cause) {
    if (!(cause instanceof CapchainError)) throw cause
    throw new InvalidRootCapabilityError(`not a UCAN policy: ${cause.message}`, { at, cause })
  }
}

/**
 * The policy an ability's caveats amount to. `at` locates the caveat list.
 * @throws {InvalidRootCapabilityError} if the list is empty, a caveat has a key other than `pol`, or a policy is invalid.
 */
export function policyFromCaveats(caveats: readonly RecapCaveat[], at: string): readonly IPLDValue[] {
  if (caveats.length === 0) {
    throw new InvalidRootCapabilityError(
      'an ability with no caveat object grants nothing (EIP-5573); a root refuses it rather than guess what it was meant to withhold',
      { at },
    )
  }
  const policies = caveats.map((caveat, i) => {
    const unknown = Object.keys(caveat).find((key) => key !== 'pol')
    if (unknown !== undefined) {
      throw new InvalidRootCapabilityError(`unknown caveat key ${quote(unknown)}; a caveat is {} or {"pol": <UCAN policy>}`, {
        at: `${at}[${i}]`,
      })
    }
    // `{"pol": null}` is not `{}`: only a missing key means no constraint.
    const policy = Object.hasOwn(caveat, 'pol') ? caveat.pol : []
    checkPolicy(policy, `${at}[${i}].pol`)
    return policy as IPLDValue[]
  })
  const policy: IPLDValue[] = policies.length === 1 ? (policies[0] as IPLDValue[]) : [['or', policies.map((p) => ['and', p])]]
  // Each alternative parsed alone; together they must still fit the policy limits.
  checkPolicy(policy, at)
  return deepFreeze(policy)
}

/** The caveat that carries `policy`: `{}` for `[]`, else `{"pol": policy}`. */
export function caveatFromPolicy(policy: readonly IPLDValue[]): RecapCaveat {
  return policy.length === 0 ? {} : ({ pol: policy } as unknown as RecapCaveat)
}
