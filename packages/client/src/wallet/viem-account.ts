import type { ViemAccountLike, WalletSigner } from './interface.js'

/** A viem local `Account`: an address and a `signMessage` taking `{ message }`. */
export function isViemAccount(value: object): value is ViemAccountLike {
  const candidate = value as Partial<Record<keyof ViemAccountLike, unknown>>
  return typeof candidate.address === 'string' && typeof candidate.signMessage === 'function'
}

export function viemAccountSigner(account: ViemAccountLike): WalletSigner {
  return {
    kind: 'viem Account',
    address: () => Promise.resolve(account.address),
    // A key on its own belongs to no chain: the caller names one (`signIn`'s `chainId`).
    chainId: () => Promise.resolve(undefined),
    signMessage: (data) => account.signMessage({ message: { raw: data } }),
  }
}
