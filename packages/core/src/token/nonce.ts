import { randomBytes } from '@noble/hashes/utils.js'

/** 12 random bytes: unique per token, as the spec requires, and short. */
export function randomNonce(): Uint8Array {
  return randomBytes(12)
}
