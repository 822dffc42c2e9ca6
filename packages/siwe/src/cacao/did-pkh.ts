import type { CapchainErrorOptions } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import { MalformedCacaoError, UnsupportedCacaoError } from '../errors.js'
import { quote } from '../message/fields.js'

const EIP155_PREFIX = 'did:pkh:eip155:'
const ACCOUNT = /^did:pkh:eip155:([^:]*):([^:]*)$/

/** The did:pkh of an Ethereum account (CAIP-10 `eip155:<chain id>:<address>`); the address is used as given. */
export function didPkh(chainId: number, address: string): DID {
  return `${EIP155_PREFIX}${chainId}:${address}`
}

/**
 * The chain id and address parts of an `eip155` did:pkh, as text. Their
 * EIP-4361 rules (decimal chain id, EIP-55 address) are checked with the
 * other SIWE fields.
 * @throws {MalformedCacaoError} if `iss` is not a string of the form `did:pkh:eip155:<chain id>:<address>`.
 * @throws {UnsupportedCacaoError} if it is a DID of another method or a did:pkh of another namespace.
 */
export function splitDidPkh(iss: unknown, context: CapchainErrorOptions): { chainId: string; address: string } {
  if (typeof iss !== 'string') throw new MalformedCacaoError('p.iss must be a did:pkh string', context)
  if (!iss.startsWith(EIP155_PREFIX)) {
    throw new UnsupportedCacaoError(`issuer ${quote(iss)} is not an Ethereum account (did:pkh:eip155:…)`, context)
  }
  const match = ACCOUNT.exec(iss)
  if (match === null) throw new MalformedCacaoError(`issuer ${quote(iss)} is not did:pkh:eip155:<chain id>:<address>`, context)
  return { chainId: match[1] as string, address: match[2] as string }
}
