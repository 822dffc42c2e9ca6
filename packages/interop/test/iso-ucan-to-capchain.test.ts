/**
 * iso-ucan → capchain: chains iso-ucan issues, of depth 1 to 4, over every
 * key type both know (Ed25519, secp256k1 with ES256K and with 65-byte
 * EIP-191, P-256), verified by capchain from the bytes; each near miss is
 * denied with its exact code at the exact link (docs/interop.md).
 */
import { dagCborCid } from '@capchain/core'
import { createVerifier } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import type { IsoChain } from './support/iso-ucan.js'
import {
  delegationPayload,
  didOf,
  expectAccepted,
  expectDenied,
  impostor,
  invocationPayload,
  ISO_SIGNERS,
  isoChain,
  isoInvocation,
  isoSigned,
  NOW,
} from './support/iso-ucan.js'

const verifier = createVerifier()

function verify(bytes: Uint8Array, proofs: readonly Uint8Array[], audience?: string) {
  return verifier.verifyInvocation(bytes, { proofs: [...proofs], now: NOW, ...(audience === undefined ? {} : { audience: audience as `did:${string}` }) })
}

const proofBytes = (chain: IsoChain) => chain.delegations.map((d) => d.bytes)

/** The envelope starts `[signature, …]`: byte 4 is inside the signature, past the array and byte-string heads. */
function flipSignatureBit(token: Uint8Array): Uint8Array {
  const tampered = Uint8Array.from(token)
  tampered[4]! ^= 1
  return tampered
}

