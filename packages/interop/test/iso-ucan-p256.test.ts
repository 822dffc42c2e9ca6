/**
 * iso-ucan → capchain over P-256 at volume: iso-signatures signs ES256 with
 * WebCrypto, which never normalises S, so about half its signatures are
 * high-S. capchain must accept every one of them (SECURITY.md, "ECDSA").
 */
import { createVerifier } from '@capchain/verifier'
import { expect, it } from 'vitest'
import { expectAccepted, ISO_SIGNERS, isoChain, isoInvocation, isoVerify, NOW } from './support/iso-ucan.js'

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

/** The envelope `[signature, …]` opens with a 1-byte array head and a 2-byte head for the 64-byte `r || s`. */
function isHighS(token: Uint8Array): boolean {
  expect([...token.subarray(0, 3)]).toStrictEqual([0x82, 0x58, 0x40])
  const s = BigInt(`0x${Buffer.from(token.subarray(3 + 32, 3 + 64)).toString('hex')}`)
  return s > P256_ORDER / 2n
}

it('accepts 100 iso-ucan P-256 tokens, high-S ones among them, as iso-ucan does', async () => {
  const verifier = createVerifier()
  const tokens: Uint8Array[] = []
  for (let i = 0; i < 50; i++) {
    const chain = await isoChain(ISO_SIGNERS['P-256'], [{}])
    const invocation = await isoInvocation({ iss: chain.invoker, sub: chain.subject, cmd: '/storage', args: { i }, prf: chain.delegations })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [chain.delegations[0]!.bytes], now: NOW }))
    await isoVerify(invocation.bytes, chain.delegations)
    tokens.push(chain.delegations[0]!.bytes, invocation.bytes)
  }
  const highS = tokens.filter(isHighS).length
  expect(tokens).toHaveLength(100)
  // Each signature is high-S with probability 1/2: none in 100 has probability 2^-100.
  expect(highS).toBeGreaterThan(0)
  expect(highS).toBeLessThan(100)
})
