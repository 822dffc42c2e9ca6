import type { DID } from '@capchain/core/principal'
import type { IPLDValue } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import type { ContractSignatureChecker } from '../contract-wallet/interface.js'
import type { SiweMessageFields } from '../message/interface.js'

/** One (command, policy) pair a SIWE root grants, as a UCAN 1.0 delegation would carry it in `cmd` and `pol`. */
export interface RootCapability {
  /** UCAN command, e.g. `/storage/write`; `/storage` for the ReCap ability `storage/*`. */
  readonly command: string
  /** UCAN policy in its IPLD form (a list of statements); `[]` is no constraint. */
  readonly policy: readonly IPLDValue[]
}

/**
 * A verified SIWE root: the first link of a UCAN chain, standing where a
 * root delegation (`iss == sub`) would. Frozen.
 */
export interface SiweRootLink {
  /** CID of the CACAO bytes as received: what an invocation's `prf` names. */
  readonly cid: CID
  /**
   * The identity of the signed message (`cacaoIdentity`): the CID of its
   * canonical CACAO without the signature. Every encoding of one signed
   * message, and every signature of it, has this one identity; cap charges,
   * replay and revocation records about the root are keyed by it, never by `cid`.
   */
  readonly identity: CID
  /** The CACAO bytes as received. */
  readonly bytes: Uint8Array
  /** The signing account: `did:pkh:eip155:<chain id>:<EIP-55 address>`. */
  readonly iss: DID
  /** The subject of the chain: the signing account itself (`sub == iss`, as a UCAN root requires). */
  readonly sub: DID
  /** The session key the root delegates to: the SIWE `URI`, a did:key. The next link must be issued by it. */
  readonly aud: DID
  /** What the root grants, one entry per ReCap ability, in ReCap order; no command covers another's. */
  readonly capabilities: readonly RootCapability[]
  /** `Not Before` rounded up to whole unix seconds, when present. */
  readonly nbf?: number
  /** `Expiration Time` rounded down to whole unix seconds, or `null` when the message has none. */
  readonly exp: number | null
  /** The SIWE message fields. `issuedAt` is informational only. */
  readonly siwe: SiweMessageFields
  /** The EIP-4361 text the wallet signed. */
  readonly message: string
  /** How the signature verified: the account's own key (`eoa`), or its contract (`contract`, ERC-1271 / ERC-6492). */
  readonly signer: 'eoa' | 'contract'
}

/** Options of `verifySiweRoot`. */
export interface VerifySiweRootOptions {
  /** Validation time in unix seconds (an integer): the verifier's `now`. Required, so no hidden clock is read. */
  readonly now: number
  /** Seconds of tolerance on `Not Before` and `Expiration Time` (a non-negative integer). Default `DEFAULT_CLOCK_SKEW_SECONDS` (60). */
  readonly clockSkew?: number
  /** SIWE `domain`s (RFC 3986 authorities) this service trusts, compared exactly. Absent: any domain. */
  readonly domains?: readonly string[]
  /** On-chain signature checks for contract wallets (ERC-1271, ERC-6492). Absent: only EOA signatures verify. */
  readonly contractSignatures?: ContractSignatureChecker
  /** The CID the bytes were claimed to have (a `prf` entry); refused if they hash to another. */
  readonly expectedCid?: CID | string
  /** Largest CACAO accepted, in bytes. Default `MAX_CACAO_BYTES`. */
  readonly maxBytes?: number
}
