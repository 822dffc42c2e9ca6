/**
 * `@capchain/client/local-wallet`: an EIP-1193 wallet over a private key
 * held in memory, for an agent that holds its own Ethereum key. A subpath
 * so that apps signing in with a browser wallet do not bundle a signer.
 * docs/client.md, "A local wallet".
 */
export { LOCAL_WALLET_METHODS, localWallet } from './local-wallet.js'
export type { LocalWallet, LocalWalletOptions } from './local-wallet.js'
export { InvalidPrivateKeyError, UnauthorizedAccountError, UnsupportedMethodError } from '../errors.js'
