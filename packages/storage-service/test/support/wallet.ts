/**
 * An EIP-1193 wallet over a private key, as a dapp sees `window.ethereum`:
 * `request` only, backed by viem's local account, counting every
 * `personal_sign` prompt.
 */
import { privateKeyToAccount } from 'viem/accounts'

export const TEST_PRIVATE_KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'

export interface TestWallet {
  readonly address: string
  readonly signatures: number
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>
}

export function testWallet(privateKey: `0x${string}` = TEST_PRIVATE_KEY): TestWallet {
  const account = privateKeyToAccount(privateKey)
  let signatures = 0
  return {
    address: account.address,
    get signatures() {
      return signatures
    },
    async request({ method, params }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [account.address]
        case 'eth_chainId':
          return '0x1'
        case 'personal_sign': {
          signatures++
          const [data, address] = params as [`0x${string}`, string]
          if (address.toLowerCase() !== account.address.toLowerCase()) throw new Error('unknown account')
          return account.signMessage({ message: { raw: data } })
        }
        default:
          throw new Error(`unsupported method ${method}`)
      }
    },
  }
}
