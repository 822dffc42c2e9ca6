/** EIP-55 mixed-case checksum addresses. */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { InvalidAddressError } from '../errors.js'

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/
const encoder = new TextEncoder()

function checksumOf(lowerHex: string): string {
  const hash = keccak_256(encoder.encode(lowerHex))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const char = lowerHex[i] as string
    // Nibble i of the hash: the high nibble of byte i/2 for even i, the low one for odd i.
    const byte = hash[i >> 1] as number
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f
    out += nibble >= 8 ? char.toUpperCase() : char
  }
  return out
}

/** Whether `text` is `0x` followed by exactly 40 hex digits, in any case. */
export function isHexAddress(text: string): boolean {
  return HEX_ADDRESS.test(text)
}

/**
 * Whether `text` is an address written exactly in its EIP-55 checksum form.
 * An all-lowercase address carries no checksum and is not in that form
 * (unless it has no letters at all), which is what EIP-4361 messages require.
 */
export function isChecksumAddress(text: string): boolean {
  return HEX_ADDRESS.test(text) && checksumOf(text.slice(2).toLowerCase()) === text
}

/**
 * The EIP-55 checksum form of an address given in any case.
 * @throws {InvalidAddressError} if `address` is not `0x` + 40 hex digits.
 */
export function toChecksumAddress(address: string): string {
  if (!HEX_ADDRESS.test(address)) {
    throw new InvalidAddressError('an Ethereum address is "0x" followed by 40 hex digits')
  }
  return checksumOf(address.slice(2).toLowerCase())
}
