/**
 * Hostile and malformed input: limits enforced before the work they bound,
 * proofs matched by the hash of their bytes, and no input that throws.
 */
import { encodeContainer } from '@capchain/core/container'
import type { Envelope } from '@capchain/core/token'
import { verifyEnvelopeSignature } from '@capchain/core/envelope'
import type { Verifier } from '@capchain/core/principal'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ChainTooLongError,
  CidMismatchError,
  ContainerTooLargeError,
  createVerifier,
  DuplicateProofError,
  InvalidOptionsError,
  MAX_CHAIN_LENGTH,
  MAX_PROOFS,
  specErrorName,
  TokenTooLargeError,
  TooManyProofsError,
  UnavailableProofError,
  UndecodableContainerError,
  UndecodableTokenError,
  VerificationError,
} from '../src/index.js'
import { delegate, invoke, NOW, principals, standardChain } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

function countingVerifier() {
  const calls = vi.fn((envelope: Envelope, verifier: Verifier) => verifyEnvelopeSignature(envelope, verifier))
  return { calls, verifier: createVerifier({ verifySignature: calls }) }
}

async function cidOf(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(0x71, await sha256.digest(bytes))
}

/** A chain of `length` delegations from the space down to the last signer, and that signer. */
async function longChain(length: number) {
  const signers = [p.space, ...(await Promise.all(Array.from({ length }, () => principals().then((q) => q.alice))))]
  const delegations = []
  for (let i = 0; i < length; i++) {
    delegations.push(await delegate(signers[i]!, signers[i + 1]!, p.space.did()))
  }
  return { delegations, holder: signers[length]! }
}

