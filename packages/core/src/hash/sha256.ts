import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { base32 } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { nodeCrypto } from '../principal/node-crypto.js'
import { cidBuffer } from './cid-slab.js'

const SHA2_256 = 0x12
const DAG_CBOR = 0x71

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array

/**
 * The fastest synchronous SHA2-256 of this runtime, chosen once: in Node.js,
 * `node:crypto` (OpenSSL; its one-shot `hash()` where available, Node
 * 20.12+), about twice as fast as JavaScript on token-sized input (a few
 * hundred bytes, where per-call overhead dominates); elsewhere `@noble/hashes`.
 * In Node.js the digest is a Buffer.
 */
const digestOf: (bytes: Uint8Array) => Uint8Array = (() => {
  const crypto = nodeCrypto()
  if (crypto === undefined) return nobleSha256
  const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash
  return typeof oneShot === 'function'
    ? (bytes) => oneShot('sha256', bytes, 'buffer')
    : (bytes) => crypto.createHash('sha256').update(bytes).digest()
})()

/** SHA2-256, synchronously, on every platform (a CID is computed on every decode). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const digest = digestOf(bytes)
  // A plain Uint8Array, whichever implementation made it.
  return digest.constructor === Uint8Array ? digest : new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
}

/**
 * A token's CID, whose default string form (base32) is computed once and
 * kept on the instance. `CID.prototype.toString` keeps it in a module-wide
 * WeakMap of Maps instead, which costs several times the encoding itself;
 * every decoded token's CID is rendered (decode errors name it).
 * Otherwise exactly the CID `CID.createV1` builds.
 */
class TokenCid extends CID<unknown, typeof DAG_CBOR, typeof SHA2_256, 1> {
  #base32: string | undefined

  override toString(base?: Parameters<CID['toString']>[0]): string {
    if (base !== undefined && base !== base32) return super.toString(base)
    return (this.#base32 ??= base32.encode(this.bytes))
  }
}

/** CIDv1, codec dag-cbor, multihash sha2-256 of `bytes`: how every UCAN token is named. */
export function dagCborCid(bytes: Uint8Array): CID {
  // The multihash and digest are views into the CID bytes, as
  // `CID.createV1(code, Digest.create(code, digest))` would make them.
  const cidBytes = cidBuffer()
  cidBytes[0] = 1
  cidBytes[1] = DAG_CBOR
  cidBytes[2] = SHA2_256
  cidBytes[3] = 32
  // Copied straight from the implementation's digest: no plain view of a Buffer needed.
  cidBytes.set(digestOf(bytes), 4)
  return new TokenCid(1, DAG_CBOR, new Digest.Digest(SHA2_256, 32, cidBytes.subarray(4), cidBytes.subarray(2)), cidBytes)
}
