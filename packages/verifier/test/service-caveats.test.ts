/**
 * `serviceCaveats`: statements a service enforces itself are taken out of
 * the policies the verifier evaluates and handed to `checkCaveats`; without a
 * hook they deny (fail closed), and a verifier that does not split them
 * evaluates them as ordinary statements.
 */
import { InvalidSignatureError } from '@capchain/core/errors'
import type { IPLDValue } from '@capchain/core/token'
import type { DID } from '@capchain/core/principal'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CaveatDeniedError,
  createVerifier,
  InvalidOptionsError,
  PolicyUnparsableError,
  PolicyViolationError,
  specErrorName,
  UnenforcedCaveatError,
} from '../src/index.js'
import type { CaveatContext, ServiceCaveats } from '../src/index.js'
import { delegate, invoke, NOW, principals } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

/** A quota statement in the fail-closed shape storage uses: `.` (args, a map) never equals a list. */
const quota = (uses: number): IPLDValue => ['==', '.', ['test/quota', { uses }]]
const isQuota = (statement: IPLDValue): boolean =>
  Array.isArray(statement) && Array.isArray(statement[2]) && statement[2][0] === 'test/quota'

const quotas: ServiceCaveats = {
  split: (policy) => ({ enforced: policy.filter(isQuota), rest: policy.filter((s) => !isQuota(s)) }),
}

let p: Principals
let space: DID

beforeAll(async () => {
  p = await principals()
  space = p.space.did()
})

async function quotaChain(invokeArgs: Record<string, IPLDValue> = { size: 10 }) {
  const root = await delegate(p.space, p.alice, space, { policy: [quota(5)] })
  const mid = await delegate(p.alice, p.bob, space, { command: '/storage/write', policy: [['<=', '.size', 1024], quota(2)] })
  const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid], args: invokeArgs })
  return { root, mid, invocation, proofs: [root.bytes, mid.bytes] }
}

describe('serviceCaveats', () => {
  it('hands the enforced statements of every link to the hook, root first, and evaluates the rest', async () => {
    const { root, mid, invocation, proofs } = await quotaChain()
    const checkCaveats = vi.fn((_context: CaveatContext) => undefined)
    const verifier = createVerifier({ serviceCaveats: quotas })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, checkCaveats }))
    const { enforced } = checkCaveats.mock.calls[0]![0]
    expect(enforced.map((e) => [e.cid.toString(), e.at, e.statements])).toEqual([
      [root.cid.toString(), 'prf[0]', [quota(5)]],
      [mid.cid.toString(), 'prf[1]', [quota(2)]],
    ])
    // The rest is still evaluated: the size ceiling of `mid` denies a larger write.
    const big = await quotaChain({ size: 5000 })
    expectDenied(await verifier.verifyInvocation(big.invocation.bytes, { proofs: big.proofs, now: NOW, checkCaveats }), PolicyViolationError, 'prf[1]')
  })

  it('denies a chain with enforced statements when no hook is given (fail closed)', async () => {
    const { invocation, proofs } = await quotaChain()
    const error = expectDenied(
      await createVerifier({ serviceCaveats: quotas }).verifyInvocation(invocation.bytes, { proofs, now: NOW }),
      UnenforcedCaveatError,
      'prf[0]',
    )
    expect(error.code).toBe('ERR_CAVEAT_UNENFORCED')
    expect(specErrorName(error)).toBe('InvalidClaim')
  })

  it('lets the hook deny on those statements', async () => {
    const { invocation, proofs } = await quotaChain()
    const checkCaveats = ({ enforced }: CaveatContext) =>
      enforced.length > 0 ? new CaveatDeniedError('quota used up', { at: enforced[0]!.at }) : undefined
    expectDenied(
      await createVerifier({ serviceCaveats: quotas }).verifyInvocation(invocation.bytes, { proofs, now: NOW, checkCaveats }),
      CaveatDeniedError,
      'prf[0]',
    )
  })

  it('hands the hook no statements for a chain without any', async () => {
    const root = await delegate(p.space, p.alice, space)
    const mid = await delegate(p.alice, p.bob, space, { command: '/storage/write' })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid] })
    const checkCaveats = vi.fn((_context: CaveatContext) => undefined)
    const verifier = createVerifier({ serviceCaveats: quotas })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes, mid.bytes], now: NOW }))
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes, mid.bytes], now: NOW, checkCaveats }))
    expect(checkCaveats.mock.calls[0]![0].enforced).toEqual([])
  })

  it('are ordinary statements to a verifier without serviceCaveats, and can never hold there', async () => {
    const { invocation, proofs } = await quotaChain()
    expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs, now: NOW, checkCaveats: () => undefined }),
      PolicyViolationError,
      'prf[0]',
    )
  })

  it('splits each proof once: the result is cached with its parsed policy', async () => {
    const split = vi.fn(quotas.split)
    const verifier = createVerifier({ serviceCaveats: { split } })
    const { root, mid, proofs } = await quotaChain()
    for (const size of [1, 2, 3]) {
      const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid], args: { size } })
      expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, checkCaveats: () => undefined }))
    }
    expect(split).toHaveBeenCalledTimes(2)
  })

  it('denies a policy the split refuses, with the refusal as the cause', async () => {
    const refusal = new InvalidSignatureError('not a quota this service knows')
    const verifier = createVerifier({
      serviceCaveats: {
        split(policy) {
          if (policy.some(isQuota)) throw refusal
          return { enforced: [], rest: policy }
        },
      },
    })
    const { invocation, proofs } = await quotaChain()
    const error = expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, checkCaveats: () => undefined }), PolicyUnparsableError, 'prf[0]')
    expect(error.cause).toBe(refusal)
  })

  it('is refused without a split function', () => {
    expect(() => createVerifier({ serviceCaveats: {} as ServiceCaveats })).toThrow(InvalidOptionsError)
  })
})
