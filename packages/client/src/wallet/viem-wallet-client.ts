import { ClientInputError } from '../errors.js'
import type { ViemWalletClientLike, WalletSigner } from './interface.js'

/** A viem `WalletClient`: it also has `request`, so it must be recognised before an EIP-1193 provider. */
export function isViemWalletClient(value: object): value is ViemWalletClientLike {
  const candidate = value as Partial<Record<keyof ViemWalletClientLike, unknown>>
  return typeof candidate.getAddresses === 'function' && typeof candidate.getChainId === 'function' && typeof candidate.signMessage === 'function'
}

/**
 * Signs through the client's own account object when it has one: given a
 * bare address, viem sends `personal_sign` to the transport (an HTTP node
 * that holds no key), which is the failure issue 17 reported.
 * Its methods throw `ClientInputError` when the client has no account.
 */
export function viemWalletClientSigner(client: ViemWalletClientLike): WalletSigner {
  const address = async () => client.account?.address ?? (await client.getAddresses())[0]
  return {
    kind: 'viem WalletClient',
    async address() {
      const found = await address()
      if (found === undefined) throw new ClientInputError('the viem WalletClient has no account', { at: 'account' })
      return found
    },
    async chainId() {
      return client.chain?.id ?? (await client.getChainId())
    },
    async signMessage(data) {
      const account = client.account ?? (await address())
      if (account === undefined) throw new ClientInputError('the viem WalletClient has no account', { at: 'account' })
      return client.signMessage({ account, message: { raw: data } })
    },
  }
}
