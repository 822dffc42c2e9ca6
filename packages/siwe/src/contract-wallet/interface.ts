/**
 * An on-chain signature check for contract accounts. Resolve `true` only when
 * the account at `address` on chain `chainId` accepts `signature` over `hash`
 * (ERC-1271 `isValidSignature` returning `0x1626ba7e`, after the ERC-6492
 * counterfactual deployment when the signature is wrapped). Resolve `false`
 * for a signature it refuses; throw when the check cannot be made.
 */
export interface ContractSignatureChecker {
  isValidSignature(address: string, hash: Uint8Array, signature: Uint8Array, chainId: number): Promise<boolean>
}

/** `0x`-prefixed hex, as Ethereum JSON-RPC clients spell bytes. */
export type Hex = `0x${string}`

/**
 * The one method of an Ethereum client the adapter needs: `eth_call`, shaped
 * like viem's `PublicClient.call` (so a viem client fits without importing
 * viem). A call without `to` runs `data` as creation code (a "deployless"
 * call), as viem and every node's `eth_call` do. It must throw when the call
 * reverts or fails.
 */
export interface EthCallClient {
  call(request: { readonly to?: Hex; readonly data: Hex }): Promise<{ readonly data?: Hex | undefined }>
}
