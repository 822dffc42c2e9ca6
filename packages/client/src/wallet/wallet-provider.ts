import { UnsupportedWalletError } from '../errors.js'
import { describeValue } from './describe.js'
import { isEip1193Provider } from './eip1193.js'
import { ethersSignerSigner, isEthersSigner } from './ethers-signer.js'
import type { Eip1193Provider, Wallet } from './interface.js'
import { signerProvider } from './signer-provider.js'
import { isViemAccount, viemAccountSigner } from './viem-account.js'
import { isViemWalletClient, viemWalletClientSigner } from './viem-wallet-client.js'

/** The accepted kinds, for the refusal's message. */
export const ACCEPTED_WALLETS =
  'an EIP-1193 provider (request), a viem WalletClient (getAddresses, getChainId, signMessage), a viem local Account (address, signMessage) or an ethers v6 Signer (getAddress, signMessage)'

/**
 * Any accepted wallet as an EIP-1193 provider, recognised by shape in an
 * order where no kind is taken for another: a viem WalletClient also has
 * `request` (its transport's, which holds no key) and an ethers `Wallet`
 * also has `address`, so both are tried before the kinds they resemble.
 *
 * @throws {UnsupportedWalletError} `wallet` is none of the accepted kinds
 */
export function walletProvider(wallet: Wallet): Eip1193Provider {
  const value: unknown = wallet
  if (typeof value === 'object' && value !== null) {
    if (isViemWalletClient(value)) return signerProvider(viemWalletClientSigner(value))
    if (isEthersSigner(value)) return signerProvider(ethersSignerSigner(value))
    if (isViemAccount(value)) return signerProvider(viemAccountSigner(value))
    if (isEip1193Provider(value)) return value
  }
  throw new UnsupportedWalletError(describeValue(value), ACCEPTED_WALLETS)
}
