/**
 * Issue 18 with tokens made by iso-ucan itself: P-256 delegations signed
 * through WebCrypto (about half with a high S) and a wallet-issued root
 * signed by iso-signatures' `EIP191Signer` (did:pkh issuer, the wallet's
 * 65-byte personal_sign), authorized by capchain's storage verifier with
 * `pkhRootVerifier`, on real SQLite. Near misses: a root whose signer is
 * not the account, a verifier without `pkhRootVerifier`. (The high-S twins'
 * shared replay, cap and revocation state: attacks/test/identity-p256-high-s.)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eip191Digest, envelopeIdentity } from '@capchain/core/envelope'
import { generateSigner, recoverSecp256k1PublicKey, signerFromSecret } from '@capchain/core/principal'
import type { DID, DigestSigner, Signer } from '@capchain/core/principal'
import { decodeDelegation } from '@capchain/core/token'
import type { Delegation as CapchainDelegation } from '@capchain/core/token'
import { addressFromPublicKey, pkhRootVerifier } from '@capchain/siwe'
import { openSqliteStore } from '@capchain/store-sqlite'
import type { StateStore } from '@capchain/store'
import { ECDSASigner } from 'iso-signatures/signers/ecdsa.js'
import { EIP191Signer } from 'iso-signatures/signers/eip191.js'
import { Delegation } from 'iso-ucan/delegation'
import type { DID as IsoDid } from 'iso-ucan/types'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { authorizeStorageRequest, createStorageInvocation, createStorageVerifier } from '../src/index.js'
import type { StorageVerifier } from '../src/index.js'

const NOW = 1_709_251_200
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

let dir: string
let store: StateStore
let session: Signer
let service: Signer
let verifier: StorageVerifier

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capchain-iso-ucan-18-'))
  store = openSqliteStore(join(dir, 'state.db'))
  ;[session, service] = await Promise.all([generateSigner('Ed25519'), generateSigner('Ed25519')])
  verifier = createStorageVerifier({ rootVerifiers: { pkh: pkhRootVerifier() } })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** An EIP-1193 provider answering personal_sign with `wallet`'s 65-byte r || s || v (v 27 / 28), as wallets do. */
function walletProvider(wallet: DigestSigner) {
  return {
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      if (method !== 'personal_sign') throw new Error(`unsupported ${method}`)
      const message = Buffer.from(String((params as string[])[0]).slice(2), 'hex')
      const digest = eip191Digest(message)
      const rs = wallet.signDigest(digest)
      for (const v of [27, 28]) {
        const signature = Uint8Array.of(...rs, v)
        if (Buffer.from(recoverSecp256k1PublicKey(digest, signature)).equals(wallet.publicKey)) return `0x${Buffer.from(signature).toString('hex')}`
      }
      throw new Error('no recovery byte')
    },
  }
}

/** A read by the session key of `subject`'s /a.txt, standing on `chain` (root first). */
async function read(chain: readonly CapchainDelegation[], subject: DID) {
  const invocation = await createStorageInvocation({
    issuer: session,
    service: service.did(),
    op: 'read',
    path: '/a.txt',
    size: 1,
    chain,
    subject,
    expiration: NOW + 300,
    issuedAt: NOW,
  })
  return send(invocation.bytes, chain)
}

async function send(invocation: Uint8Array, chain: readonly CapchainDelegation[]) {
  const result = await authorizeStorageRequest({
    invocation,
    proofs: chain.map((link) => link.bytes),
    service: service.did(),
    store,
    now: NOW,
    op: 'read',
    path: '/a.txt',
    size: 1,
    verifier,
  })
  if (result.ok) await result.value.reservation.commit()
  return result.ok ? undefined : result.error.code
}

const highS = (signature: Uint8Array): boolean => BigInt(`0x${Buffer.from(signature.subarray(32, 64)).toString('hex')}`) > P256_N / 2n

describe('iso-ucan P-256 delegations (WebCrypto, S not normalised)', () => {
  it('are accepted whether S is high or low, and a high-S root is identified by its low-S twin', async () => {
    const space = await ECDSASigner.generate('P-256')
    const seen = { high: 0, low: 0 }
    // WebCrypto picks S at random: sign until both halves have been seen (about 2 tries each).
    for (let i = 0; i < 64 && (seen.high === 0 || seen.low === 0); i++) {
      const iso = await Delegation.create({ iss: space, aud: session.did() as IsoDid, sub: space.did as IsoDid, cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
      const root = decodeDelegation(iso.bytes)
      expect(root.envelope.header.alg).toBe('ES256')
      const high = highS(root.envelope.signature)
      seen[high ? 'high' : 'low']++
      expect(envelopeIdentity(root.envelope).equals(root.cid)).toBe(!high)
      expect(await read([root], space.did as DID), high ? 'high S' : 'low S').toBeUndefined()
    }
    expect(seen.high).toBeGreaterThan(0)
    expect(seen.low).toBeGreaterThan(0)
  })
})

describe('an iso-ucan wallet-issued root (EIP191Signer, did:pkh issuer)', () => {
  it('is accepted, and the chain authorizes the session key', async () => {
    const wallet = signerFromSecret('secp256k1', new Uint8Array(32).fill(0x42)) as DigestSigner
    const address = addressFromPublicKey(wallet.publicKey) as `0x${string}`
    const signer = new EIP191Signer(walletProvider(wallet) as never, address, 1)
    expect(signer.did).toBe(`did:pkh:eip155:1:${address}`)
    const iso = await Delegation.create({ iss: signer, aud: session.did() as IsoDid, sub: signer.did as IsoDid, cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    const root = decodeDelegation(iso.bytes)
    expect([root.envelope.header.alg, root.envelope.signature.length]).toEqual(['EIP191', 65])
    expect(await read([root], signer.did as DID)).toBeUndefined()
  })

  it('near miss: the same root claiming another wallet\'s address → ERR_SIGNATURE_MISMATCH', async () => {
    const wallet = signerFromSecret('secp256k1', new Uint8Array(32).fill(0x42)) as DigestSigner
    const victim = addressFromPublicKey(signerFromSecret('secp256k1', new Uint8Array(32).fill(0x43)).publicKey) as `0x${string}`
    // The provider signs with `wallet`'s key; the DID names the victim (iso-signatures 0.5.1 would accept this).
    const signer = new EIP191Signer(walletProvider(wallet) as never, victim, 1)
    const iso = await Delegation.create({ iss: signer, aud: session.did() as IsoDid, sub: signer.did as IsoDid, cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    expect(await read([decodeDelegation(iso.bytes)], signer.did as DID)).toBe('ERR_SIGNATURE_MISMATCH')
  })

  it('near miss: without pkhRootVerifier the root is ERR_ISSUER_UNSUPPORTED', async () => {
    verifier = createStorageVerifier()
    const wallet = signerFromSecret('secp256k1', new Uint8Array(32).fill(0x42)) as DigestSigner
    const signer = new EIP191Signer(walletProvider(wallet) as never, addressFromPublicKey(wallet.publicKey) as `0x${string}`, 1)
    const iso = await Delegation.create({ iss: signer, aud: session.did() as IsoDid, sub: signer.did as IsoDid, cmd: '/storage', pol: [], exp: NOW + 3600, now: NOW })
    expect(await read([decodeDelegation(iso.bytes)], signer.did as DID)).toBe('ERR_ISSUER_UNSUPPORTED')
  })
})
