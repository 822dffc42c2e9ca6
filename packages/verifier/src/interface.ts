/**
 * Public types of `@capchain/verifier`.
 */
import type { CapchainError } from '@capchain/core/errors'
import type { DID, Verifier } from '@capchain/core/principal'
import type { Delegation, Envelope, Invocation, IPLDMap, IPLDValue, Token } from '@capchain/core/token'
import type { Resolvable } from 'did-resolver'
import type { CID } from 'multiformats/cid'
import type { VerificationError } from './errors.js'
import type { VerifierLimits } from './limits.js'

export type { PolicyFailure } from '@capchain/policy'

/**
 * The proofs that came with an invocation:
 * - a UCAN container, as bytes or as its string form;
 * - a list of tokens, as bytes or already decoded (by `@capchain/core/token`).
 *
 * Order does not matter and tokens the invocation does not reference are
 * ignored (never decoded, never signature-checked); they still count toward
 * `limits.maxProofs` and must fit `limits.maxTokenBytes`.
 */
export type ProofSource = Uint8Array | string | readonly (Uint8Array | Delegation)[]

/**
 * Look a proof up by CID (a delegation store, a network fetch). Called only
 * for CIDs of `prf` not found among the supplied proofs, all in parallel.
 * The bytes returned are hashed; bytes that do not hash to `cid` are refused.
 */
export type ResolveProof = (cid: CID) => Promise<Uint8Array | undefined>

/**
 * Revocation lookup, called once per verified chain with the identity
 * (`ChainLink.identity`) of every token in it, root first, the invocation
 * last: a revocation recorded under a link's identity holds for every
 * encoding of it. Answer with the set of revoked identities (as strings) or
 * one boolean per identity, in order.
 */
export type RevocationCheck = (cids: readonly CID[], context: RevocationContext) => Promise<ReadonlySet<string> | readonly boolean[]>

export interface RevocationContext {
  /** For each entry of `cids`, the link of the chain it is the identity of. */
  readonly links: readonly ChainLink[]
}

/**
 * A stateful caveat (quota, rate limit, replay store). Called after every
 * stateless check passed and the chain is not revoked. Return nothing to
 * allow; return or throw a `CaveatDeniedError` (or subclass) to deny. Any
 * other thrown error also denies, wrapped in a `CaveatDeniedError`.
 */
export type CaveatCheck = (context: CaveatContext) => void | CapchainError | Promise<void | CapchainError>

export interface CaveatContext {
  /** What would be authorized if the hook allows it. */
  readonly authorization: AuthorizedInvocation
  /** The validation time used for every time check, unix seconds. */
  readonly now: number
  /** The statements `serviceCaveats` took out of the chain's policies, root first; the hook must enforce them. */
  readonly enforced: readonly IdentifiedCaveat[]
}

/** Statements of one link's policy that the service enforces itself (see `ServiceCaveats`), as the policy check takes them out. */
export interface EnforcedCaveat {
  readonly cid: CID
  /** Where the link was in the input, as in `ChainLink.at`. */
  readonly at: string
  readonly statements: readonly IPLDValue[]
}

/** An `EnforcedCaveat` with its link's identity, as the `checkCaveats` hook gets it. */
export interface IdentifiedCaveat extends EnforcedCaveat {
  /** The link's identity (`ChainLink.identity`): state about the link (a cap's charges) is kept under it, never under `cid`. */
  readonly identity: CID
}

/**
 * Policy statements a service enforces against its own state rather than
 * against `args` (a byte quota, a use count): `split` takes them out of each
 * delegation's policy, the verifier evaluates the rest, and the statements
 * are handed to the `checkCaveats` hook in `CaveatContext.enforced`.
 *
 * Fail closed: an invocation whose chain holds such statements is denied
 * (`UnenforcedCaveatError`) when no `checkCaveats` hook is given, and a
 * verifier without `serviceCaveats` evaluates them as ordinary statements.
 * The split is part of the verifier's configuration, so its results are
 * cached with each delegation's parsed policy and never meet a verifier that
 * splits differently.
 */
export interface ServiceCaveats {
  /**
   * Separate `policy` (a delegation's `pol`, or the grant a foreign root
   * gives the chain) into the statements the service enforces and the rest,
   * in order. Called once per delegation and cached by CID; must be a pure
   * function of `policy` (`link` names the token, for error messages). Throw
   * a `CapchainError` to refuse the policy: the chain is denied with a
   * `PolicyUnparsableError` whose `cause` it is.
   */
  split(
    policy: readonly IPLDValue[],
    link: { readonly cid: CID; readonly at: string },
  ): { readonly enforced: readonly IPLDValue[]; readonly rest: readonly IPLDValue[] }
}

/**
 * Verifies a chain root issued by a DID method that has no key of its own
 * (e.g. did:pkh, whose root is a signed SIWE message). Called only for the
 * root delegation of a chain (`iss == sub`), never cached by the verifier.
 * Resolve `true` when the root's signature is valid for its issuer.
 */
export type RootVerifier = (root: Delegation) => Promise<boolean>

