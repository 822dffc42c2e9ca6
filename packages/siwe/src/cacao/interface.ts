import type { DID } from '@capchain/core/principal'
import type { CID } from 'multiformats/cid'
import type { SiweMessageFields } from '../message/interface.js'

/**
 * CACAO header types (`h.t`) read as a Sign-In with Ethereum payload. CAIP-74
 * renamed `eip4361` to `caip122` and requires readers to take both; we write `eip4361`.
 */
export type CacaoHeaderType = 'eip4361' | 'caip122'

/**
 * CACAO signature types (`s.t`) for `eip155` accounts (CAIP-122): `eip191` is
 * a `personal_sign` signature, by the account's key or (failing that) accepted
 * by the account's contract; `eip1271` is checked by the contract only.
 */
export type CacaoSignatureType = 'eip191' | 'eip1271'

/**
 * How `s.s` holds the signature: CAIP-74 says bytes (what we write by
 * default); Ceramic's `@didtools/cacao` writes a `0x` hex string, and its
 * EIP-191 verifier reads nothing else.
 */
export type CacaoSignatureEncoding = 'bytes' | 'hex'

/** A signed SIWE message read from a CACAO block. Frozen; the signature is not checked yet. */
export interface DecodedCacao {
  /** The block exactly as received. */
  readonly bytes: Uint8Array
  /** CIDv1, dag-cbor, sha2-256 of `bytes`: computed here, never taken from a claim. */
  readonly cid: CID
  readonly headerType: CacaoHeaderType
  /** The issuer, `did:pkh:eip155:<chain id>:<EIP-55 address>` (normalized: `p.iss` may spell the address in one case). */
  readonly iss: DID
  /** The SIWE fields the payload maps to (`address` and `chainId` from `iss`, `uri` from `aud`, times from `iat` / `nbf` / `exp`). */
  readonly fields: SiweMessageFields
  /** The EIP-4361 text rebuilt from `fields`: what the wallet signed, byte for byte. */
  readonly message: string
  readonly signature: {
    readonly type: CacaoSignatureType
    readonly bytes: Uint8Array
    readonly encoding: CacaoSignatureEncoding
  }
}

/**
 * Largest CACAO block decoded, in bytes, checked before decoding. A CACAO is
 * shorter than its message text, whose cap is `DEFAULT_MAX_MESSAGE_LENGTH` (64 KiB).
 */
export const MAX_CACAO_BYTES = 64 * 1024

/** Deepest CBOR nesting in a CACAO: top map, `p`, `p.resources`. Anything deeper is refused while tokenizing. */
export const CACAO_MAX_DEPTH = 3
