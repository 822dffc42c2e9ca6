/** Fixtures for the CACAO and SIWE-root tests: a fixed wallet key, a fixed session key, root fields to vary. */
import { CapchainError } from '@capchain/core/errors'
import { signerFromSecret } from '@capchain/core/principal'
import * as dagCbor from '@ipld/dag-cbor'
import { hexToBytes } from '@noble/hashes/utils.js'
import { expect } from 'vitest'
import {
  createSiweMessage,
  didPkh,
  encodeCacao,
  withRecap,
  type CacaoBlock,
  type CacaoSignatureEncoding,
  type CacaoSignatureType,
  type Recap,
  type SiweMessageFields,
} from '../src/index.js'
import { personalSign, SECRET_KEY, SECRET_KEY_ADDRESS } from './helpers.js'

/** A second wallet key, for signatures by the wrong account. */
export const OTHER_KEY = hexToBytes('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')

/** The wallet account's did:pkh on mainnet: the chain's subject. */
export const SUBJECT = didPkh(1, SECRET_KEY_ADDRESS)

/** A fixed Ed25519 session key; its did:key is the SIWE URI. */
export const SESSION = signerFromSecret('Ed25519', new Uint8Array(32).fill(7))

/** 2025-01-01T12:00:00Z, inside the fixtures' validity window. */
export const NOW = Date.parse('2025-01-01T12:00:00Z') / 1000
export const NOT_BEFORE = Date.parse('2025-01-01T00:00:00Z') / 1000
export const EXPIRES = Date.parse('2025-01-02T00:00:00Z') / 1000

/** Read-only access under /photos, and writes under /photos of at most 10 MiB: the worked examples of docs/siwe-root.md. */
export const PHOTOS_READ_POLICY = [['like', '.path', '/photos/*']]
export const PHOTOS_WRITE_POLICY = [
  ['like', '.path', '/photos/*'],
  ['<=', '.size', 10485760],
]

export function photosRecap(subject: string = SUBJECT): Recap {
  return {
    att: { [subject]: { 'storage/read': [{ pol: PHOTOS_READ_POLICY }], 'storage/write': [{ pol: PHOTOS_WRITE_POLICY }] } },
    prf: [],
  }
}

/** Root fields granting `recap` (default {@link photosRecap}), with `overrides` applied before the ReCap is attached. */
export function rootFields(overrides: Partial<SiweMessageFields> = {}, recap: Recap = photosRecap()): SiweMessageFields {
  return withRecap(
    {
      domain: 'photos.example',
      address: SECRET_KEY_ADDRESS,
      statement: 'Sign in to Photos.',
      uri: SESSION.did(),
      version: '1',
      chainId: 1,
      nonce: 'n0nce12345',
      issuedAt: '2025-01-01T00:00:00Z',
      notBefore: '2025-01-01T00:00:00Z',
      expirationTime: '2025-01-02T00:00:00Z',
      ...overrides,
    },
    recap,
  )
}

export interface SignOptions {
  key?: Uint8Array
  signatureType?: CacaoSignatureType
  signatureEncoding?: CacaoSignatureEncoding
}

/** A CACAO of `fields` signed by `key` (default the wallet key): fields are rendered and signed as they are, ReCap rules or not. */
export function signedCacao(fields: SiweMessageFields, options: SignOptions = {}): CacaoBlock {
  const message = createSiweMessage(fields)
  return encodeCacao(
    { message, signature: personalSign(message, options.key ?? SECRET_KEY), signatureType: options.signatureType ?? 'eip191' },
    { signatureEncoding: options.signatureEncoding ?? 'bytes' },
  )
}

/** The block with its decoded value edited and re-encoded canonically (a forger's edit, signature untouched). */
export function edited(bytes: Uint8Array, edit: (cacao: Record<string, Record<string, unknown>>) => void): Uint8Array {
  const value = dagCbor.decode<Record<string, Record<string, unknown>>>(bytes)
  edit(value)
  return dagCbor.encode(value)
}

/** The typed error a promise rejects with (the test fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<CapchainError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(CapchainError)
    return error as CapchainError
  }
  throw new Error('expected a rejection, but the promise resolved')
}
