/**
 * The wallets `signIn` accepts, described by shape only: the client never
 * imports viem or ethers (it must stay small and browser-clean), so an app
 * passes whichever it already has and the adapters recognise it.
 */
import type { Eip1193Provider } from '@capchain/siwe'

export type { Eip1193Provider }

/** `0x`-prefixed hex, as viem types it. */
export type Hex = `0x${string}`

/** A viem `WalletClient` (`createWalletClient`), with a local or a JSON-RPC account. */
export interface ViemWalletClientLike {
  /** The client's own account, when it was created with one. */
  readonly account?: { readonly address: Hex } | undefined
  readonly chain?: { readonly id: number } | undefined
  getAddresses(): Promise<readonly Hex[]>
  getChainId(): Promise<number>
  /** Method syntax on purpose: viem's parameter type depends on the client's account type, and TypeScript compares methods' parameters both ways. */
  signMessage(args: { account?: unknown; message: string | { raw: Hex | Uint8Array } }): Promise<Hex>
}

/** A viem local `Account` (`privateKeyToAccount`, `mnemonicToAccount`, `toAccount`): it has no chain. */
export interface ViemAccountLike {
  readonly address: Hex
  signMessage(args: { message: { raw: Hex } }): Promise<Hex>
}

/** An ethers v6 `Signer`: a `Wallet`, or a `JsonRpcSigner` from a `BrowserProvider`. */
export interface EthersSignerLike {
  /** Where the chain id comes from; a `Wallet` without a provider has no chain. */
  readonly provider?: { getNetwork(): Promise<{ readonly chainId: bigint }> } | null
  getAddress(): Promise<string>
  signMessage(message: string | Uint8Array): Promise<string>
}

/** Anything `signIn` and session revocation accept as the user's wallet. */
export type Wallet = Eip1193Provider | ViemWalletClientLike | ViemAccountLike | EthersSignerLike

/**
 * What each adapter makes of its wallet: the three things a SIWE sign-in
 * asks. `chainId` is `undefined` when the wallet has no chain of its own.
 */
export interface WalletSigner {
  /** How the wallet was recognised, for messages: `viem Account`, `ethers Signer`… */
  readonly kind: string
  address(): Promise<string>
  chainId(): Promise<number | undefined>
  /** EIP-191 `personal_sign` of the message's bytes (given as `0x` hex). */
  signMessage(data: Hex): Promise<string>
}
