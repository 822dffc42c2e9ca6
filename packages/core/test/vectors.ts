export { readVectorJson, vectorsDir } from '@capchain/test-support'

/** Hex string → bytes (test helper; input is trusted vector data). */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`bad hex: ${hex}`)
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16))
}

/** Bytes → lowercase hex. */
export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
