import { CapchainError } from '@capchain/core/errors'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { expect } from 'vitest'
import { hashPersonalMessage, type SiweMessageFields } from '../src/index.js'

/** The secret key from the web3.js documentation, whose address is published alongside it. */
export const SECRET_KEY = hexToBytes('4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318')
export const SECRET_KEY_ADDRESS = '0x2c7536E3605D9C16a7a3D7b1898e529396a65c23'

/** An EIP-191 personal_sign signature as a wallet returns it: r ‖ s ‖ v with v = 27 + recovery. */
export function personalSign(message: string | Uint8Array, secretKey: Uint8Array = SECRET_KEY): Uint8Array {
  // noble's 'recovered' format puts the recovery byte first; Ethereum puts v last.
  const signature = secp256k1.sign(hashPersonalMessage(message), secretKey, { prehash: false, format: 'recovered' })
  return Uint8Array.of(...signature.subarray(1), 27 + (signature[0] as number))
}

/** The error a call throws, which must be one of ours (the test fails if the call returns). */
export function thrown(fn: () => unknown): CapchainError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CapchainError)
    return error as CapchainError
  }
  throw new Error('expected a throw, but the call returned')
}

/** A valid message's fields, for tests to vary one field at a time. */
export const BASE_FIELDS: SiweMessageFields = {
  domain: 'service.org',
  address: SECRET_KEY_ADDRESS,
  statement: 'I accept the ServiceOrg Terms of Service: https://service.org/tos',
  uri: 'https://service.org/login',
  version: '1',
  chainId: 1,
  nonce: '32891757',
  issuedAt: '2021-09-30T16:25:24.000Z',
  expirationTime: '2021-10-30T16:25:24.000Z',
  notBefore: '2021-09-30T16:25:24.000Z',
  requestId: 'req-1',
  resources: ['ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu', 'https://example.com/my-web2-claim.json'],
}
