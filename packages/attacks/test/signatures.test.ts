/**
 * Attacks on signatures: a forger holds a DID (the public key) and any key
 * of their own, and has seen valid tokens. Every forgery must be denied by
 * the signature rule itself (SECURITY.md, "Acceptance rules that are choices").
 */
import { eip191Digest } from '@capchain/core/envelope'
import { InvalidDidError } from '@capchain/core/errors'
import { generateSigner, parseDidKey } from '@capchain/core/principal'
import type { DigestSigner, KeyType, Signer } from '@capchain/core/principal'
import { decodeDelegation } from '@capchain/core/token'
import type { IPLDMap } from '@capchain/core/token'
import type { VarsigAlgorithm } from '@capchain/core/varsig'
import { SignatureMismatchError, UnsupportedIssuerError, createVerifier } from '@capchain/verifier'
import { p256 } from '@noble/curves/nist.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { base58btc } from 'multiformats/bases/base58'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  accepted,
  causedBy,
  concat,
  delegate,
  denied,
  ecdsaTwin,
  ed25519PlusL,
  forgeToken,
  impostor,
  invoke,
  isHighS,
  NOW,
  P256_N,
  principals,
  SECP256K1_N,
  throws,
  withSignature,
} from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

const verify = (bytes: Uint8Array, proofs: Uint8Array[] = []) =>
  createVerifier().verifyInvocation(bytes, { proofs, now: NOW, audience: p.service.did() })

/** The payload of an invocation `issuer` makes on itself (no proof needed), addressed to the service. */
function selfInvocation(issuer: Signer): IPLDMap {
  return {
    iss: issuer.did(),
    sub: issuer.did(),
    aud: p.service.did(),
    cmd: '/storage/write',
    args: { size: 1 },
    prf: [],
    nonce: new Uint8Array(12).fill(1),
    exp: NOW + 300,
  }
}

