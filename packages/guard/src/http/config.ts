/** How a service configures its guard: one per service, shared by its routes. */
import type { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { StateStore } from '@capchain/store'
import type { RootFormat, VerifierLimits } from '@capchain/verifier'
import type { GuardLogger } from './observe/logger.js'
import type { GuardTracer } from './observe/tracer.js'

export interface GuardConfig {
  /** This service's DID: the `aud` every invocation must name. */
  readonly service: DID
  /** Replay records, revocations and cap usage; shared by every instance of the service. */
  readonly store: StateStore
  /** Root formats accepted besides did:key roots, e.g. `siweRootFormat({ domains })`. Default none. */
  readonly rootFormats?: readonly RootFormat[]
  /**
   * Admission of the invocation's claimed subject, asked before its chain
   * (cheap refusal first); the verifier then proves the chain roots in it.
   * Default: every subject.
   * @returns the typed refusal, or `undefined` to admit
   */
  readonly admit?: (subject: DID, cid: string) => CapchainError | undefined
  /** Unix seconds. Default: the system clock. */
  readonly now?: () => number
  /** Seconds of tolerance on every `nbf` and `exp`; replay records last as long. Default the verifier's (60). */
  readonly clockSkew?: number
  /**
   * Longest `Authorization` header read, and most bytes its container may
   * inflate to. Default 64 KiB; a service that raises its server's header
   * limit raises this with it.
   */
  readonly maxHeaderBytes?: number
  /**
   * The chain verifier's limits (chain length, proofs, token and container
   * bytes, policy steps for the whole chain). Default the verifier's. A
   * service whose honest chains are short sets tighter ones: each link an
   * anonymous client adds may be a new key and a signature to check.
   */
  readonly limits?: Partial<VerifierLimits>
  /** Statuses of the service's own error codes, over the guard's. */
  readonly statuses?: Readonly<Record<string, number>>
  /** Told of every refusal, fault and settlement, besides `logger`. Default none. */
  readonly log?: (event: GuardEvent) => void
  /**
   * Where the guard writes: one access line per guarded request (info),
   * faults with their stack (error), refusals and settlements (debug). A pino
   * logger fits. Default silent: a library writes nothing on its own.
   */
  readonly logger?: GuardLogger
  /**
   * An OpenTelemetry tracer (`trace.getTracer(…)`): a span per guarded request
   * with a child per step. `@opentelemetry/api` is loaded only when one is
   * given. Default none.
   */
  readonly tracer?: GuardTracer
}

/** What the guard tells `log`. */
export type GuardEvent =
  | { readonly kind: 'denied'; readonly error: CapchainError; readonly status: number }
  /** A failure of the service, not of the request: answered 500, or an adapter that could not settle. */
  | { readonly kind: 'fault'; readonly error: unknown }
  /** An adapter settled what the handler left: `charged` bytes (0 and the use given back when refunded). */
  | { readonly kind: 'settled'; readonly subject: DID; readonly command: string; readonly refunded: boolean; readonly charged: number }
