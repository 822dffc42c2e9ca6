/**
 * The recovery bytes a 65-byte EIP-191 envelope signature may end with.
 * `personal_sign` answers with 27 / 28 in every wallet we know of (MetaMask,
 * viem and ethers accounts, iso-signatures through an EIP-1193 provider);
 * 0 / 1 appear only from raw hardware-wallet APIs, which wallet software
 * normalises before answering, so they are refused: one fewer byte form.
 */
export const EIP191_RECOVERY_BYTES: readonly number[] = [27, 28]

/**
 * The 64-byte `r || s` an EIP-191 envelope signature stands for: the
 * signature itself when 64 bytes, its first 64 bytes when it is the wallet's
 * 65-byte `r || s || v` with an accepted `v`; `undefined` for any other form.
 * Both forms are one signed statement with one identity (`identity.ts`).
 */
export function compactEip191Signature(signature: Uint8Array): Uint8Array | undefined {
  if (signature.length === 64) return signature
  if (signature.length === 65 && EIP191_RECOVERY_BYTES.includes(signature[64]!)) return signature.subarray(0, 64)
  return undefined
}
