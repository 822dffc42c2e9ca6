import { ClientInputError } from '../errors.js'
import type { Eip1193Provider, Hex, WalletSigner } from './interface.js'

/**
 * The adapted wallet as the one interface the SIWE session code speaks:
 * the three EIP-1193 requests a sign-in makes, answered by `signer`. One
 * path for every wallet kind, so sign-in and session revocation build the
 * same message whatever signs it. Its `request` rejects with
 * `ClientInputError` for a chainless wallet's `eth_chainId`, a
 * `personal_sign` for another account, or any other method (the session
 * code reports it as `WalletRequestError`).
 */
export function signerProvider(signer: WalletSigner): Eip1193Provider {
  return {
    async request({ method, params }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [await signer.address()]
        case 'eth_chainId': {
          const chainId = await signer.chainId()
          if (chainId === undefined) throw new ClientInputError(`a ${signer.kind} has no chain of its own: pass { chainId }`, { at: 'chainId' })
          return `0x${chainId.toString(16)}`
        }
        case 'personal_sign': {
          const [data, address] = (params ?? []) as readonly unknown[]
          const own = await signer.address()
          if (typeof data !== 'string' || !data.startsWith('0x')) throw new ClientInputError('personal_sign needs the message as 0x hex')
          // The session code names the account it asked for; a signer that has since changed account must not sign for it.
          if (typeof address !== 'string' || address.toLowerCase() !== own.toLowerCase()) {
            throw new ClientInputError(`the ${signer.kind} signs for ${own}, not ${String(address)}`)
          }
          return signer.signMessage(data as Hex)
        }
        default:
          throw new ClientInputError(`a ${signer.kind} does not answer ${method}`)
      }
    },
  }
}
