/**
 * capchain → iso-ucan: chains capchain issues, of depth 1 to 4, verified by
 * iso-ucan's `Invocation.from` (and by capchain, which must agree), with the
 * near misses iso-ucan gets right. Where iso-ucan is wrong by the spec, see
 * iso-ucan-peer-bugs.test.ts.
 */
import { createVerifier } from '@capchain/verifier'
import { describe, expect, it } from 'vitest'
import { CAPCHAIN_ALGORITHMS, capchainChain, capchainInvoke } from './support/capchain.js'
import { expectAccepted, expectDenied, isoVerify, NOW } from './support/iso-ucan.js'

const verifier = createVerifier()

/** EIP-191 is left out: capchain writes its 64-byte form, which iso-signatures cannot read (see the last test). */
const VERIFIABLE = CAPCHAIN_ALGORITHMS.filter(({ algorithm }) => algorithm !== 'EIP191')

describe.each(VERIFIABLE)('capchain → iso-ucan over $name', ({ keyType }) => {
  it.each([1, 2, 3, 4])('iso-ucan accepts a chain of depth %i, with the CIDs capchain computed', async (depth) => {
    const chain = await capchainChain(keyType, Array.from({ length: depth }, (_, i) => ({ command: i === depth - 1 ? '/storage/write' : '/storage' })))
    const invocation = await capchainInvoke(chain, '/storage/write', { path: '/a' })
    const verified = await isoVerify(invocation.bytes, chain.delegations, chain.subject)
    expect(verified.cid.toString()).toBe(invocation.cid.toString())
    expect(verified.delegations.map((d) => d.cid.toString())).toStrictEqual(chain.delegations.map((d) => d.cid.toString()))
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW, audience: chain.subject }))
  })

  it('both deny a policy violation', async () => {
    const chain = await capchainChain(keyType, [{}, { policy: [['<=', '.size', 1024]] }])
    const invocation = await capchainInvoke(chain, '/storage', { size: 1025 })
    await expect(isoVerify(invocation.bytes, chain.delegations)).rejects.toThrow(/invalid arguments/)
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }), 'ERR_POLICY_VIOLATION', 'prf[1]')
  })

  it('both deny an invocation by someone the last proof does not name', async () => {
    const chain = await capchainChain(keyType, [{}, {}])
    const invocation = await capchainInvoke({ ...chain, invoker: chain.principals[1]! }, '/storage')
    await expect(isoVerify(invocation.bytes, chain.delegations)).rejects.toThrow(/principal alignment mismatch/)
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }), 'ERR_PRINCIPAL_MISALIGNED', 'invocation')
  })

  it('both deny a proof about another subject', async () => {
    const other = await capchainChain(keyType, [{}])
    const chain = await capchainChain(keyType, [{}, { subject: other.subject }])
    const invocation = await capchainInvoke(chain, '/storage')
    await expect(isoVerify(invocation.bytes, chain.delegations)).rejects.toThrow(/subject alignment mismatch/)
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }), 'ERR_SUBJECT_MISMATCH', 'prf[1]')
  })

  it('both deny a proof past its exp (beyond capchain\'s 60 s skew)', async () => {
    const chain = await capchainChain(keyType, [{}, { expiration: NOW - 61 }])
    const invocation = await capchainInvoke(chain, '/storage')
    await expect(isoVerify(invocation.bytes, chain.delegations)).rejects.toThrow(/expiration must be in the future/)
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }), 'ERR_EXPIRED', 'prf[1]')
  })

  it('both deny a changed signature byte', async () => {
    const chain = await capchainChain(keyType, [{}])
    const invocation = await capchainInvoke(chain, '/storage')
    const tampered = Uint8Array.from(invocation.bytes)
    tampered[4]! ^= 1
    await expect(isoVerify(tampered, chain.delegations)).rejects.toThrow(/signature verification failed/)
    expectDenied(await verifier.verifyInvocation(tampered, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }), 'ERR_SIGNATURE_MISMATCH', 'invocation')
  })
})

it('iso-ucan cannot read capchain\'s 64-byte EIP-191 signatures (it requires the 65-byte form with v); capchain accepts both', async () => {
  const chain = await capchainChain('secp256k1', [{}], 'EIP191')
  const invocation = await capchainInvoke(chain, '/storage', {}, { algorithm: 'EIP191' })
  expect(invocation.envelope.signature).toHaveLength(64)
  await expect(isoVerify(invocation.bytes, chain.delegations)).rejects.toThrow(/signature verification failed/)
  expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW }))
})
