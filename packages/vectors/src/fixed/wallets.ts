import { recoverSecp256k1PublicKey, signerFromSecret } from '@capchain/core'
import type { DID, DigestSigner } from '@capchain/core'
import { addressFromPublicKey, didPkh, hashPersonalMessage } from '@capchain/siwe'
import { base16 } from 'multiformats/bases/base16'
import type { Json } from '../output/json.js'
import { seed } from './seed.js'

/** The EIP-155 chain of every wallet in the vectors (Ethereum mainnet). */
export const CHAIN_ID = 1

/** An Ethereum account: its secp256k1 key and what the SIWE root derives from it. */
export interface Wallet {
  readonly secretKey: Uint8Array
  /** EIP-55 checksum address. */
  readonly address: string
  /** `did:pkh:eip155:1:<address>`: the subject of the chains it roots. */
  readonly did: DID
  readonly signer: DigestSigner
}

function wallet(secretKey: Uint8Array): Wallet {
  const signer = signerFromSecret('secp256k1', secretKey)
  const address = addressFromPublicKey(signer.publicKey)
  return { secretKey, address, did: didPkh(CHAIN_ID, address), signer }
}

const hex = (text: string): Uint8Array => base16.baseDecode(text)

/**
 * The user's wallet: the secret key published in the web3.js documentation
 * (address 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23), also used by the
 * worked examples of docs/siwe-root.md. Published, so anyone can re-sign.
 */
export const WALLET = wallet(hex('4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'))

/** Another account, whose signatures the vectors present as the wallet's (bad signatures). */
export const OTHER_WALLET = wallet(seed('key/other-wallet'))

/**
 * An EIP-191 `personal_sign` signature as a wallet returns it: `r ‖ s ‖ v`,
 * v = 27 + the recovery bit. RFC 6979 makes it deterministic.
 */
export function personalSign(message: string, signer: DigestSigner = WALLET.signer): Uint8Array {
  const digest = hashPersonalMessage(message)
  const rs = signer.signDigest(digest)
  for (const bit of [0, 1]) {
    const signature = Uint8Array.of(...rs, 27 + bit)
    if (base16.baseEncode(recoverSecp256k1PublicKey(digest, signature)) === base16.baseEncode(signer.publicKey)) return signature
  }
  throw new Error('no recovery bit gives back the signing key')
}

/** The `wallets` map of a vector file: the secret key (0x hex), address, chain id and did:pkh of each. */
export function walletsJson(): Json {
  const entry = (w: Wallet): Json => ({
    address: w.address,
    chainId: CHAIN_ID,
    did: w.did,
    secretKey: `0x${base16.baseEncode(w.secretKey)}`,
  })
  return { other: entry(OTHER_WALLET), wallet: entry(WALLET) }
}
