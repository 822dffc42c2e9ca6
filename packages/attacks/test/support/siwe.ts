/**
 * SIWE roots for the attacks: two wallets with fixed keys (the victim's and
 * another one), a session key, roots built by `createSiweRoot` exactly as a
 * client would, and raw CACAOs built field by field for what a client would
 * never produce.
 */
import { generateSigner } from '@capchain/core/principal'
import type { DID, Signer } from '@capchain/core/principal'
import {
  addressFromPublicKey,
  createSiweMessage,
  createSiweRoot,
  didPkh,
  encodeCacao,
  hashPersonalMessage,
  siweRootFormat,
  withRecap,
} from '@capchain/siwe'
import type { CacaoBlock, Recap, RootCapability, SiweMessageFields, SiweRoot } from '@capchain/siwe'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier } from '@capchain/verifier'
import * as dagCbor from '@ipld/dag-cbor'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { NOW } from './world.js'

/** The app that asks the wallet to sign, and the only domain the service trusts. */
export const DOMAIN = 'photos.example'

export interface Wallet {
  readonly secret: Uint8Array
  /** EIP-55 address. */
  readonly address: string
  /** `did:pkh:eip155:1:<address>`: the subject of every chain the wallet roots. */
  readonly did: DID
}

function wallet(secretHex: string): Wallet {
  const secret = hexToBytes(secretHex)
  const address = addressFromPublicKey(secp256k1.getPublicKey(secret, true))
  return { secret, address, did: didPkh(1, address) }
}

/** The user's wallet (the web3.js documentation key, address 0x2c75…5c23). */
export const VICTIM = wallet('4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318')
/** Another wallet, the attacker's. */
export const ATTACKER = wallet('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')

/** `personal_sign` as a wallet answers it: r ‖ s ‖ v, v = 27 + recovery bit, over EIP-191 of `message` (prefix applied once, here). */
export function personalSign(message: string | Uint8Array, who: Wallet = VICTIM): Uint8Array {
  const signature = secp256k1.sign(hashPersonalMessage(message), who.secret, { prehash: false, format: 'recovered' })
  return Uint8Array.of(...signature.subarray(1), 27 + (signature[0] as number))
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString()

export interface SiweRootOptions {
  /** Default: everything under `/storage`. */
  capabilities?: readonly RootCapability[]
  /** The signing wallet; default {@link VICTIM}. */
  who?: Wallet
  /** Default {@link DOMAIN}. */
  domain?: string
}

/** A root made by the client library: `capabilities` on the wallet's did:pkh to `session`, valid a day around {@link NOW}. */
export function siweRoot(session: Signer, options: SiweRootOptions = {}): Promise<SiweRoot> {
  const who = options.who ?? VICTIM
  return createSiweRoot({
    signMessage: async (message) => personalSign(message, who),
    address: who.address,
    chainId: 1,
    domain: options.domain ?? DOMAIN,
    uri: session.did(),
    statement: 'Sign in to Photos.',
    capabilities: options.capabilities ?? [{ command: '/storage', policy: [] }],
    nonce: 'n0nce12345',
    issuedAt: iso(NOW - 3600),
    notBefore: iso(NOW - 3600),
    expirationTime: iso(NOW + 86_400),
  })
}

/**
 * SIWE fields granting `/storage` (`storage/*`) on `resource` (default the
 * wallet's did:pkh) to `session`, with `overrides` applied before the ReCap
 * is attached. Rendered and signed as they are, ReCap rules or not.
 */
export function rootFields(session: Signer | DID, overrides: Partial<SiweMessageFields> = {}, who: Wallet = VICTIM, resource: string = who.did): SiweMessageFields {
  return withRecap(
    {
      domain: DOMAIN,
      address: who.address,
      statement: 'Sign in to Photos.',
      uri: typeof session === 'string' ? session : session.did(),
      version: '1',
      chainId: 1,
      nonce: 'n0nce12345',
      issuedAt: iso(NOW - 3600),
      notBefore: iso(NOW - 3600),
      expirationTime: iso(NOW + 86_400),
      ...overrides,
    },
    storageRecap(resource),
  )
}

export function storageRecap(resource: string): Recap {
  return { att: { [resource]: { 'storage/*': [{}] } }, prf: [] }
}

/** A CACAO of `fields` as they are (no ReCap rule applied), signed by `signer` over the rendered text. */
export function signedCacao(fields: SiweMessageFields, signer: Wallet = VICTIM): CacaoBlock {
  const message = createSiweMessage(fields)
  return encodeCacao({ message, signature: personalSign(message, signer) })
}

/** The CACAO with its decoded value edited and re-encoded canonically: a forger's edit (the signature untouched unless edited). */
export function editCacao(bytes: Uint8Array, edit: (cacao: { h: Record<string, unknown>; p: Record<string, unknown>; s: Record<string, unknown> }) => void): Uint8Array {
  const value = dagCbor.decode<{ h: Record<string, unknown>; p: Record<string, unknown>; s: Record<string, unknown> }>(bytes)
  edit(value)
  return dagCbor.encode(value)
}

/** A chain verifier that accepts SIWE roots for {@link DOMAIN}. */
export function siweVerifier(): ChainVerifier {
  return createVerifier({ rootFormats: [siweRootFormat({ domains: [DOMAIN] })] })
}

export async function sessionKey(): Promise<Signer> {
  return generateSigner('Ed25519')
}
