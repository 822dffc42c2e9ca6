/**
 * A wallet for the example client: an EIP-1193 provider over a secp256k1
 * key held in memory, answering what a sign-in asks. It signs whatever it
 * is asked: for tests and examples only, never a real key.
 */
import { recoverSecp256k1PublicKey, signerFromSecret } from '@capchain/core/principal'
import { addressFromPublicKey, hashPersonalMessage } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'

/** A public test key (the web3.js documentation's, address 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23): anyone can sign with it. */
export const TEST_WALLET_SECRET = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'

export interface LocalWallet extends Eip1193Provider {
  readonly address: string
}

/** A wallet over `secretHex` (64 hex digits), on chain 1. */
export function localWallet(secretHex: string = TEST_WALLET_SECRET): LocalWallet {
  const key = signerFromSecret('secp256k1', Uint8Array.from(Buffer.from(secretHex, 'hex')))
  const address = addressFromPublicKey(key.publicKey)
  const publicHex = Buffer.from(key.publicKey).toString('hex')
  return {
    address,
    async request({ method, params }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [address]
        case 'eth_chainId':
          return '0x1'
        case 'personal_sign': {
          const [data] = params as [string, string]
          const digest = hashPersonalMessage(Uint8Array.from(Buffer.from(data.slice(2), 'hex')))
          const rs = key.signDigest(digest)
          // personal_sign answers r ‖ s ‖ v; v is whichever recovery bit gives back the key.
          for (const bit of [0, 1]) {
            const signature = Uint8Array.of(...rs, 27 + bit)
            if (Buffer.from(recoverSecp256k1PublicKey(digest, signature)).toString('hex') === publicHex) return `0x${Buffer.from(signature).toString('hex')}`
          }
          throw new Error('no recovery bit reproduces the key')
        }
        default:
          throw new Error(`the example wallet does not support ${method}`)
      }
    },
  }
}
