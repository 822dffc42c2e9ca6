/**
 * ERC-6492 signatures: an ERC-1271 signature of a contract wallet that is not
 * deployed yet, wrapped as `abi.encode(factory, factoryCalldata, signature) ‖ magic`.
 */
import { hexToBytes } from '@noble/hashes/utils.js'

/** The 32 bytes that end every ERC-6492 signature. Its last byte, 0x92, is no valid `v`, so it never reads as an EOA signature. */
export const ERC6492_MAGIC_SUFFIX = '0x6492649264926492649264926492649264926492649264926492649264926492'

const SUFFIX = hexToBytes(ERC6492_MAGIC_SUFFIX.slice(2))

/** Whether `signature` ends with {@link ERC6492_MAGIC_SUFFIX} (the ERC's detection rule; the wrapper itself is decoded on chain). */
export function isErc6492Signature(signature: Uint8Array): boolean {
  if (signature.length < SUFFIX.length) return false
  const tail = signature.subarray(signature.length - SUFFIX.length)
  return tail.every((byte, i) => byte === SUFFIX[i])
}
