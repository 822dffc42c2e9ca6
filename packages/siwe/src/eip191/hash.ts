import { keccak_256 } from '@noble/hashes/sha3.js'

/** The EIP-191 version 0x45 ("E") prefix that `personal_sign` puts before the message length and the message. */
export const PERSONAL_MESSAGE_PREFIX = '\x19Ethereum Signed Message:\n'

const encoder = new TextEncoder()

/**
 * The digest an EIP-191 `personal_sign` signature covers:
 * `keccak256("\x19Ethereum Signed Message:\n" + byteLength(message) + message)`,
 * with a string message taken as its UTF-8 bytes. The prefix is applied here,
 * once; pass the bare message, never one that already carries it.
 */
export function hashPersonalMessage(message: string | Uint8Array): Uint8Array {
  const body = typeof message === 'string' ? encoder.encode(message) : message
  const prefix = encoder.encode(`${PERSONAL_MESSAGE_PREFIX}${body.length}`)
  const data = new Uint8Array(prefix.length + body.length)
  data.set(prefix, 0)
  data.set(body, prefix.length)
  return keccak_256(data)
}
