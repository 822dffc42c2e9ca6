import type { KeyType } from '@capchain/core'
import { InvalidOptionValueError } from '../io/usage-error.js'

/** `--type` values, lowercase as typed, to core's key type names. */
const KEY_TYPE_NAMES: Readonly<Record<string, KeyType>> = {
  ed25519: 'Ed25519',
  secp256k1: 'secp256k1',
  p256: 'P-256',
}

/**
 * A key type from `ed25519`, `secp256k1` or `p256` (any case; `p-256` too).
 *
 * @throws {InvalidOptionValueError} any other name
 */
export function parseKeyType(text: string): KeyType {
  const keyType = KEY_TYPE_NAMES[text.toLowerCase().replace('-', '')]
  if (keyType === undefined) throw new InvalidOptionValueError('--type', text, 'a key type: ed25519, secp256k1 or p256')
  return keyType
}
