/**
 * A wallet for the demo: an EIP-1193 provider over a secp256k1 private key
 * held in memory, answering the three requests a sign-in makes and
 * counting signatures. Not for real keys: it signs whatever it is asked.
 */
import { recoverSecp256k1PublicKey, signerFromSecret } from '@capchain/core/principal'
import { addressFromPublicKey, hashPersonalMessage } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'

export interface LocalWallet extends Eip1193Provider {
  readonly address: string
  /** `personal_sign` requests answered so far. */
  readonly signatures: number
}

export function localWallet(secret: Uint8Array, chainId = 1): LocalWallet {
  const key = signerFromSecret('secp256k1', secret)
  const address = addressFromPublicKey(key.publicKey)
  let signatures = 0
  return {
    address,
    get signatures() {
      return signatures
    },
    async request({ method, params }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [address]
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`
        case 'personal_sign': {
          signatures++
          const [data] = params as [string, string]
          const digest = hashPersonalMessage(hexToBytes(data.slice(2)))
          const rs = key.signDigest(digest)
          // personal_sign answers r ‖ s ‖ v; v is whichever recovery bit gives back our key.
          for (const bit of [0, 1]) {
            const signature = Uint8Array.of(...rs, 27 + bit)
            if (bytesToHex(recoverSecp256k1PublicKey(digest, signature)) === bytesToHex(key.publicKey)) return `0x${bytesToHex(signature)}`
          }
          throw new Error('no recovery bit reproduces the key')
        }
        default:
          throw new Error(`the demo wallet does not support ${method}`)
      }
    },
  }
}
