import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { base32 } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { nodeCrypto } from '../principal/node-crypto.js'
import { cidBuffer } from './cid-slab.js'
import { base32CidString } from './cid-string.js'

const SHA2_256 = 0x12
const DAG_CBOR = 0x71

type OneShotLatin1 = (algorithm: string, data: Uint8Array, outputEncoding: 'latin1') => string

/**
 * Writes the SHA2-256 of `bytes` into `out` at `offset`: the fastest
 * synchronous implementation of this runtime, chosen once. In Node.js,
 * `node:crypto` (OpenSSL), about twice as fast as JavaScript on token-sized
 * input (a few hundred bytes, where per-call overhead dominates). Its
 * one-shot `hash()` (Node 20.12+) is asked for a Latin-1 string, one
 * character a byte, not a Buffer: every Buffer Node creates gets an
 * ArrayBuffer of its own outside the JS heap, which costs three times the
 * hash itself (measured: 2.9 µs with a Buffer, 0.8 µs with the string, for
 * a 474-byte token), and a token is hashed on every request. Elsewhere
 * `@noble/hashes`.
 */
const writeDigest: (bytes: Uint8Array, out: Uint8Array, offset: number) => void = (() => {
  const crypto = nodeCrypto()
  if (crypto === undefined) return (bytes, out, offset) => out.set(nobleSha256(bytes), offset)
  const oneShot = (crypto as unknown as { hash?: OneShotLatin1 }).hash
  if (typeof oneShot !== 'function') return (bytes, out, offset) => out.set(crypto.createHash('sha256').update(bytes).digest(), offset)
  return (bytes, out, offset) => {
    const digest = oneShot('sha256', bytes, 'latin1')
    for (let i = 0; i < 32; i++) out[offset + i] = digest.charCodeAt(i)
  }
})()

/** SHA2-256, synchronously, on every platform (a CID is computed on every decode). */
export function sha256(bytes: Uint8Array): Uint8Array {
  // 32 bytes: V8 keeps an array this small on its own heap, where it is cheap to make.
  const digest = new Uint8Array(32)
  writeDigest(bytes, digest, 0)
  return digest
}

/**
 * A token's CID, whose default string form (base32) is computed once, as
 * one flat string (cid-string.ts), and kept on the instance.
 * `CID.prototype.toString` keeps it in a module-wide WeakMap of Maps
 * instead, which costs several times the encoding itself; every decoded
 * token's CID is rendered (decode errors name it).
 * Otherwise exactly the CID `CID.createV1` builds.
 */
class TokenCid extends CID<unknown, typeof DAG_CBOR, typeof SHA2_256, 1> {
  #base32: string | undefined

  override toString(base?: Parameters<CID['toString']>[0]): string {
    if (base !== undefined && base !== base32) return super.toString(base)
    return (this.#base32 ??= base32CidString(this.bytes))
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
  writeDigest(bytes, cidBytes, 4)
  return new TokenCid(1, DAG_CBOR, new Digest.Digest(SHA2_256, 32, cidBytes.subarray(4), cidBytes.subarray(2)), cidBytes)
}
