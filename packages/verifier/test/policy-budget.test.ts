import { generateSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import type { Delegation, IPLDValue } from '@capchain/core/token'
import { PolicyLimitError } from '@capchain/policy'
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, InvalidOptionsError, MAX_CHAIN_LENGTH, MAX_POLICY_STEPS, PolicyBudgetExceededError, PolicyViolationError } from '../src/index.js'
import { delegate, invoke, NOW, principals } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

/** 10,000 characters, `b` last: `*b*` scans all of it. */
const S = `${'a'.repeat(9999)}b`
/** 1 (statement) + 1 (`.s`) + 1 (no prefix or suffix) + 10,001 (the scan): 10,004 steps, and holds. */
const SCAN: IPLDValue = ['like', '.s', '*b*']
const SCAN_STEPS = 10_004
/** Ten scans: 100,040 steps a link, a tenth of the chain's budget. */
const HEAVY: IPLDValue[] = Array.from({ length: 10 }, () => SCAN)

let p: Principals
let keys: Signer[]

beforeAll(async () => {
  p = await principals()
  keys = await Promise.all(Array.from({ length: MAX_CHAIN_LENGTH }, () => generateSigner('Ed25519')))
})

/** `length` links down from `p.space`, each with `policy` (the last one's with `last`), invoked by the holder. */
async function chainOf(length: number, policy: IPLDValue[], last: IPLDValue[] = policy, maxPolicySteps?: number) {
  const line = [p.space, ...keys.slice(0, length)]
  const delegations: Delegation[] = []
  for (let i = 0; i < length; i++) {
    delegations.push(await delegate(line[i]!, line[i + 1]!, p.space.did(), { policy: i === length - 1 ? last : policy }))
  }
  const invocation = await invoke(line[length]!, { subject: p.space.did(), audience: p.service.did(), args: { s: S }, proofs: delegations })
  const proofs = delegations.map((d) => d.bytes)
  const limits = maxPolicySteps === undefined ? {} : { limits: { maxPolicySteps } }
  return createVerifier().verifyInvocation(invocation.bytes, { proofs, now: NOW, audience: p.service.did(), ...limits })
}

describe('one policy budget for the whole chain', () => {
  it('accepts a chain whose policies together spend just under the budget', async () => {
    // 9 links × 100,040 + 9 scans = 990,396 steps.
    expect(9 * 10 * SCAN_STEPS + 9 * SCAN_STEPS).toBeLessThanOrEqual(MAX_POLICY_STEPS)
    expectAccepted(await chainOf(10, HEAVY, HEAVY.slice(0, 9)))
  })

  it('denies, naming the link and statement, once the links together spend more, though each alone is cheap', async () => {
    // The tenth scan of the tenth link brings the chain to 1,000,400 steps.
    const error = expectDenied(await chainOf(MAX_CHAIN_LENGTH, HEAVY), PolicyBudgetExceededError, 'prf[9]')
    expect(error.code).toBe('ERR_POLICY_BUDGET_EXCEEDED')
    expect(error.limit).toBe(MAX_POLICY_STEPS)
    expect(error.failure.index).toBe(9)
    expect(error.failure.error).toBeInstanceOf(PolicyLimitError)
    // Stopped within the one scan that ran out: the six links after it were never evaluated.
    expect(error.spent).toBeGreaterThan(MAX_POLICY_STEPS)
    expect(error.spent).toBeLessThanOrEqual(MAX_POLICY_STEPS + SCAN_STEPS)
    expect(error.message).toContain(`budget of ${MAX_POLICY_STEPS} steps at prf[9]`)
  })

  it('still answers a statement that is false with a policy violation, not a budget denial', async () => {
    const error = expectDenied(await chainOf(3, HEAVY, [...HEAVY.slice(0, 9), ['like', '.s', '*c*']]), PolicyViolationError, 'prf[2]')
    expect(error.code).toBe('ERR_POLICY_VIOLATION')
    expect(error.failure.index).toBe(9)
    expect(error.failure.error).toBeUndefined()
  })

  it('is configurable (limits.maxPolicySteps): lower, the same chain runs out sooner; higher, it is accepted', async () => {
    const sooner = expectDenied(await chainOf(3, HEAVY, HEAVY, 150_000), PolicyBudgetExceededError, 'prf[1]')
    expect(sooner.limit).toBe(150_000)
    expect(sooner.failure.index).toBe(4)
    expectAccepted(await chainOf(MAX_CHAIN_LENGTH, HEAVY, HEAVY, 16 * 10 * SCAN_STEPS))
    await expect(chainOf(1, HEAVY, HEAVY, 0)).rejects.toBeInstanceOf(InvalidOptionsError)
  })
})
