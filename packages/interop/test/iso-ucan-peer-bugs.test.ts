/**
 * Where iso-ucan 0.5 (with iso-signatures 0.5) is wrong by the UCAN 1.0
 * spec: each test pins iso-ucan's wrong answer next to capchain's, so
 * docs/interop.md ("Peer bugs") stays true. When iso-ucan fixes one, its test
 * fails here and the row moves to the passing cases.
 *
 * Spec texts quoted are from ucan-wg/delegation (1.0.0-rc.1), "Policy" and
 * "Command", and ucan-wg/spec, "Envelope".
 */
import { dagCborCid } from '@capchain/core'
import { createVerifier } from '@capchain/verifier'
import { Delegation } from 'iso-ucan/delegation'
import { describe, expect, it } from 'vitest'
import { capchainChain, capchainInvoke } from './support/capchain.js'
import type { CapchainLink } from './support/capchain.js'
import { delegationPayload, didOf, expectAccepted, expectDenied, impostor, invocationPayload, ISO_SIGNERS, isoSigned, isoVerifiers, isoVerify, NOW } from './support/iso-ucan.js'

const verifier = createVerifier()

/** A capchain chain of one delegation with `link`, invoked with `command` and `args`. */
async function oneLink(link: CapchainLink, command: string, args: Record<string, unknown>) {
  const chain = await capchainChain('Ed25519', [link])
  const invocation = await capchainInvoke(chain, command, args as never)
  const capchain = await verifier.verifyInvocation(invocation.bytes, { proofs: chain.delegations.map((d) => d.bytes), now: NOW })
  return { chain, invocation, capchain, iso: () => isoVerify(invocation.bytes, chain.delegations) }
}

describe('iso-ucan peer bugs', () => {
  it('1. iso-ucan accepts /storage as proof of /storagex (startsWith command matching) (peer bug)', async () => {
    // Spec, "Command": "/crypto MAY be used to prove /crypto/sign but MUST NOT prove /stack/pop or /cryptocurrency".
    const { capchain, iso } = await oneLink({ command: '/storage' }, '/storagex', {})
    await expect(iso()).resolves.toBeDefined()
    expectDenied(capchain, 'ERR_COMMAND_ESCALATION', 'invocation')
  })

  it('2. iso-ucan denies ["==", ".tag", null] when .tag is missing (a missing key does not select null) (peer bug)', async () => {
    // Spec, "Selectors": a missing key selects null; so the statement holds on {}.
    const { capchain, iso } = await oneLink({ policy: [['==', '.tag', null]] }, '/storage', {})
    await expect(iso()).rejects.toThrow(/invalid arguments/)
    expectAccepted(capchain)
  })

  it('3a. iso-ucan denies ["==", ".a.b?", null] on {a: 1} (the ? of an optional segment is dropped) (peer bug)', async () => {
    // Spec, "Selectors": an optional segment that fails selects null instead of failing.
    const { capchain, iso } = await oneLink({ policy: [['==', '.a.b?', null]] }, '/storage', { a: 1 })
    await expect(iso()).rejects.toThrow(/invalid arguments/)
    expectAccepted(capchain)
  })

  it('3b. iso-ucan accepts ["!=", .["role"], "admin"] with role "admin" (a quoted-key selector selects the whole args) (peer bug)', async () => {
    // iso-ucan's selector regex skips what it cannot read, so `.["role"]` is `.`, and {role: "admin"} != "admin" holds.
    const { capchain, iso } = await oneLink({ policy: [['!=', '.["role"]', 'admin']] }, '/storage', { role: 'admin' })
    await expect(iso()).resolves.toBeDefined()
    expectDenied(capchain, 'ERR_POLICY_VIOLATION', 'prf[0]')
  })

  it('4. iso-ucan accepts ["all", ".rows", ["any", ".", ["!=", ".", 2]]] on rows [[1], [2]] (nested quantification applies the inner quantifier to the whole list) (peer bug)', async () => {
    // Spec, "Quantification": `all` holds when the inner statement holds on every element; on the row [2], any(!= 2) is false.
    const { capchain, iso } = await oneLink({ policy: [['all', '.rows', ['any', '.', ['!=', '.', 2]]]] }, '/storage', { rows: [[1], [2]] })
    await expect(iso()).resolves.toBeDefined()
    expectDenied(capchain, 'ERR_POLICY_VIOLATION', 'prf[0]')
  })

  it('5. iso-ucan accepts an EIP-191 token signed by any key, whoever its issuer is (the recovered signer is never compared) (peer bug)', async () => {
    // iso-signatures' EIP-191 verifier recovers a public key from the signature and checks the signature against that key.
    const generate = ISO_SIGNERS['secp256k1, EIP-191']
    const [subject, attacker, service] = await Promise.all([generate(), generate(), generate()])
    const forged = await isoSigned('dlg', impostor(subject, attacker), delegationPayload(subject, didOf(attacker), didOf(subject), '/'))
    await expect(Delegation.from({ bytes: forged, verifierResolver: isoVerifiers, now: NOW })).resolves.toBeDefined()
    const invocation = await isoSigned('inv', attacker, {
      ...invocationPayload({ iss: attacker, sub: didOf(subject), aud: didOf(service), cmd: '/storage/delete', args: {}, prf: [] }),
      prf: [dagCborCid(forged)],
    })
    await expect(isoVerify(invocation, [{ cid: dagCborCid(forged), bytes: forged }], didOf(service))).resolves.toBeDefined()
    expectDenied(await verifier.verifyInvocation(invocation, { proofs: [forged], now: NOW, audience: didOf(service) }), 'ERR_SIGNATURE_MISMATCH', 'prf[0]')
  })
})
