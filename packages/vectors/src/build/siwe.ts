/**
 * SIWE roots with every input fixed: the wallet key (fixed/wallets.ts), the
 * SIWE nonce (from a label), `Issued At`, `Not Before` and `Expiration Time`.
 */
import type { DID, DigestSigner } from '@capchain/core'
import { createSiweMessage, createSiweRoot, encodeCacao, encodeRecap, recapStatement } from '@capchain/siwe'
import type { Recap, RootCapability, SiweMessageFields } from '@capchain/siwe'
import { base16 } from 'multiformats/bases/base16'
import type { CID } from 'multiformats/cid'
import { seed } from '../fixed/seed.js'
import { DAY, isoTime, T0 } from '../fixed/time.js'
import { CHAIN_ID, personalSign, WALLET } from '../fixed/wallets.js'

/** The app that asks the wallet to sign: the SIWE `domain` the verifier must trust. */
export const APP_DOMAIN = 'photos.example'
/** The app's own statement, before the ReCap text. */
export const APP_STATEMENT = 'Sign in to Photos.'

/** A signed root: the text the wallet signed and the CACAO block that carries it. */
export interface SignedRoot {
  readonly message: string
  readonly cacao: Uint8Array
  readonly cid: CID
}

export interface RootTimes {
  /** Default `T0`. */
  readonly issuedAt?: number
  /** Default `T0`; `null` for none. */
  readonly notBefore?: number | null
  /** Default a day after `T0`; `null` for none. */
  readonly expiration?: number | null
}

export interface SiweRootSpec extends RootTimes {
  /** The SIWE nonce is derived from it. */
  readonly label: string
  /** The session key: the SIWE `URI`. */
  readonly uri: DID
  readonly capabilities: readonly RootCapability[]
  readonly domain?: string
}

/** A root made the way a client makes one: `createSiweRoot`, signed by the wallet. */
export async function siweRoot(spec: SiweRootSpec): Promise<SignedRoot> {
  const times = rootTimes(spec)
  const root = await createSiweRoot({
    signMessage: async (message) => personalSign(message),
    address: WALLET.address,
    chainId: CHAIN_ID,
    domain: spec.domain ?? APP_DOMAIN,
    uri: spec.uri,
    capabilities: spec.capabilities,
    statement: APP_STATEMENT,
    nonce: siweNonce(spec.label),
    issuedAt: times.issuedAt,
    ...(times.notBefore === undefined ? {} : { notBefore: times.notBefore }),
    ...(times.expirationTime === undefined ? {} : { expirationTime: times.expirationTime }),
  })
  return { message: root.message, cacao: root.cacao, cid: root.cid }
}

export interface RootFieldsSpec extends RootTimes {
  readonly label: string
  readonly uri: string
  /** Attached as the last resource, its translation appended to the statement, without the checks `createSiweRoot` makes. */
  readonly recap?: Recap
  /** Replaces the whole statement (app statement and ReCap text). */
  readonly statement?: string
  /** Resources before the ReCap. */
  readonly resources?: readonly string[]
  readonly domain?: string
}

/** SIWE fields for a root a client would refuse to build, e.g. one whose ReCap breaks the mapping rules. */
export function rootFields(spec: RootFieldsSpec): SiweMessageFields {
  const times = rootTimes(spec)
  const resources = [...(spec.resources ?? []), ...(spec.recap === undefined ? [] : [encodeRecap(spec.recap)])]
  const statement = spec.statement ?? (spec.recap === undefined ? APP_STATEMENT : `${APP_STATEMENT} ${recapStatement(spec.recap)}`)
  return {
    domain: spec.domain ?? APP_DOMAIN,
    address: WALLET.address,
    statement,
    uri: spec.uri,
    version: '1',
    chainId: CHAIN_ID,
    nonce: siweNonce(spec.label),
    issuedAt: times.issuedAt,
    ...(times.expirationTime === undefined ? {} : { expirationTime: times.expirationTime }),
    ...(times.notBefore === undefined ? {} : { notBefore: times.notBefore }),
    ...(resources.length === 0 ? {} : { resources }),
  }
}

/** The CACAO of `fields` signed with `signer`'s `personal_sign`, labelled `eip191` whoever signed it. */
export function handMadeRoot(fields: SiweMessageFields, signer: DigestSigner = WALLET.signer): SignedRoot {
  const message = createSiweMessage(fields)
  const block = encodeCacao({ message, signature: personalSign(message, signer), signatureType: 'eip191' })
  return { message, cacao: block.bytes, cid: block.cid }
}

/** A SIWE nonce (at least 8 letters and digits): 16 hex digits of `seed("siwe-nonce/<label>")`. */
function siweNonce(label: string): string {
  return base16.baseEncode(seed(`siwe-nonce/${label}`)).slice(0, 16)
}

function rootTimes(times: RootTimes): { issuedAt: string; notBefore?: string; expirationTime?: string } {
  const notBefore = times.notBefore === undefined ? T0 : times.notBefore
  const expiration = times.expiration === undefined ? T0 + DAY : times.expiration
  return {
    issuedAt: isoTime(times.issuedAt ?? T0),
    ...(notBefore === null ? {} : { notBefore: isoTime(notBefore) }),
    ...(expiration === null ? {} : { expirationTime: isoTime(expiration) }),
  }
}