describe('limits, checked before the work they bound', () => {
  it(`denies a prf longer than maxChainLength (${MAX_CHAIN_LENGTH}) without checking a signature`, async () => {
    const { delegations, holder } = await longChain(MAX_CHAIN_LENGTH + 1)
    const invocation = await invoke(holder, { subject: p.space.did(), command: '/storage', proofs: delegations })
    const proofs = delegations.map((d) => d.bytes)
    const { calls, verifier } = countingVerifier()
    const error = expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), ChainTooLongError, 'invocation')
    expect(error.limit).toBe(MAX_CHAIN_LENGTH)
    expect(calls).not.toHaveBeenCalled()
    // The limit is overridable.
    expectAccepted(
      await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, limits: { maxChainLength: MAX_CHAIN_LENGTH + 1 } }),
    )
  })

  it("takes a verifier's own limits in place of the defaults, a call's limits over both", async () => {
    const { delegations, holder } = await longChain(4)
    const invocation = await invoke(holder, { subject: p.space.did(), command: '/storage', proofs: delegations })
    const proofs = delegations.map((d) => d.bytes)
    const tight = createVerifier({ limits: { maxChainLength: 3 } })
    expect(expectDenied(await tight.verifyInvocation(invocation.bytes, { proofs, now: NOW }), ChainTooLongError, 'invocation').limit).toBe(3)
    expectAccepted(await tight.verifyInvocation(invocation.bytes, { proofs, now: NOW, limits: { maxChainLength: 4 } }))
    expectAccepted(await createVerifier({ limits: { maxChainLength: 4 } }).verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    // The verifier's other limits stay the defaults; a bad one is refused when the verifier is made.
    expect(() => createVerifier({ limits: { maxPolicySteps: 0 } })).toThrow(InvalidOptionsError)
  })

  it(`denies more than maxProofs (${MAX_PROOFS}) supplied tokens without checking a signature`, async () => {
    const { invocation, proofs } = await standardChain(p)
    const extra = await Promise.all(Array.from({ length: MAX_PROOFS - 1 }, () => delegate(p.carol, p.bob, p.carol.did())))
    const supplied = [...proofs, ...extra.map((d) => d.bytes)]
    const { calls, verifier } = countingVerifier()
    const error = expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: supplied, now: NOW }), TooManyProofsError)
    expect(error.count).toBe(MAX_PROOFS + 1)
    expect(calls).not.toHaveBeenCalled()
  })

  it('ignores unreferenced supplied tokens: never decoded, never signature-checked', async () => {
    const { invocation, proofs } = await standardChain(p)
    const unrelated = await delegate(p.carol, p.bob, p.carol.did())
    const garbage = new Uint8Array([0xff, 0x00, 0x13, 0x37])
    const { calls, verifier } = countingVerifier()
    expectAccepted(
      await verifier.verifyInvocation(invocation.bytes, { proofs: [garbage, unrelated.bytes, ...proofs], now: NOW }),
    )
    expect(calls).toHaveBeenCalledTimes(3)
  })

  it('denies a token larger than maxTokenBytes before decoding or hashing it', async () => {
    const { invocation, proofs } = await standardChain(p)
    const tight = { maxTokenBytes: invocation.bytes.length - 1 }
    expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs, now: NOW, limits: tight }),
      TokenTooLargeError,
      'invocation',
    )
    // A supplied token over the limit is refused whether or not it is referenced.
    const bulky = await delegate(p.carol, p.bob, p.carol.did(), { policy: [['==', '.blob', 'x'.repeat(2000)]] })
    const limits = { maxTokenBytes: Math.max(invocation.bytes.length, ...proofs.map((proof) => proof.length)) }
    const result = await createVerifier().verifyInvocation(invocation.bytes, { proofs: [...proofs, bulky.bytes], now: NOW, limits })
    expect(expectDenied(result, TokenTooLargeError, 'proofs[2]').size).toBe(bulky.bytes.length)
  })

  it('denies a container larger than maxContainerBytes before decoding it', async () => {
    const { invocation, proofs } = await standardChain(p)
    const container = encodeContainer(proofs)
    const limits = { maxContainerBytes: container.length - 1 }
    expectDenied(await createVerifier().verifyInvocation(invocation.bytes, { proofs: container, now: NOW, limits }), ContainerTooLargeError)
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { proofs: container, now: NOW }))
  })

  it('throws InvalidOptionsError for limits and times out of range', async () => {
    const { invocation, proofs } = await standardChain(p)
    const verifier = createVerifier()
    await expect(verifier.verifyInvocation(invocation.bytes, { proofs, limits: { maxProofs: 0 } })).rejects.toThrow(InvalidOptionsError)
    await expect(verifier.verifyInvocation(invocation.bytes, { proofs, now: Number.NaN })).rejects.toThrow(InvalidOptionsError)
    await expect(verifier.verifyInvocation(invocation.bytes, { proofs, clockSkew: -1 })).rejects.toThrow(InvalidOptionsError)
    expect(() => createVerifier({ cacheSize: 0 })).toThrow(InvalidOptionsError)
  })
})

