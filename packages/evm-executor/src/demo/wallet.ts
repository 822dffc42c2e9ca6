/**
 * The user's wallet as a dapp sees it (EIP-1193 `request`) over a local
 * secp256k1 key, for `createSiweSession` and the client's `signIn`. Written
 * here with ox, which the package already uses for keys and calldata,
 * rather than adding viem for three methods.
 */
import type { Eip1193Provider } from '@capchain/siwe'
import { Address, PersonalMessage, Secp256k1, Signature } from 'ox'

/**
 * A wallet holding `key` on `chainId`, answering account, chain and `personal_sign` requests.
 * @throws {Error} from `request`: another method, or another account to sign for
 */
export function localWallet(key: Uint8Array, chainId: bigint): Eip1193Provider {
  const address = Address.fromPublicKey(Secp256k1.getPublicKey({ privateKey: key }))
  return {
    async request({ method, params }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [address]
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`
        case 'personal_sign': {
          const [data, account] = params as [`0x${string}`, string]
          if (account.toLowerCase() !== address.toLowerCase()) throw new Error(`the wallet holds no key for ${account}`)
          return Signature.toHex(Secp256k1.sign({ payload: PersonalMessage.getSignPayload(data), privateKey: key }))
        }
        default:
          throw new Error(`the wallet does not answer ${method}`)
      }
    },
  }
}
