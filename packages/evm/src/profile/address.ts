import { InvalidEvmArgsError } from '../errors.js'

/** A 20-byte address in its one accepted spelling: `0x` and 40 lower-case hex digits. */
export type LowerAddress = `0x${string}`

const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/

/** Whether `value` is an address in the profile's one spelling. */
export function isLowerAddress(value: unknown): value is LowerAddress {
  return typeof value === 'string' && LOWER_ADDRESS.test(value)
}

/**
 * Check an address in `args`. Only lower case is accepted, never EIP-55 or
 * mixed case: args are evaluated as signed, so a second spelling would let
 * an invoker slip past a policy comparing strings (`==`, `like`).
 *
 * @throws {InvalidEvmArgsError} anything but `0x` and 40 lower-case hex digits
 */
export function parseAddress(value: unknown, at: string): LowerAddress {
  if (!isLowerAddress(value)) throw new InvalidEvmArgsError(`${at} must be an address as 0x and 40 lower-case hex digits`, { at })
  return value
}

/**
 * An address from a builder's input, in any case, as the profile spells it.
 *
 * @throws {InvalidEvmArgsError} not 0x and 40 hex digits
 */
export function lowerAddress(value: string, at: string): LowerAddress {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new InvalidEvmArgsError(`${at} must be a 20-byte hex address`, { at })
  return value.toLowerCase() as LowerAddress
}
