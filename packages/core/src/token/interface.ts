import type { CID } from 'multiformats/cid'
import type { DID } from '../principal/interface.js'
import type { VarsigHeader } from '../varsig/interface.js'

/** Any IPLD data-model value as decoded by @ipld/dag-cbor. */
export type IPLDValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CID
  | IPLDValue[]
  | { [key: string]: IPLDValue }

export type IPLDMap = { [key: string]: IPLDValue }

/** Token kinds by their envelope tag's sub-spec name. */
export type TokenKind = 'dlg' | 'inv'

/** The decoded outer layer shared by every token kind. */
export interface Envelope {
  /** The token's bytes exactly as received. */
  readonly bytes: Uint8Array
  /** CIDv1, dag-cbor, sha2-256 of `bytes`: always computed here, never taken from a claim. */
  readonly cid: CID
  readonly signature: Uint8Array
  readonly header: VarsigHeader
  /** Raw bytes of the varsig header field `h`. */
  readonly headerBytes: Uint8Array
  /** The full payload tag, e.g. `ucan/dlg@1.0.0`. */
  readonly tag: string
  readonly kind: TokenKind
  /** The tag's version, `1.0.0` or `1.0.0-rc.1`. */
  readonly version: string
  /** The DAG-CBOR bytes of the signed part (`[1]` of the envelope); the signature is over these. */
  readonly signedBytes: Uint8Array
  /** The payload as raw IPLD, before field validation. */
  readonly payload: IPLDMap
}

/** The UCAN 1.0 delegation payload, validated. */
export interface DelegationPayload {
  readonly iss: DID
  readonly aud: DID
  /** `null` is a powerline: the subject is taken from the previous link. */
  readonly sub: DID | null
  readonly cmd: string
  /** The policy in its IPLD form; `@capchain/policy` parses it. */
  readonly pol: IPLDValue[]
  readonly nonce: Uint8Array
  readonly exp: number | null
  readonly nbf?: number
  readonly meta?: IPLDMap
}

/** The UCAN 1.0 invocation payload, validated. */
export interface InvocationPayload {
  readonly iss: DID
  readonly sub: DID
  readonly aud?: DID
  readonly cmd: string
  readonly args: IPLDMap
  /** Proof CIDs as listed by the issuer. */
  readonly prf: CID[]
  readonly nonce: Uint8Array
  readonly exp: number | null
  /** Not in the invocation spec (iso-ucan writes it): a not-before bound the verifier enforces. */
  readonly nbf?: number
  readonly iat?: number
  readonly meta?: IPLDMap
  readonly cause?: CID
}

export interface Delegation {
  readonly kind: 'dlg'
  readonly envelope: Envelope
  readonly payload: DelegationPayload
  /** Shorthand for `envelope.cid`. */
  readonly cid: CID
  /** Shorthand for `envelope.bytes`. */
  readonly bytes: Uint8Array
}

export interface Invocation {
  readonly kind: 'inv'
  readonly envelope: Envelope
  readonly payload: InvocationPayload
  readonly cid: CID
  readonly bytes: Uint8Array
}

export type Token = Delegation | Invocation

/** Limits applied while decoding; every one has a documented default. */
export interface DecodeOptions {
  /** Largest token accepted, in bytes, checked before decoding. Default `MAX_TOKEN_BYTES` (128 KiB). */
  maxTokenBytes?: number
}