describe('proofs are matched by the hash of their bytes', () => {
  it('denies duplicate CIDs in prf', async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(p.bob, { subject: p.space.did(), proofs: [root, root, mid] })
    const error = expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes, mid.bytes], now: NOW }),
      DuplicateProofError,
      'prf[1]',
    )
    expect(error.first).toBe('prf[0]')
  })

  it('does not find a proof whose bytes hash to another CID than prf lists (UnavailableProof)', async () => {
    const { invocation, root, mid } = await standardChain(p)
    const tampered = mid.bytes.slice()
    tampered[10] = tampered[10]! ^ 0x01 // inside the signature: still decodes, hashes differently
    const result = await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes, tampered], now: NOW })
    const error = expectDenied(result, UnavailableProofError, 'prf[1]')
    expect(error.cid).toBe(mid.cid.toString())
    expect(specErrorName(error)).toBe('UnavailableProof')
  })

  it('refuses resolved bytes that do not hash to the CID asked for', async () => {
    const { invocation, root, mid } = await standardChain(p)
    const resolve = vi.fn(async (cid: CID) => (cid.equals(mid.cid) ? root.bytes : undefined))
    const error = expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], resolve, now: NOW }),
      CidMismatchError,
      'prf[1]',
    )
    expect(error.claimed).toBe(mid.cid.toString())
    expect(error.computed).toBe(root.cid.toString())
    expect(specErrorName(error)).toBe('UnavailableProof')
    expect(resolve).toHaveBeenCalledTimes(1)
  })

  it('refuses a decoded token whose cid is not the hash of its bytes', async () => {
    const { invocation, root, mid } = await standardChain(p)
    const forged = { ...root, cid: mid.cid }
    expectDenied(
      await createVerifier().verifyInvocation(invocation, { proofs: [forged, mid], now: NOW }),
      CidMismatchError,
      'proofs[0]',
    )
    const forgedInvocation = { ...invocation, cid: root.cid }
    expectDenied(await createVerifier().verifyInvocation(forgedInvocation, { proofs: [root, mid], now: NOW }), CidMismatchError, 'invocation')
  })

  it('resolves missing proofs through resolve, all at once, and denies what stays missing', async () => {
    const { invocation, root, mid, proofs } = await standardChain(p)
    const store = new Map([root, mid].map((d) => [d.cid.toString(), d.bytes]))
    const resolve = vi.fn(async (cid: CID) => store.get(cid.toString()))
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { resolve, now: NOW }))
    expect(resolve).toHaveBeenCalledTimes(2)
    resolve.mockClear()
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [proofs[0]!], resolve, now: NOW }))
    expect(resolve).toHaveBeenCalledTimes(1)
    const failing = async (): Promise<Uint8Array> => {
      throw new Error('network down')
    }
    expectDenied(await createVerifier().verifyInvocation(invocation.bytes, { resolve: failing, now: NOW }), UnavailableProofError, 'prf[0]')
    expectDenied(await createVerifier().verifyInvocation(invocation.bytes, { now: NOW }), UnavailableProofError, 'prf[0]')
  })
})

describe('malformed bytes', () => {
  it('denies an undecodable invocation', async () => {
    const { invocation } = await standardChain(p)
    for (const bytes of [new Uint8Array(0), new Uint8Array([0x82, 0x40]), invocation.bytes.subarray(0, invocation.bytes.length - 3)]) {
      const error = expectDenied(await createVerifier().verifyInvocation(bytes, { now: NOW }), UndecodableTokenError, 'invocation')
      expect(error.reason).toMatch(/^ERR_/)
    }
  })

  it('denies a referenced proof that is not a token', async () => {
    const garbage = new Uint8Array([0xa1, 0x61, 0x61, 0x01]) // {"a": 1}: valid CBOR, not a UCAN
    const invocation = await invoke(p.bob, { subject: p.space.did(), proofs: [{ cid: await cidOf(garbage) }] })
    expectDenied(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [garbage], now: NOW }), UndecodableTokenError, 'prf[0]')
  })

  it('denies an undecodable container', async () => {
    const { invocation } = await standardChain(p)
    for (const container of ['Znot a container', 'B!!!', new Uint8Array([0x40, 0xff])]) {
      expectDenied(await createVerifier().verifyInvocation(invocation.bytes, { proofs: container, now: NOW }), UndecodableContainerError, 'proofs')
    }
  })

  it('never throws and never accepts on mutated bytes', async () => {
    const { invocation, proofs } = await standardChain(p)
    const verifier = createVerifier()
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (which, position, mask) => {
          const tokens = [invocation.bytes, ...proofs].map((bytes) => bytes.slice())
          const target = tokens[which]!
          target[position % target.length] = target[position % target.length]! ^ mask
          const [mutated, ...rest] = tokens
          const result = await verifier.verifyInvocation(mutated!, { proofs: rest, now: NOW })
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.error).toBeInstanceOf(VerificationError)
        },
      ),
      { numRuns: 300 },
    )
  })
})