/** Checks an envelope's signature with a verifier; `verifyEnvelopeSignature` from core unless replaced (tests count calls). */
export type SignatureCheck = (envelope: Envelope, verifier: Verifier) => Promise<boolean>

/** Why a root in a foreign format was refused; decides the error's spec name. */
export type RootDenialReason = 'expired' | 'not-yet-valid' | 'signature' | 'invalid'

/**
 * A chain root that is not a UCAN delegation — a signed SIWE message carried
 * as a CACAO block — verified by its `RootFormat` and then presented to the
 * chain rules (time, subject, alignment, command, policy, revocation) as the
 * root delegation `iss == sub → aud` would be.
 */
export interface ForeignRoot {
  /** Name of the format, shown by `explain`, e.g. `SIWE (CAIP-74 CACAO)`. */
  readonly format: string
  readonly iss: DID
  readonly sub: DID
  /** The principal the root delegates to; the next link must be issued by it. */
  readonly aud: DID
  readonly nbf?: number
  readonly exp: number | null
  /** Every (command, policy) the root grants; no command covers another. */
  readonly grants: readonly { readonly command: string; readonly policy: readonly IPLDValue[] }[]
  /** The grant covering `command`, which a chain whose next link uses `command` stands on; `undefined` when none does. */
  grantFor(command: string): { readonly command: string; readonly policy: readonly IPLDValue[] } | undefined
  /**
   * The root's identity: one CID for every encoding of the statement it
   * signs (e.g. the canonical form of a CACAO, whatever spelling of it was
   * received). It becomes the link's `identity`.
   */
  readonly identity: CID
}

export type RootVerification =
  | { readonly ok: true; readonly root: ForeignRoot }
  | { readonly ok: false; readonly reason: RootDenialReason; readonly error: CapchainError }

/** A format of chain root other than a UCAN delegation, e.g. `siweRootFormat()` from `@capchain/siwe`. */
export interface RootFormat {
  readonly name: string
  /** Whether `bytes` are in this format, by a cheap look (a UCAN envelope starts with 0x82). */
  detect(bytes: Uint8Array): boolean
  /**
   * Decode and verify a root block at `now`. Called on every verification,
   * since the answer depends on time: a format may keep what no clock or
   * chain state can change (the SIWE format keeps an EOA signature's
   * verdict by CID) but must check the time bounds on every call.
   */
  verify(
    bytes: Uint8Array,
    context: { readonly cid: CID; readonly now: number; readonly clockSkew: number; readonly maxBytes: number },
  ): Promise<RootVerification>
}

/** Configuration owned by one verifier instance (see `createVerifier`). */
export interface VerifierConfig {
  /**
   * Resolves issuers that are not did:key (e.g. a service's did:web) through
   * the standard `did-resolver` interface. Without one, such issuers are
   * denied with `UnsupportedIssuerError`. Through `@capchain/verifier/lean`,
   * `registerDidDocuments` must have been called (else `createVerifier` throws).
   */
  resolver?: Resolvable
  /** Seconds resolved keys stay cached. Default `DID_CACHE_TTL` (300). */
  didCacheTtl?: number
  /** Resolved DID documents kept. Default `DID_CACHE_SIZE` (1000). */
  didCacheSize?: number
  /** Proofs whose decoded form, signature result and parsed policy are kept. Default `SIGNATURE_CACHE_SIZE` (10 000). */
  cacheSize?: number
  /** Bytes of tokens the cache holds at most, on top of `cacheSize`. Default `SIGNATURE_CACHE_BYTES` (16 MiB). */
  cacheBytes?: number
  /** Root verifiers keyed by DID method name (`pkh`): the extension point for SIWE roots. */
  rootVerifiers?: Readonly<Record<string, RootVerifier>>
  /**
   * Chain roots in other formats than a UCAN delegation, e.g. the SIWE root
   * (`siweRootFormat()` from `@capchain/siwe`). Such a root may only stand at
   * the root of a chain.
   */
  rootFormats?: readonly RootFormat[]
  /** Replaces the signature check, e.g. to count calls in tests. */
  verifySignature?: SignatureCheck
  /** Policy statements the service enforces itself, handed to `checkCaveats` (see `ServiceCaveats`). */
  serviceCaveats?: ServiceCaveats
  /**
   * This verifier's limits, in place of the defaults; a call's own `limits`
   * override them field by field. A service sets tighter ones than the
   * defaults to bound what an anonymous request may cost it.
   */
  limits?: Partial<VerifierLimits>
}

/** Options shared by invocation and delegation verification. */
export interface VerifyOptions {
  /** Validation time, unix seconds. Default: the current time. */
  now?: number
  /** Seconds of tolerance on every `nbf` and `exp`. Default `DEFAULT_CLOCK_SKEW` (60). */
  clockSkew?: number
  /** Overrides of the default limits. */
  limits?: Partial<VerifierLimits>
  /** Revocation lookup; one call per chain. */
  isRevoked?: RevocationCheck
}

