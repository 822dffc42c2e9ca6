/** The little Solidity ABI encoding the contract checks need: static words and one trailing `bytes`. */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { Hex } from './interface.js'

const WORD = 32

/** A 32-byte word holding `value` right-aligned (addresses) or exactly (bytes32). */
function word(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(WORD)
  out.set(value, WORD - value.length)
  return out
}

/** `uint256` as a word. */
function uintWord(value: number): Uint8Array {
  return hexToBytes(value.toString(16).padStart(WORD * 2, '0'))
}

/**
 * ABI encoding of `(head…, bytes tail)`: each head is one static word (an
 * address or a bytes32), then the offset of `tail`, its length, and its
 * bytes zero-padded to whole words.
 */
export function encodeWithBytes(heads: readonly Uint8Array[], tail: Uint8Array): Uint8Array {
  const padded = Math.ceil(tail.length / WORD) * WORD
  const out = new Uint8Array((heads.length + 2) * WORD + padded)
  heads.forEach((head, i) => out.set(word(head), i * WORD))
  out.set(uintWord((heads.length + 1) * WORD), heads.length * WORD)
  out.set(uintWord(tail.length), (heads.length + 1) * WORD)
  out.set(tail, (heads.length + 2) * WORD)
  return out
}

/** `0x` hex of the concatenation of `parts`. */
export function hexOf(...parts: Uint8Array[]): Hex {
  return `0x${parts.map((part) => bytesToHex(part)).join('')}`
}

/** The 20 bytes of a `0x` address (any case; callers pass checked addresses). */
export function addressBytes(address: string): Uint8Array {
  return hexToBytes(address.slice(2))
}
