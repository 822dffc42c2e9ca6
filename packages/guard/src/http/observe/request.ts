/**
 * One guarded request as the service observes it: the access-log line
 * written once it is over (with the guard's decision and code, who acted
 * and what was settled) and, with a tracer, its span and the spans of its
 * steps. Never a header, token or signature: only what the guard decided
 * and what the verified chain states.
 */
import { CapchainError } from '@capchain/core/errors'
import type { StateStore } from '@capchain/store'
import type { GuardedAuthorization } from '../guarded.js'
import type { ProblemBody } from '../problem.js'
import { SILENT_LOGGER } from './logger.js'
import type { GuardLogger } from './logger.js'
import { SPAN_STATUS_ERROR } from './tracer.js'
import type { GuardSpan, GuardTracer, StartChild } from './tracer.js'
import { tracedStore } from './traced-store.js'

/** Span names of the guard's steps, in the order a request goes through them (the store's are in traced-store.ts). */
export const REQUEST_SPANS = {
  request: 'capchain.request',
  credentials: 'capchain.credentials',
  verify: 'capchain.verify',
  handler: 'capchain.handler',
  settle: 'capchain.settle',
} as const

/** What the access log says of one guarded request. */
export interface AccessLine {
  readonly method: string
  /** The framework's route pattern when it has one, else the path (never the query). */
  readonly route: string
  readonly status: number
  readonly decision: 'allowed' | 'denied'
  /** The refusal's code, or the code of what the handler threw once allowed. */
  readonly code?: string
  /** The invoker and the chain's subject, as the verified chain states them (allowed requests only). */
  readonly issuer?: string
  readonly subject?: string
  readonly command?: string
  /** CID of the invocation as received, once its credentials were read. */
  readonly invocation?: string
  /** Bytes the settlement charged to the caps (0 when refunded), once settled. */
  readonly bytes?: number
  /** Milliseconds from the check's start to the end of the response. */
  readonly durationMs: number
}

/** The fields of the access line the request span carries as `capchain.<field>` (the span has its own method, route, status and duration). */
const SPAN_FIELDS = ['decision', 'code', 'issuer', 'subject', 'command', 'invocation', 'bytes'] as const

/** The message of every access-log line. */
export const ACCESS_MESSAGE = 'capchain request'

export interface ObservedRequest {
  /**
   * Run one step of the request (a span under the request's when tracing).
   * @throws {unknown} what `run` throws
   */
  step<T>(name: string, run: (span: GuardSpan | undefined) => Promise<T>): Promise<T>
  /** `store` as the check under `span` uses it: its replay, revocation and reservation calls traced. */
  store(store: StateStore, span: GuardSpan | undefined): StateStore
  /** The invocation's CID, once the credentials are read. */
  read(invocation: string): void
  /** The guard allowed the request of this verified invoker, subject and command. */
  allowed(auth: Pick<GuardedAuthorization, 'issuer' | 'subject' | 'command'>): void
  denied(problem: ProblemBody): void
  /** The code of what the handler threw after the guard allowed the request. */
  failed(code: string): void
  /** Bytes charged when the reservation was settled. */
  settled(bytes: number): void
  /** The response is over with `status`: the line is written (once) and the span ends. */
  end(status: number): void
}

/** What `observeRequest` needs of the guard. */
export interface Observation {
  readonly logger: GuardLogger
  readonly tracer: GuardTracer | undefined
  readonly child: StartChild | undefined
}

/** Start observing a request for `method` on `route`. */
export function observeRequest(observation: Observation, method: string, route: string): ObservedRequest {
  const { logger, tracer, child } = observation
  // Nothing would be written: no line or span is built for it.
  if (tracer === undefined && logger === SILENT_LOGGER) return UNOBSERVED
  const started = performance.now()
  const span = tracer?.startSpan(REQUEST_SPANS.request, { attributes: { 'http.request.method': method, 'http.route': route } })
  // One record filled in as the request goes, not a new one per step: in Node 20 `{ ...line, field }` gives
  // every copy a hidden class of its own (1–2 µs each). Nothing else holds it until `end` hands it to the logger.
  const line: { -readonly [K in keyof AccessLine]?: AccessLine[K] } = { method, route, decision: 'denied' }
  let ended = false
  return {
    step(name, run) {
      return span === undefined || child === undefined ? run(undefined) : child(span, name, run)
    },
    store(store, stepSpan) {
      return stepSpan === undefined || child === undefined ? store : tracedStore(store, stepSpan, child)
    },
    read(invocation) {
      if (!ended) line.invocation = invocation
    },
    allowed(auth) {
      if (ended) return
      line.decision = 'allowed'
      line.issuer = auth.issuer
      line.subject = auth.subject
      line.command = auth.command
    },
    denied(problem) {
      if (ended) return
      line.decision = 'denied'
      line.code = problem.code
    },
    failed(code) {
      if (!ended) line.code = code
    },
    settled(bytes) {
      if (!ended) line.bytes = bytes
    },
    end(status) {
      if (ended) return
      ended = true
      line.status = status
      line.durationMs = Math.round((performance.now() - started) * 10) / 10
      const access = line as AccessLine
      logger.info(access, ACCESS_MESSAGE)
      if (span === undefined) return
      span.setAttribute('http.response.status_code', status)
      for (const key of SPAN_FIELDS) {
        const value = access[key]
        if (value !== undefined) span.setAttribute(`capchain.${key}`, value)
      }
      if (access.decision === 'denied' || status >= 500) span.setStatus({ code: SPAN_STATUS_ERROR, ...(access.code === undefined ? {} : { message: access.code }) })
      span.end()
    },
  }
}

/** The code the guard answers for what a handler threw (`Guard.problem`'s rule): its own, or `ERR_INTERNAL`. */
export function failureCode(error: unknown): string {
  return error instanceof CapchainError ? error.code : 'ERR_INTERNAL'
}

const ignore = (): void => undefined

/** A check no adapter observes (a direct `Guard.check`): its steps run as they are, nothing is written. */
export const UNOBSERVED: ObservedRequest = {
  step: (_name, run) => run(undefined),
  store: (store) => store,
  read: ignore,
  allowed: ignore,
  denied: ignore,
  failed: ignore,
  settled: ignore,
  end: ignore,
}
