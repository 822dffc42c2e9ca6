/**
 * iso-ucan → capchain, wallet-issued roots: iso-signatures' `EIP191Signer`
 * (a did:pkh account that signs through an EIP-1193 wallet's `personal_sign`,
 * 65 bytes with v) issues the root, a did:key session invokes through it, and
 * capchain verifies it with `pkhRootVerifier` from `@capchain/siwe`.
 */
import { dagCborCid } from '@capchain/core'
import { pkhRootVerifier } from '@capchain/siwe'
import { createVerifier } from '@capchain/verifier'
import { EIP191Signer } from 'iso-signatures/signers/eip191.js'
import { Delegation } from 'iso-ucan/delegation'
import { beforeAll, describe, expect, it } from 'vitest'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { IsoSigner } from './support/iso-ucan.js'
import { delegationPayload, didOf, expectAccepted, expectDenied, impostor, invocationPayload, ISO_SIGNERS, isoChain, isoInvocation, isoSigned, isoVerify, NOW } from './support/iso-ucan.js'

/** iso-signatures' EIP191Signer over a wallet that is a local viem account answering `personal_sign`. */
function walletSigner(): IsoSigner {
  const account = privateKeyToAccount(generatePrivateKey())
  const provider = {
    request: async ({ method, params }: { method: string; params: [`0x${string}`, string] }) => {
      if (method !== 'personal_sign') throw new Error(`unexpected wallet request ${method}`)
      return account.signMessage({ message: { raw: params[0] } })
    },
  }
  return new EIP191Signer(provider as never, account.address) as unknown as IsoSigner
}

const verifier = createVerifier({ rootVerifiers: { pkh: pkhRootVerifier() } })

describe('iso-ucan wallet roots (did:pkh, EIP-191) → capchain', () => {
  let wallet: IsoSigner
  let session: IsoSigner
  let root: Delegation

  beforeAll(async () => {
    wallet = walletSigner()
    session = await ISO_SIGNERS.Ed25519()
    root = await Delegation.create({ iss: wallet, aud: didOf(session), sub: didOf(wallet), cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
  })

  it('accepts a session\'s invocation through the wallet\'s root, as iso-ucan does', async () => {
    expect(didOf(wallet)).toMatch(/^did:pkh:eip155:1:0x[0-9a-fA-F]{40}$/)
    expect(root.envelope.signature).toHaveLength(65)
    const invocation = await isoInvocation({ iss: session, sub: didOf(wallet), cmd: '/storage/write', args: {}, prf: [root] })
    await isoVerify(invocation.bytes, [root])
    const value = expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }))
    expect(value.subject).toBe(didOf(wallet))
  })

  it('accepts a depth-3 chain under the wallet\'s root', async () => {
    const [agent, invoker] = await Promise.all([ISO_SIGNERS.Ed25519(), ISO_SIGNERS.Ed25519()])
    const link = await Delegation.create({ iss: session, aud: didOf(agent), sub: didOf(wallet), cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    const second = await Delegation.create({ iss: agent, aud: didOf(invoker), sub: didOf(wallet), cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    const invocation = await isoInvocation({ iss: invoker, sub: didOf(wallet), cmd: '/storage', args: {}, prf: [root, link, second] })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes, link.bytes, second.bytes], now: NOW }))
  })

  it('a verifier without the did:pkh root verifier: ERR_ISSUER_UNSUPPORTED', async () => {
    const invocation = await isoInvocation({ iss: session, sub: didOf(wallet), cmd: '/storage', args: {}, prf: [root] })
    expectDenied(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }), 'ERR_ISSUER_UNSUPPORTED', 'prf[0]')
  })

  it('a root signed by another wallet: ERR_SIGNATURE_MISMATCH; iso-ucan accepts it (peer bug)', async () => {
    const forged = await isoSigned('dlg', impostor(wallet, walletSigner()), delegationPayload(wallet, didOf(session), didOf(wallet), '/storage'))
    const bytes = await isoSigned('inv', session, { ...invocationPayload({ iss: session, sub: didOf(wallet), cmd: '/storage', args: {}, prf: [] }), prf: [dagCborCid(forged)] })
    await expect(isoVerify(bytes, [{ cid: dagCborCid(forged), bytes: forged }])).resolves.toBeDefined()
    expectDenied(await verifier.verifyInvocation(bytes, { proofs: [forged], now: NOW }), 'ERR_SIGNATURE_MISMATCH', 'prf[0]')
  })

  it('a wallet-issued delegation below the root: ERR_ISSUER_UNSUPPORTED', async () => {
    const chain = await isoChain(ISO_SIGNERS.Ed25519, [{ cmd: '/storage' }])
    const other = walletSigner()
    const middle = await Delegation.create({ iss: chain.invoker, aud: didOf(other), sub: chain.subject, cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    const last = await Delegation.create({ iss: other, aud: didOf(session), sub: chain.subject, cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    const bytes = await isoSigned('inv', session, invocationPayload({ iss: session, sub: chain.subject, cmd: '/storage', args: {}, prf: [...chain.delegations, middle, last] }))
    expectDenied(await verifier.verifyInvocation(bytes, { proofs: [...chain.delegations, middle, last].map((d) => d.bytes), now: NOW }), 'ERR_ISSUER_UNSUPPORTED', 'prf[2]')
  })
})