export interface VerifyInvocationOptions extends VerifyOptions {
  /** The proofs that came with the invocation. */
  proofs?: ProofSource
  /** Lookup for proofs not among `proofs`. */
  resolve?: ResolveProof
  /**
   * The verifying service's DID. When set, the invocation must be addressed
   * to it: its `aud`, or, when `aud` is absent, its `sub` (the spec: "otherwise
   * the Audience MUST be assumed to be the Subject").
   */
  audience?: DID
  /** Stateful caveats, checked last. */
  checkCaveats?: CaveatCheck
}

export interface VerifyDelegationOptions extends VerifyOptions {
  /** The DID that holds the chain (the caller); when set, the last delegation must be addressed to it. */
  audience?: DID
}

/** One token of a chain as it was presented. */
export interface ChainLink {
  /** Where the token was in the input: `prf[i]` (index in the invocation's `prf`), `chain[i]`, or `invocation`. */
  readonly at: string
  /** CID of the bytes as received: what `prf` names. */
  readonly cid: CID
  /**
   * CID of the link's canonical form, the same for every encoding of one
   * signed statement: every piece of state about the link (cap charges,
   * replay records, revocations) is keyed by it, never by `cid`. A UCAN
   * token's is `envelopeIdentity` of its envelope (its `cid` today); a
   * foreign root's is `ForeignRoot.identity`.
   */
  readonly identity: CID
  readonly token: Token
  /**
   * Set when the link is a root in a foreign format: `token` is then the
   * delegation it stands for (its `cmd` and `pol` granted for this chain),
   * not a UCAN envelope, and its signature was checked by the root's format.
   */
  readonly root?: ForeignRoot
  /**
   * Set when the caller handed the token in decoded: its payload is the
   * caller's word, not re-read from its bytes, so nothing derived from it
   * (signature result, parsed policy) is written to the shared cache, where
   * it would answer for the CID in later verifications.
   */
  readonly callerDecoded?: true
}

/** How `prf` (or a delegation chain) was listed. */
export type ProofOrder = 'root-first' | 'leaf-first'

/** What a verified invocation authorizes. */
export interface AuthorizedInvocation {
  /** The subject whose authority is exercised. */
  readonly subject: DID
  readonly command: string
  readonly args: IPLDMap
  /** The invoker. */
  readonly issuer: DID
  /** The executor the invocation is addressed to: its `aud`, else its `sub`. */
  readonly audience: DID
  /** CIDs root first, ending with the invocation's. */
  readonly chain: readonly CID[]
  /** The delegations, root first. */
  readonly delegations: readonly Delegation[]
  readonly invocation: Invocation
  /** How `prf` was listed (`root-first` when it has fewer than two entries). */
  readonly proofOrder: ProofOrder
  /** Earliest `exp` over the chain and the invocation, `null` when none expires. */
  readonly expiration: number | null
}

/** What a verified delegation chain grants its holder. */
export interface VerifiedDelegationChain {
  readonly subject: DID
  /**
   * The broadest command the holder may invoke or re-delegate: the last
   * delegation's, or narrower when a powerline passed on less than it names.
   */
  readonly command: string
  /** Issuer of the root, the subject. */
  readonly issuer: DID
  /** Audience of the last delegation, the holder. */
  readonly audience: DID
  /** The policy of every link, root first; all of them apply to an eventual invocation. */
  readonly policies: readonly (readonly IPLDValue[])[]
  readonly chain: readonly CID[]
  readonly delegations: readonly Delegation[]
  readonly proofOrder: ProofOrder
  /** Earliest `exp` over the chain, `null` when none expires. */
  readonly expiration: number | null
  /** Latest `nbf` over the chain, `null` when none is set. */
  readonly notBefore: number | null
}

/**
 * The outcome of a verification. Denials are values, not exceptions. `links`
 * holds the tokens as far as they were decoded, root first, so `explain` can
 * draw the chain for a denial as well.
 */
export type VerificationResult<T> =
  | { readonly ok: true; readonly value: T; readonly links: readonly ChainLink[] }
  | { readonly ok: false; readonly error: VerificationError; readonly links: readonly ChainLink[] }

export type InvocationVerification = VerificationResult<AuthorizedInvocation>
export type DelegationVerification = VerificationResult<VerifiedDelegationChain>

/** A verifier that owns its caches. */
export interface ChainVerifier {
  /** Verify an invocation and its whole proof chain. */
  verifyInvocation(invocation: Uint8Array | Invocation, options?: VerifyInvocationOptions): Promise<InvocationVerification>
  /** Verify a delegation chain (root-first or leaf-first) before using it. */
  verifyDelegation(
    chain: readonly (Uint8Array | Delegation)[],
    options?: VerifyDelegationOptions,
  ): Promise<DelegationVerification>
  /** Proofs currently in the cache. */
  readonly cacheSize: number
  /** Bytes of the tokens whose decoded form the cache holds (bounded by `cacheBytes`). */
  readonly cachedBytes: number
  /** Drop every cached proof (decoded form, signature result, parsed policy) and resolved DID document. */
  clearCache(): void
}
