import { signerFromSecret } from '@capchain/core'
import type { DID, KeyType, Signer } from '@capchain/core'
import { base64pad } from 'multiformats/bases/base64'
import type { Json } from '../output/json.js'
import { seed } from './seed.js'

/** The did:key principals of the vectors and their key types: Ed25519 mostly, one of each ECDSA curve. */
const KEY_TYPES = {
  alice: 'Ed25519',
  bob: 'Ed25519',
  carol: 'Ed25519',
  dan: 'secp256k1',
  erin: 'P-256',
  mallory: 'Ed25519',
  session: 'Ed25519',
  agent: 'Ed25519',
  throwaway: 'Ed25519',
} as const satisfies Record<string, KeyType>

export type PrincipalName = keyof typeof KEY_TYPES

const signers = new Map<PrincipalName, Signer>()

/** The principal `name`, whose secret key is `seed("key/<name>")`. */
export function principal(name: PrincipalName): Signer {
  let signer = signers.get(name)
  if (signer === undefined) {
    signer = signerFromSecret(KEY_TYPES[name], seed(`key/${name}`))
    signers.set(name, signer)
  }
  return signer
}

/**
 * The `principals` map of a vector file: name → padded base64 of the
 * multikey secret (varint codec + 32-byte secret), the encoding of the
 * ucan-wg/spec fixtures, so anyone can re-sign the tokens.
 */
export function principalsJson(names: readonly PrincipalName[]): Json {
  return Object.fromEntries(names.map((name) => [name, base64pad.baseEncode(principal(name).exportSecret())]))
}

/** The storage service of the vectors: not a signer, only the `aud` its invocations name. */
export const SERVICE: DID = 'did:web:storage.example'
