import type { CapchainErrorOptions } from '@capchain/core/errors'
import { isChecksumAddress, isHexAddress, toChecksumAddress } from '../address/checksum.js'
import { InvalidPkhRootError } from './errors.js'

/** An Ethereum account named by a did:pkh issuer. */
export interface PkhAccount {
  /** The EIP-155 chain id, a positive safe integer. */
  readonly chainId: number
  /** The address in its EIP-55 form. */
  readonly address: string
}

const ACCOUNT = /^did:pkh:eip155:([1-9][0-9]{0,15}):(0x[0-9a-fA-F]{40})$/

/**
 * The account of `did:pkh:eip155:<chain id>:<address>` (CAIP-10). The chain
 * id is decimal without leading zeros, so one account has one DID per chain.
 * The address follows EIP-55 as SIWE does: all-lowercase or all-uppercase
 * carries no checksum and is taken as is; mixed case must pass its checksum,
 * so a mistyped address is refused rather than compared.
 * @throws {InvalidPkhRootError} for any other issuer.
 */
export function parsePkhAccount(iss: string, context: CapchainErrorOptions): PkhAccount {
  const match = ACCOUNT.exec(iss)
  const chainId = Number(match?.[1])
  if (match === null || !Number.isSafeInteger(chainId)) {
    throw new InvalidPkhRootError(`issuer ${iss} is not did:pkh:eip155:<chain id>:<address>`, { ...context, at: 'iss' })
  }
  const address = match[2] as string
  const digits = address.slice(2)
  const mixedCase = digits !== digits.toLowerCase() && digits !== digits.toUpperCase()
  if (!isHexAddress(address) || (mixedCase && !isChecksumAddress(address))) {
    throw new InvalidPkhRootError(`issuer ${iss}: address ${address} fails its EIP-55 checksum`, { ...context, at: 'iss' })
  }
  return { chainId, address: toChecksumAddress(address) }
}
