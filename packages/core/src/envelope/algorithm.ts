import type { KeyType } from '../principal/interface.js'
import type { VarsigAlgorithm } from '../varsig/interface.js'

/** The key type each varsig algorithm needs: a header must fit its issuer's key. */
export const KEY_TYPE_OF: Readonly<Record<VarsigAlgorithm, KeyType>> = {
  Ed25519: 'Ed25519',
  ES256: 'P-256',
  ES256K: 'secp256k1',
  EIP191: 'secp256k1',
}

/** The algorithm a key signs with unless told otherwise. */
export const DEFAULT_ALGORITHM: Readonly<Record<KeyType, VarsigAlgorithm>> = {
  Ed25519: 'Ed25519',
  'P-256': 'ES256',
  secp256k1: 'ES256K',
}
