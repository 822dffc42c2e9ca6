import { hexToBytes } from '@noble/hashes/utils.js'
import { utils } from '@noble/secp256k1'
import { InvalidPrivateKeyError } from '../errors.js'

const KEY_HEX = /^(?:0x)?[0-9a-fA-F]{64}$/

/**
 * A copy of the 32-byte secret in `privateKey` (bytes, or hex as wallets
 * export it), so a caller that zeroes or reuses its buffer does not change
 * the wallet's key.
 * @throws {InvalidPrivateKeyError} neither form, or a scalar outside [1, n − 1]
 */
export function privateKeyBytes(privateKey: unknown): Uint8Array {
  let secret: Uint8Array
  if (privateKey instanceof Uint8Array) {
    if (privateKey.length !== 32) throw new InvalidPrivateKeyError(`${privateKey.length} bytes`)
    secret = Uint8Array.from(privateKey)
  } else if (typeof privateKey === 'string') {
    // The length only: a near-miss string may still be most of a real key.
    if (!KEY_HEX.test(privateKey)) throw new InvalidPrivateKeyError(`a string of ${privateKey.length} characters that is not 64 hex digits`)
    secret = hexToBytes(privateKey.startsWith('0x') ? privateKey.slice(2) : privateKey)
  } else {
    throw new InvalidPrivateKeyError(privateKey === null ? 'null' : typeof privateKey)
  }
  if (!utils.isValidSecretKey(secret)) throw new InvalidPrivateKeyError('zero or a number not below the curve order')
  return secret
}
