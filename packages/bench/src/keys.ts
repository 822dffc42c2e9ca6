/**
 * The bench's principals: deterministic Ed25519 keys, the same 32-byte seeds
 * for every implementation, so every implementation checks signatures by the
 * very same keys.
 *
 * Tokens are signed through `node:crypto` (deterministic RFC 8032, so the
 * signatures are exactly those `@noble/ed25519` would make): the bench mints
 * tens of thousands of tokens before it measures anything.
 */
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { signerFromSecret } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'

/** The 32-byte seed of bench key `name` (a fixed derivation: runs are reproducible). */
export function seedOf(name: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`capchain-bench/${name}`).digest())
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** A capchain signer for `seed` that signs with node:crypto. */
export function fastSigner(seed: Uint8Array): Signer {
  const base = signerFromSecret('Ed25519', seed)
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  return {
    keyType: base.keyType,
    publicKey: base.publicKey,
    did: () => base.did(),
    verify: (message, signature) => base.verify(message, signature),
    sign: (message) => Promise.resolve(new Uint8Array(nodeSign(null, message, privateKey))),
    exportSecret: () => base.exportSecret(),
    toVerifier: () => base.toVerifier(),
  }
}

/** The raw public key as a node:crypto KeyObject: what the signature floor verifies with. */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' })
}