describe.each(Object.entries(ISO_SIGNERS))('iso-ucan → capchain over %s', (_keyType, generate) => {
  it.each([1, 2, 3, 4])('accepts a chain of depth %i, with the CIDs iso-ucan computed', async (depth) => {
    const chain = await isoChain(generate, Array.from({ length: depth }, (_, i) => ({ cmd: i === depth - 1 ? '/storage/write' : '/storage' })))
    const service = await generate()
    const invocation = await isoInvocation({ iss: chain.invoker, sub: chain.subject, aud: didOf(service), cmd: '/storage/write', args: { path: '/a' }, prf: chain.delegations })
    const value = expectAccepted(await verify(invocation.bytes, proofBytes(chain), didOf(service)))
    expect(value.subject).toBe(chain.subject)
    expect(value.chain.map(String)).toStrictEqual([...chain.delegations.map((d) => d.cid), invocation.cid].map(String))
  })

  describe('near misses of a depth-3 chain', () => {
    let chain: IsoChain
    let service: Awaited<ReturnType<typeof generate>>

    beforeAll(async () => {
      chain = await isoChain(generate, [{}, {}, { cmd: '/storage/write' }])
      service = await generate()
    })

    const input = () => ({ iss: chain.invoker, sub: chain.subject, aud: didOf(service), cmd: '/storage/write', args: {}, prf: chain.delegations })

    it('a proof whose bytes differ from the CID the invocation names: ERR_PROOF_UNAVAILABLE', async () => {
      const invocation = await isoInvocation(input())
      const proofs = proofBytes(chain)
      expectDenied(await verify(invocation.bytes, [proofs[0]!, flipSignatureBit(proofs[1]!), proofs[2]!], didOf(service)), 'ERR_PROOF_UNAVAILABLE', 'prf[1]')
    })

    it('a changed signature byte in a proof the invocation names: ERR_SIGNATURE_MISMATCH at that proof', async () => {
      const [root, middle, last] = proofBytes(chain)
      const tampered = flipSignatureBit(middle!)
      const bytes = await isoSigned('inv', chain.invoker, { ...invocationPayload(input()), prf: [root, tampered, last].map((b) => dagCborCid(b!)) })
      expectDenied(await verify(bytes, [root!, tampered, last!], didOf(service)), 'ERR_SIGNATURE_MISMATCH', 'prf[1]')
    })

    it('a proof signed by another key than its issuer\'s: ERR_SIGNATURE_MISMATCH', async () => {
      const other = await generate()
      const [root, , last] = chain.delegations
      const forged = await isoSigned('dlg', impostor(chain.principals[1]!, other), delegationPayload(chain.principals[1]!, didOf(chain.principals[2]!), chain.subject, '/storage'))
      const forgedCid = dagCborCid(forged)
      const bytes = await isoSigned('inv', chain.invoker, { ...invocationPayload(input()), prf: [root!.cid, forgedCid, last!.cid] })
      expectDenied(await verify(bytes, [root!.bytes, forged, last!.bytes], didOf(service)), 'ERR_SIGNATURE_MISMATCH', 'prf[1]')
    })

    it('an invocation signed by another key than its issuer\'s: ERR_SIGNATURE_MISMATCH', async () => {
      const other = await generate()
      const bytes = await isoSigned('inv', impostor(chain.invoker, other), invocationPayload(input()))
      expectDenied(await verify(bytes, proofBytes(chain), didOf(service)), 'ERR_SIGNATURE_MISMATCH', 'invocation')
    })

    it('an invocation addressed to another service: ERR_AUDIENCE_MISMATCH', async () => {
      const other = await generate()
      const invocation = await isoInvocation({ ...input(), aud: didOf(other) })
      expectDenied(await verify(invocation.bytes, proofBytes(chain), didOf(service)), 'ERR_AUDIENCE_MISMATCH', 'invocation')
    })

    it('an invocation about another subject: ERR_SUBJECT_MISMATCH', async () => {
      const other = await generate()
      const bytes = await isoSigned('inv', chain.invoker, invocationPayload({ ...input(), sub: didOf(other) }))
      expectDenied(await verify(bytes, proofBytes(chain), didOf(service)), 'ERR_SUBJECT_MISMATCH', 'invocation')
    })

    it('an invocation by someone the last proof does not name: ERR_PRINCIPAL_MISALIGNED', async () => {
      const bytes = await isoSigned('inv', chain.principals[2]!, invocationPayload({ ...input(), iss: chain.principals[2]! }))
      expectDenied(await verify(bytes, proofBytes(chain), didOf(service)), 'ERR_PRINCIPAL_MISALIGNED', 'invocation')
    })

    it('a command wider than the last proof\'s: ERR_COMMAND_ESCALATION', async () => {
      const bytes = await isoSigned('inv', chain.invoker, invocationPayload({ ...input(), cmd: '/storage/delete' }))
      expectDenied(await verify(bytes, proofBytes(chain), didOf(service)), 'ERR_COMMAND_ESCALATION', 'invocation')
    })

    it('an invocation past its exp: ERR_EXPIRED', async () => {
      const invocation = await isoInvocation({ ...input(), exp: NOW + 300 })
      const result = await verifier.verifyInvocation(invocation.bytes, { proofs: proofBytes(chain), now: NOW + 361, audience: didOf(service) })
      expectDenied(result, 'ERR_EXPIRED', 'invocation')
      expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: proofBytes(chain), now: NOW + 360, audience: didOf(service) }))
    })

    it('an invocation before its nbf (iso-ucan writes nbf on invocations): ERR_NOT_YET_VALID', async () => {
      const invocation = await isoInvocation({ ...input(), nbf: NOW + 120 })
      expectDenied(await verify(invocation.bytes, proofBytes(chain), didOf(service)), 'ERR_NOT_YET_VALID', 'invocation')
      expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: proofBytes(chain), now: NOW + 60, audience: didOf(service) }))
    })
  })

  describe('time bounds of a delegation', () => {
    it('a proof whose exp has passed: ERR_EXPIRED at that proof; within the 60 s skew: accepted', async () => {
      const chain = await isoChain(generate, [{}, { exp: NOW + 100 }])
      const invocation = await isoInvocation({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: {}, prf: chain.delegations, exp: NOW + 3600 })
      expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: proofBytes(chain), now: NOW + 160 }))
      expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: proofBytes(chain), now: NOW + 161 }), 'ERR_EXPIRED', 'prf[1]')
    })

    it('a proof with nbf in the future: ERR_NOT_YET_VALID at that proof', async () => {
      const chain = await isoChain(generate, [{ nbf: NOW + 600 }])
      const bytes = await isoSigned('inv', chain.invoker, invocationPayload({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: {}, prf: chain.delegations, exp: NOW + 3600 }))
      expectDenied(await verify(bytes, proofBytes(chain)), 'ERR_NOT_YET_VALID', 'prf[0]')
      expectAccepted(await verifier.verifyInvocation(bytes, { proofs: proofBytes(chain), now: NOW + 600 - 60 }))
    })

    it('a delegation with exp null never expires', async () => {
      const chain = await isoChain(generate, [{ exp: null }])
      const invocation = await isoInvocation({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: {}, prf: chain.delegations })
      expectAccepted(await verify(invocation.bytes, proofBytes(chain)))
    })
  })

  describe('powerlines', () => {
    it('a powerline (sub: null) after the root passes the root\'s subject through', async () => {
      const chain = await isoChain(generate, [{}, { sub: null }, { sub: null, cmd: '/storage/write' }])
      const invocation = await isoInvocation({ iss: chain.invoker, sub: chain.subject, cmd: '/storage/write', args: {}, prf: chain.delegations })
      const value = expectAccepted(await verify(invocation.bytes, proofBytes(chain)))
      expect(value.subject).toBe(chain.subject)
    })

    it('a powerline as the root: ERR_POWERLINE_ROOT', async () => {
      const chain = await isoChain(generate, [{ sub: null }])
      const bytes = await isoSigned('inv', chain.invoker, invocationPayload({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: {}, prf: chain.delegations }))
      expectDenied(await verify(bytes, proofBytes(chain)), 'ERR_POWERLINE_ROOT', 'prf[0]')
    })

    it('a root not issued by its subject: ERR_ROOT_NOT_SUBJECT', async () => {
      const chain = await isoChain(generate, [{}])
      const stranger = await generate()
      const root = await isoSigned('dlg', stranger, delegationPayload(stranger, didOf(chain.invoker), chain.subject, '/storage'))
      const cid = dagCborCid(root)
      const bytes = await isoSigned('inv', chain.invoker, { ...invocationPayload({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: {}, prf: [] }), prf: [cid] })
      expectDenied(await verify(bytes, [root]), 'ERR_ROOT_NOT_SUBJECT', 'prf[0]')
    })
  })
})
