import { sha256 } from '@capchain/core'

const encoder = new TextEncoder()

/**
 * 32 bytes derived from a label: SHA2-256 of `capchain-vectors/<label>`.
 * Every secret key and nonce of the vectors comes from one, so the whole
 * suite is a function of the labels in this package.
 */
export function seed(label: string): Uint8Array {
  return sha256(encoder.encode(`capchain-vectors/${label}`))
}

/** A token nonce: the first 12 bytes of `seed("nonce/<label>")` (12 bytes, as our builders make them). */
export function nonce(label: string): Uint8Array {
  return seed(`nonce/${label}`).slice(0, 12)
}
