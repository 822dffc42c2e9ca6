import { InvalidEvmArgsError } from '../errors.js'

/** A CAIP-2 EVM chain id, `eip155:<decimal id>`, the one spelling accepted in `args`. */
export type Caip2Chain = `eip155:${string}`

// No leading zeros, at most 2^53 − 1 so the id is exact as a number (every EVM chain id in use is far below).
const CAIP2_EIP155 = /^eip155:[1-9][0-9]{0,15}$/

/**
 * The chain id an `args.chain` names. A CAIP-2 string rather than an
 * integer: policies can then use `==` and `like "eip155:*"` and the same
 * string names the chain in did:pkh and SIWE.
 *
 * @throws {InvalidEvmArgsError} not `eip155:` and a canonical positive safe integer
 */
export function parseChain(value: unknown, at: string): number {
  if (typeof value !== 'string' || !CAIP2_EIP155.test(value) || !Number.isSafeInteger(Number(value.slice(7)))) {
    throw new InvalidEvmArgsError(`${at} must be a CAIP-2 chain id eip155:<id> (decimal, no leading zeros)`, { at })
  }
  return Number(value.slice(7))
}

/**
 * The CAIP-2 spelling of a chain id.
 *
 * @throws {InvalidEvmArgsError} not a positive safe integer
 */
export function caip2(chainId: number): Caip2Chain {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new InvalidEvmArgsError(`chain id must be a positive safe integer, got ${String(chainId)}`, { at: 'chain' })
  return `eip155:${chainId}`
}
