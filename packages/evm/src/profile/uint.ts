import { InvalidEvmArgsError } from '../errors.js'

/** 2^256 − 1, the largest uint256. */
export const MAX_UINT256 = (1n << 256n) - 1n

// Canonical decimal: no sign, no leading zero (except "0" itself), at most 78 digits (2^256 has 78).
const CANONICAL_UINT = /^(?:0|[1-9][0-9]{0,77})$/
const CANONICAL_INT = /^(?:0|-?[1-9][0-9]{0,77})$/

/**
 * A uint256 as its canonical decimal string, the one form the profile puts in
 * `args` and statements: DAG-CBOR integers stop at 2^64, and one value must
 * have one spelling so a policy cannot be evaded by `"007"`.
 *
 * @throws {InvalidEvmArgsError} not a bigint in [0, 2^256 − 1]
 */
export function formatUint(value: bigint, at?: string): string {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UINT256) {
    throw new InvalidEvmArgsError(`${at ?? 'amount'} must be a bigint in [0, 2^256 − 1]`, at === undefined ? {} : { at })
  }
  return value.toString()
}

/** The uint256 a canonical decimal string states, `undefined` for any other value. */
export function readUint(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !CANONICAL_UINT.test(value)) return undefined
  const number = BigInt(value)
  return number <= MAX_UINT256 ? number : undefined
}

/** A signed integer (int256 or uint256 range) from its canonical decimal string, `undefined` otherwise. */
export function readInt(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !CANONICAL_INT.test(value)) return undefined
  const number = BigInt(value)
  return number <= MAX_UINT256 && number >= -(1n << 255n) ? number : undefined
}

/**
 * @throws {InvalidEvmArgsError} `value` is not a canonical uint256 decimal string
 */
export function parseUint(value: unknown, at: string): bigint {
  const number = readUint(value)
  if (number === undefined) throw new InvalidEvmArgsError(`${at} must be a uint256 as a canonical decimal string (no sign, no leading zeros)`, { at })
  return number
}