describe('signatures', () => {
  it('denies a valid signature by key B in a token whose iss is A’s did:key (SignatureMismatchError)', async () => {
    // Mallory signs "space → mallory, /storage" with her own key, under the space's DID.
    const forged = await delegate(impostor(p.space, p.mallory), p.mallory, p.space.did())
    const invocation = await invoke(p.mallory, { subject: p.space.did(), audience: p.service.did(), proofs: [forged] })
    const error = denied(await verify(invocation.bytes, [forged.bytes]), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
    expect(error.at).toBe('prf[0]')
    // The invocation too: bob's name, mallory's key.
    const root = await delegate(p.space, p.alice, p.space.did())
    const mid = await delegate(p.alice, p.bob, p.space.did())
    const asBob = await invoke(impostor(p.bob, p.mallory), { subject: p.space.did(), audience: p.service.did(), proofs: [root, mid] })
    expect(denied(await verify(asBob.bytes, [root.bytes, mid.bytes]), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH').at).toBe('invocation')
  })

  describe('key confusion between curves: a header whose algorithm does not fit the issuer’s key', () => {
    /** Each (issuer key, header) pair that does not fit; the signature is the issuer's own, made with its native algorithm. */
    const cases: [KeyType, VarsigAlgorithm][] = [
      ['Ed25519', 'ES256K'],
      ['Ed25519', 'ES256'],
      ['Ed25519', 'EIP191'],
      ['secp256k1', 'Ed25519'],
      ['secp256k1', 'ES256'],
      ['P-256', 'Ed25519'],
      ['P-256', 'ES256K'],
      ['P-256', 'EIP191'],
    ]
    it.each(cases)('denies a %s issuer under a %s header (SignatureMismatchError)', async (keyType, alg) => {
      const issuer = await generateSigner(keyType)
      const bytes = await forgeToken('inv', selfInvocation(issuer), alg, (signed) => issuer.sign(signed))
      denied(await verify(bytes), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
    })

    it('denies a secp256k1 signature under an ES256K header for an Ed25519 issuer (SignatureMismatchError)', async () => {
      // The forger's own secp256k1 key signs; the token names the victim's Ed25519 key.
      const forger = await generateSigner('secp256k1')
      const bytes = await forgeToken('inv', selfInvocation(p.space), 'ES256K', (signed) => forger.sign(signed))
      denied(await verify(bytes), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
    })
  })

  it('denies the high-S twin of a valid secp256k1 signature (SignatureMismatchError); accepts P-256\'s under one identity', async () => {
    for (const [keyType, order, curve] of [
      ['secp256k1', SECP256K1_N, secp256k1],
      ['P-256', P256_N, p256],
    ] as const) {
      const issuer = await generateSigner(keyType)
      const honest = await invoke(issuer, { subject: issuer.did(), audience: p.service.did() })
      const first = accepted(await verify(honest.bytes))
      const twin = ecdsaTwin(honest.envelope.signature, order)
      expect(isHighS(twin, order)).toBe(true)
      // The twin is a valid signature for a lenient (high-S accepting) verifier: the attack input is real.
      expect(curve.verify(twin, honest.envelope.signedBytes, issuer.publicKey, { lowS: false })).toBe(true)
      if (keyType === 'secp256k1') {
        denied(await verify(withSignature(honest, twin)), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
      } else {
        // P-256 is not low-S only (WebCrypto never normalises S): the twin is the same statement, one identity.
        const second = accepted(await verify(withSignature(honest, twin)))
        expect(second.links.at(-1)!.identity.equals(first.links.at(-1)!.identity)).toBe(true)
      }
    }
  })

  it('denies an Ed25519 signature with S + L in place of S (SignatureMismatchError)', async () => {
    const honest = await invoke(p.bob, { subject: p.bob.did(), audience: p.service.did() })
    accepted(await verify(honest.bytes))
    const malleated = ed25519PlusL(honest.envelope.signature)
    expect(malleated).toHaveLength(64)
    denied(await verify(withSignature(honest, malleated)), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
    // As a delegation too (its result would be cached by CID).
    const root = await delegate(p.space, p.alice, p.space.did())
    const forgedRoot = withSignature(root, ed25519PlusL(root.envelope.signature))
    const { cid } = decodeDelegation(forgedRoot)
    const invocation = await invoke(p.alice, { subject: p.space.did(), audience: p.service.did(), command: '/storage', proofs: [{ cid }] })
    expect(denied(await verify(invocation.bytes, [forgedRoot]), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH').at).toBe('prf[0]')
  })

  it('refuses a did:key whose Ed25519 point has small order, and any token it issues (UnsupportedIssuerError ← InvalidDidError)', async () => {
    // With a small-order A, R = identity and S = 0 satisfy [S]B = R + [k]A for every message.
    const identity = Uint8Array.of(1, ...new Uint8Array(31))
    // y = p − 1, x = 0: the point of order 2.
    const orderTwo = Uint8Array.of(0xec, ...new Uint8Array(30).fill(0xff), 0x7f)
    const forgery = Uint8Array.of(...identity, ...new Uint8Array(32))
    for (const point of [identity, orderTwo]) {
      const did = `did:key:${base58btc.encode(concat(Uint8Array.of(0xed, 0x01), point))}` as const
      throws(() => parseDidKey(did), InvalidDidError, 'ERR_DID_INVALID')
      const payload = { ...selfInvocation(p.bob), iss: did, sub: did }
      const bytes = await forgeToken('inv', payload, 'Ed25519', () => forgery)
      const error = denied(await verify(bytes), UnsupportedIssuerError, 'ERR_ISSUER_UNSUPPORTED')
      causedBy(error, InvalidDidError, 'ERR_DID_INVALID')
    }
  })

  it('denies an EIP-191 token signature whose prefix was applied twice (SignatureMismatchError)', async () => {
    const issuer = (await generateSigner('secp256k1')) as DigestSigner
    const once = await forgeToken('inv', selfInvocation(issuer), 'EIP191', (signed) => issuer.signDigest(eip191Digest(signed)))
    accepted(await verify(once))
    const prefixed = (signed: Uint8Array) => concat(new TextEncoder().encode(`\x19Ethereum Signed Message:\n${signed.length}`), signed)
    const twice = await forgeToken('inv', selfInvocation(issuer), 'EIP191', (signed) => issuer.signDigest(eip191Digest(prefixed(signed))))
    denied(await verify(twice), SignatureMismatchError, 'ERR_SIGNATURE_MISMATCH')
  })
})
