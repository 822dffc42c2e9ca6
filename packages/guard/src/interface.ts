import type { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { Invocation, IPLDMap } from '@capchain/core/token'
import type { Amounts, StateStore } from '@capchain/store'
import type { AuthorizedInvocation, ChainLink, IdentifiedCaveat, ProofSource, ResolveProof } from '@capchain/verifier'

/**
 * Outcome of a guard check: denials are values, as with the verifier.
 * `links` are the chain's tokens as far as the verifier decoded them, root
 * first (for `explain`), or none when the request was refused before its
 * chain was read.
 */
export type GuardResult<T> =
  | { readonly ok: true; readonly value: T; readonly links: readonly ChainLink[] }
  | { readonly ok: false; readonly error: CapchainError; readonly links: readonly ChainLink[] }

/** An opaque chain verifier that enforces caps (see `createServiceVerifier`). */
export interface ServiceVerifier {
  readonly kind: 'service-verifier'
}

/** What an invocation must be for a service to consider it, as `InvocationRequirement.check` found it. */
export interface RequiredInvocation {
  /** Bytes to reserve on every cap (an upper bound when the requirement has a `measure`). */
  readonly bytes: number
  /** The invocation's `exp`: its replay record lasts until `exp` plus the skew. */
  readonly expiration: number
  /**
   * Named quantities the invocation spends (`wei`, `erc20:<chainId>:<token>`…),
   * reserved on every cap of the chain with the bytes and the use, settled by
   * the same commit or refund (a commit keeps them whole).
   */
  readonly amounts?: Amounts
}

/** What a service requires of an invocation before its chain is looked at: cheap, typed checks. */
export interface InvocationRequirement {
  /**
   * @returns the bytes to reserve on every cap and the invocation's `exp`
   * @throws {CapchainError} the typed refusal (command, args, size, expiry), thrown before any signature is checked
   */
  check(invocation: Invocation, now: number): RequiredInvocation
  /**
   * For bytes known only by looking (a file's size): called once, with the
   * chain's subject, after the whole chain is verified and unrevoked and the
   * replay record is made, right before the reservation; returns the bytes
   * to reserve, at most `check`'s `bytes`. A service that opens its file
   * here touches its storage only for requests the chain allows.
   * @throws {CapchainError} the typed refusal (more than the invocation declared), returned as the denial
   */
  measure?(subject: DID): Promise<number>
  /**
   * For a profile whose grants hold capchain statements of its own (any
   * top-level `["==", ".", ["capchain/<name>@<v>", …]]` but a cap, e.g.
   * `capchain/evm@1`): called once after the whole chain is verified and
   * unrevoked, before the replay record is made, with those statements of
   * every link that has one, root first. A chain holding such statements
   * under a requirement without `enforce` is denied (`ERR_CAVEAT_UNENFORCED`).
   * @throws {CapchainError} the typed refusal, returned as the denial
   */
  enforce?(statements: readonly IdentifiedCaveat[], authorization: AuthorizedInvocation): void
}

/** What every check of an invocation's chain shares (a request's, a revocation's, a re-check's). */
export interface CheckOptions {
  /** The invocation as received: bytes, or decoded (it is re-read from its bytes either way). */
  invocation: Uint8Array | Invocation
  /** The proofs that came with it: a UCAN container or a list of tokens. */
  proofs?: ProofSource
  /** Lookup for proofs not supplied. */
  resolve?: ResolveProof
  /** This service's DID: invocations must name it in `aud`. */
  service: DID
  store: StateStore
  /** Default: a shared did:key-only verifier. Make one with `createServiceVerifier` for other DID methods or SIWE roots. */
  verifier?: ServiceVerifier
  /** Validation time, unix seconds. Default: now. */
  now?: number
  /** Seconds of tolerance on every `nbf` and `exp` (the verifier's, 60 by default); replay records last as long. */
  clockSkew?: number
}

/** Everything `authorizeInvocation` needs besides the requirement. */
export interface AuthorizeRequest extends CheckOptions {
  /**
   * Admission of the invocation's subject (the `sub` it claims; the verifier
   * then proves the chain roots in it), asked before anything else is
   * checked so an unadmitted subject costs nothing. Default: every subject.
   * @returns the typed refusal, or `undefined` to admit
   */
  admit?: (subject: DID, cid: string) => CapchainError | undefined
}

/** Bytes and one use held on every cap of the chain until the operation ends. */
export interface Reservation {
  /** The invocation's identity. */
  readonly id: string
  readonly bytes: number
  /**
   * The operation succeeded. With `bytes` (at most the reserved amount), the
   * rest is given back.
   * @throws {ReservationAmountError} `bytes` above the reservation or not a non-negative safe integer (nothing settled)
   * @throws {ReservationSettledError} settled already
   * @throws {StoreError} the ledger failed or refused the amount
   */
  commit(bytes?: number): Promise<void>
  /**
   * The operation failed: give back the bytes and the use.
   * @throws {ReservationSettledError} settled already
   * @throws {StoreError} the ledger failed
   */
  refund(): Promise<void>
}

/** An invocation the guard allowed, with what it reserved. */
export interface Authorization {
  /** What the verifier authorized. */
  readonly authorization: AuthorizedInvocation
  /** Bytes reserved on every cap. */
  readonly bytes: number
  readonly reservation: Reservation
}

/** What a route executes, as the invocation must state it. */
export interface RouteRequirement<Req> {
  /** The command the route executes; the invocation's `cmd` must equal it (ERR_COMMAND_MISMATCH, at payload.cmd). */
  readonly command: string
  /**
   * The args this request executes (path params, query, declared body
   * size…): the invocation's args must equal them, key by key
   * (ERR_ARGS_MISMATCH, at args.<key>); a key the route does not name is
   * refused too unless `extraArgs: 'allow'`.
   */
  readonly args: (request: Req) => IPLDMap | Promise<IPLDMap>
  /** Bytes reserved on caps: default 0; e.g. the declared body size for an upload. The handler may settle fewer. */
  readonly bytes?: (request: Req, args: IPLDMap) => number
  readonly extraArgs?: 'refuse' | 'allow'
  /** Longest accepted invocation lifetime, `exp - now` in seconds. Default `MAX_INVOCATION_LIFETIME`. */
  readonly maxLifetime?: number
}
