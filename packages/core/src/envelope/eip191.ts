import { keccak256 } from '../hash/keccak256.js'

const encoder = new TextEncoder()

/**
 * The digest an EIP-191 `personal_sign` signature covers:
 * keccak256("\x19Ethereum Signed Message:\n" + byteLength(message) + message).
 * The prefix is applied exactly once, here, and nowhere else.
 */
export function eip191Digest(message: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`\x19Ethereum Signed Message:\n${message.length}`)
  const data = new Uint8Array(prefix.length + message.length)
  data.set(prefix, 0)
  data.set(message, prefix.length)
  return keccak256(data)
}
