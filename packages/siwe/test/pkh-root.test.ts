/**
 * Wallet-issued UCAN roots (did:pkh issuers, no SIWE message), EOA
 * signatures: `pkhRootVerifier` through a real verifier, with real tokens
 * signed by our own code, by a raw personal_sign and by a viem account
 * (what iso-signatures' `EIP191Signer` asks a wallet for). Contract wallets
 * are in evm/pkh-root-contract.test.ts.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { InvalidSignatureError } from '@capchain/core/errors'
import { signerFromSecret } from '@capchain/core/principal'
import type { DID, DigestSigner } from '@capchain/core/principal'
import { createDelegation, delegationFromEnvelope } from '@capchain/core/token'
import { signEnvelope } from '@capchain/core/envelope'
import { HEADER_BYTES } from '@capchain/core/varsig'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { addressFromPublicKey, didPkh, hashPersonalMessage, InvalidPkhRootError, parsePkhAccount, pkhRootVerifier } from '../src/index.js'
import { SECRET_KEY, SECRET_KEY_ADDRESS } from './helpers.js'
import { pkhRoot, readThrough, resigned } from './pkh-helpers.js'
import { NOW, OTHER_KEY, SESSION } from './root-helpers.js'

const WALLET = didPkh(1, SECRET_KEY_ADDRESS)
const OTHER_ADDRESS = addressFromPublicKey(secp256k1.getPublicKey(OTHER_KEY))
const N = secp256k1.Point.Fn.ORDER
const pkh = pkhRootVerifier()

async function expectAccepted(chain: Parameters<typeof readThrough>[1], subject: DID = WALLET) {
  const result = await readThrough(pkh, chain, subject)
  if (!result.ok) expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result
}

async function expectDenied(chain: Parameters<typeof readThrough>[1], code: string, subject: DID = WALLET) {
  const result = await readThrough(pkh, chain, subject)
  if (result.ok) return expect.fail(`expected ${code}, got acceptance`)
  expect(result.error.code, result.error.message).toBe(code)
  return result.error
}

describe('a wallet-issued root (did:pkh issuer, EIP-191, no SIWE)', () => {
  it('is accepted with the wallet\'s 65-byte r || s || v, and identified without its signature', async () => {
    const root = pkhRoot({ iss: WALLET })
    expect(root.envelope.signature).toHaveLength(65)
    const result = await expectAccepted([root])
    expect(result.links[0]!.identity.equals(envelopeIdentity(root.envelope))).toBe(true)
    expect(result.links[0]!.identity.equals(root.cid)).toBe(false)
  })

  it('is accepted as the 64-byte r || s, with the same identity', async () => {
    const long = pkhRoot({ iss: WALLET })
    const short = resigned(long, long.envelope.signature.subarray(0, 64))
    const [a, b] = [await expectAccepted([long]), await expectAccepted([short])]
    expect(a.links[0]!.identity.equals(b.links[0]!.identity)).toBe(true)
  })

  it('is accepted when a viem account signs the raw signed bytes (what iso-signatures asks a wallet for)', async () => {
    const account = privateKeyToAccount(`0x${bytesToHex(SECRET_KEY)}`)
    expect(account.address).toBe(SECRET_KEY_ADDRESS)
    const template = pkhRoot({ iss: WALLET })
    const signature = hexToBytes((await account.signMessage({ message: { raw: template.envelope.signedBytes } })).slice(2))
    expect(signature[64] === 27 || signature[64] === 28).toBe(true)
    await expectAccepted([resigned(template, signature)])
  })

  it('is accepted when our own signEnvelope signs it (64 bytes) and a did:key child delegates on', async () => {
    const wallet = signerFromSecret('secp256k1', SECRET_KEY) as DigestSigner
    const payload = { iss: WALLET, aud: SESSION.did(), sub: WALLET, cmd: '/storage', pol: [], nonce: new Uint8Array(12), exp: NOW + 3600 }
    const root = delegationFromEnvelope(await signEnvelope(wallet, 'dlg', payload, { algorithm: 'EIP191' }))
    expect(root.envelope.signature).toHaveLength(64)
    const agent = signerFromSecret('Ed25519', new Uint8Array(32).fill(3))
    const child = await createDelegation({ issuer: SESSION, audience: agent.did(), subject: WALLET, command: '/storage/read', expiration: NOW + 600 })
    const result = await readThrough(pkh, [root, child], WALLET, agent)
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true)
  })

  it('is accepted for an all-lowercase address, and the address is compared case-insensitively', async () => {
    const lower = didPkh(1, SECRET_KEY_ADDRESS.toLowerCase())
    await expectAccepted([pkhRoot({ iss: lower })], lower)
    expect(parsePkhAccount(lower, {}).address).toBe(SECRET_KEY_ADDRESS)
  })

  describe('near misses', () => {
    it('another address: signed by another key → ERR_SIGNATURE_MISMATCH (InvalidSignatureError)', async () => {
      const error = await expectDenied([pkhRoot({ iss: WALLET, secretKey: OTHER_KEY })], 'ERR_SIGNATURE_MISMATCH')
      expect(error.cause).toBeInstanceOf(InvalidSignatureError)
      expect((error.cause as Error).message).toContain(OTHER_ADDRESS)
      // The same signature for the DID that names the signer is accepted: the test input is real.
      await expectAccepted([pkhRoot({ iss: didPkh(1, OTHER_ADDRESS), secretKey: OTHER_KEY })], didPkh(1, OTHER_ADDRESS))
    })

    it('another address, 64-byte form: neither recovery bit gives the account → ERR_SIGNATURE_MISMATCH', async () => {
      const forged = pkhRoot({ iss: WALLET, secretKey: OTHER_KEY })
      await expectDenied([resigned(forged, forged.envelope.signature.subarray(0, 64))], 'ERR_SIGNATURE_MISMATCH')
    })

    it('another chain id in the DID, the signature kept → ERR_SIGNATURE_MISMATCH', async () => {
      const signed = pkhRoot({ iss: WALLET })
      const moved = pkhRoot({ iss: didPkh(10, SECRET_KEY_ADDRESS), sign: () => signed.envelope.signature })
      await expectDenied([moved], 'ERR_SIGNATURE_MISMATCH', didPkh(10, SECRET_KEY_ADDRESS))
    })

    it('a recovery byte other than the right 27 / 28 → ERR_SIGNATURE_MISMATCH', async () => {
      const root = pkhRoot({ iss: WALLET })
      const sig = root.envelope.signature
      for (const v of [sig[64] === 27 ? 28 : 27, sig[64]! - 27, 29, 255]) {
        await expectDenied([resigned(root, Uint8Array.of(...sig.subarray(0, 64), v))], 'ERR_SIGNATURE_MISMATCH')
      }
    })

    it('the high-S twin → ERR_SIGNATURE_MISMATCH (Ethereum is low-S only)', async () => {
      const root = pkhRoot({ iss: WALLET })
      const sig = root.envelope.signature
      const s = BigInt(`0x${bytesToHex(sig.subarray(32, 64))}`)
      const twin = Uint8Array.of(...sig.subarray(0, 32), ...hexToBytes((N - s).toString(16).padStart(64, '0')), sig[64] === 27 ? 28 : 27)
      // A valid signature for a lenient (high-S accepting) verifier: the attack input is real.
      const digest = hashPersonalMessage(root.envelope.signedBytes)
      expect(secp256k1.verify(twin.subarray(0, 64), digest, secp256k1.getPublicKey(SECRET_KEY), { lowS: false, prehash: false })).toBe(true)
      await expectDenied([resigned(root, twin)], 'ERR_SIGNATURE_MISMATCH')
      await expectDenied([resigned(root, twin.subarray(0, 64))], 'ERR_SIGNATURE_MISMATCH')
    })

    it('a mixed-case address with a wrong EIP-55 checksum → ERR_SIGNATURE_MISMATCH (InvalidPkhRootError)', async () => {
      const bad = didPkh(1, SECRET_KEY_ADDRESS.replace('E', 'e'))
      const error = await expectDenied([pkhRoot({ iss: bad })], 'ERR_SIGNATURE_MISMATCH', bad)
      expect(error.cause).toBeInstanceOf(InvalidPkhRootError)
    })

    it('a chain id with a leading zero, or another namespace → ERR_SIGNATURE_MISMATCH (InvalidPkhRootError)', async () => {
      for (const iss of [`did:pkh:eip155:01:${SECRET_KEY_ADDRESS}`, `did:pkh:bip122:000000000019d6689c085ae165831e93:${SECRET_KEY_ADDRESS}`] as DID[]) {
        const error = await expectDenied([pkhRoot({ iss })], 'ERR_SIGNATURE_MISMATCH', iss)
        expect(error.cause, iss).toBeInstanceOf(InvalidPkhRootError)
      }
    })

    it('a subject other than the wallet → ERR_SIGNATURE_MISMATCH (InvalidPkhRootError)', async () => {
      const other = didPkh(1, OTHER_ADDRESS)
      const error = await expectDenied([pkhRoot({ iss: WALLET, sub: other })], 'ERR_SIGNATURE_MISMATCH', other)
      expect(error.cause).toBeInstanceOf(InvalidPkhRootError)
    })

    it('an ES256K header instead of EIP-191 → ERR_SIGNATURE_MISMATCH (InvalidPkhRootError)', async () => {
      const error = await expectDenied([pkhRoot({ iss: WALLET, header: HEADER_BYTES.ES256K })], 'ERR_SIGNATURE_MISMATCH')
      expect(error.cause).toBeInstanceOf(InvalidPkhRootError)
    })

    it('a did:pkh link that is not the root → ERR_ISSUER_UNSUPPORTED', async () => {
      const user = signerFromSecret('Ed25519', new Uint8Array(32).fill(5))
      const top = await createDelegation({ issuer: user, audience: WALLET, subject: user.did(), command: '/storage', expiration: NOW + 3600 })
      const below = pkhRoot({ iss: WALLET, sub: user.did() })
      await expectDenied([top, below], 'ERR_ISSUER_UNSUPPORTED', user.did())
    })

    it('without pkhRootVerifier configured → ERR_ISSUER_UNSUPPORTED', async () => {
      const result = await readThrough(undefined, [pkhRoot({ iss: WALLET })], WALLET)
      expect(result.ok ? 'accepted' : result.error.code).toBe('ERR_ISSUER_UNSUPPORTED')
    })
  })
})
