// @noble/secp256k1 rather than @noble/curves: the same author's audited
// single-curve library does recovery in a fraction of the bundle, and every
// app that signs in downloads it (docs/performance.md, "Bundle sizes").
import { InvalidSignatureError } from '@capchain/core/errors'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { Point, recoverPublicKey, Signature } from '@noble/secp256k1'
import { toChecksumAddress } from '../address/checksum.js'
import { hashPersonalMessage } from './hash.js'

const SIGNATURE_HEX = /^0x[0-9a-fA-F]{130}$/

/**
 * The Ethereum address (EIP-55 form) of a secp256k1 public key: the last 20
 * bytes of keccak256 of the uncompressed point without its 0x04 prefix.
 * @throws {InvalidSignatureError} if `publicKey` is not a valid secp256k1 point (compressed or not).
 */
export function addressFromPublicKey(publicKey: Uint8Array): string {
  let uncompressed: Uint8Array
  try {
    uncompressed = Point.fromBytes(publicKey).toBytes(false)
  } catch (cause) {
    throw new InvalidSignatureError('not a valid secp256k1 public key', { at: 'publicKey', cause })
  }
  return toChecksumAddress(`0x${bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12))}`)
}

/**
 * Recover the address that made an EIP-191 `personal_sign` signature over
 * `message`. The signature is the 65 bytes r ‖ s ‖ v (or their `0x` hex),
 * with v = 27 / 28 or 0 / 1. Only low-S signatures are accepted, as Ethereum
 * requires since Homestead (EIP-2): the high-S twin of a valid signature
 * recovers the same key, and accepting both makes signatures malleable.
 * @throws {InvalidSignatureError} if the signature is not 65 bytes, v is not 0, 1, 27 or 28,
 *   r or s is out of range, S is high, or no key recovers.
 */
export function recoverPersonalSignAddress(message: string | Uint8Array, signature: Uint8Array | string): string {
  let bytes: Uint8Array
  if (typeof signature === 'string') {
    if (!SIGNATURE_HEX.test(signature)) {
      throw new InvalidSignatureError('a signature must be "0x" followed by 130 hex digits (65 bytes r ‖ s ‖ v)', { at: 'signature' })
    }
    bytes = hexToBytes(signature.slice(2))
  } else if (signature instanceof Uint8Array) {
    bytes = signature
  } else {
    throw new InvalidSignatureError('a signature must be a Uint8Array or a hex string', { at: 'signature' })
  }
  if (bytes.length !== 65) {
    throw new InvalidSignatureError(`a signature is 65 bytes (r ‖ s ‖ v), not ${bytes.length}`, { at: 'signature' })
  }
  const v = bytes[64] as number
  const recovery = v === 27 || v === 28 ? v - 27 : v === 0 || v === 1 ? v : undefined
  if (recovery === undefined) {
    throw new InvalidSignatureError(`signature recovery byte v = ${v} is not 27, 28, 0 or 1`, { at: 'signature' })
  }
  let parsed: Signature
  try {
    parsed = Signature.fromBytes(bytes.subarray(0, 64), 'compact')
  } catch (cause) {
    throw new InvalidSignatureError('signature r or s is not in [1, n − 1]', { at: 'signature', cause })
  }
  if (parsed.hasHighS()) {
    throw new InvalidSignatureError('signature has a high S value; Ethereum accepts only low-S signatures', { at: 'signature' })
  }
  let publicKey: Uint8Array
  try {
    publicKey = recoverPublicKey(parsed.addRecoveryBit(recovery).toBytes('recovered'), hashPersonalMessage(message), {
      prehash: false,
      isCompressed: false,
    })
  } catch (cause) {
    throw new InvalidSignatureError('no public key recovers from this signature', { at: 'signature', cause })
  }
  return addressFromPublicKey(publicKey)
}
