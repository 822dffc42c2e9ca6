/**
 * `createGuard`: the check every adapter runs before a guarded handler,
 * framework-free. Credentials from the `Authorization` header, then the one
 * pipeline (`authorizeInvocation` with the route's requirement); a denial
 * becomes the problem body every adapter answers with.
 */
import { CapchainError } from '@capchain/core/errors'
import type { ChainLink, RootFormat } from '@capchain/verifier'
import { authorizeInvocation } from '../authorize/authorize.js'
import { recheckRevocation } from '../authorize/recheck-revocation.js'
import type { AuthorizeRequest, ServiceVerifier } from '../interface.js'
import { markRead } from '../verify/read-invocation.js'
import { createServiceVerifier } from '../verify/service-verifier.js'
import type { GuardConfig, GuardEvent } from './config.js'
import { MAX_INFLATED_CREDENTIALS_BYTES, readCredentials } from './credentials.js'
import type { Credentials } from './credentials.js'
import { explainDenial } from './explain.js'
import { guardedAuthorization } from './guarded.js'
import type { GuardedAuthorization } from './guarded.js'
import { eventLog } from './observe/events.js'
import { guardLogger } from './observe/logger.js'
import type { GuardLogger } from './observe/logger.js'
import { observeRequest, REQUEST_SPANS, UNOBSERVED } from './observe/request.js'
import type { ObservedRequest } from './observe/request.js'
import { childSpans, SPAN_STATUS_ERROR } from './observe/tracer.js'
import { internalProblem, problemBody } from './problem.js'
import type { ProblemBody } from './problem.js'
import { requirementOf } from './route.js'
import type { CheckedRoute } from './route.js'
import { statusWith } from './status.js'

/** The guard's answer for one request: the handler runs with `auth`, or the client gets `problem`. */
export type GuardCheck = { readonly ok: true; readonly auth: GuardedAuthorization } | { readonly ok: false; readonly problem: ProblemBody }

export interface Guard {
  readonly config: GuardConfig
  /** The root formats the guard's verifier accepts (for `/info`). */
  readonly rootFormats: readonly RootFormat[]
  /** The verifier every check and revocation goes through. */
  readonly verifier: ServiceVerifier
  /** Refusals, faults and settlements go here: the service's `log` and the logger. */
  readonly log: (event: GuardEvent) => void
  /** The service's logger (bound to the guard's name when it can bind), or a silent one. */
  readonly logger: GuardLogger
  /**
   * Start observing a guarded request (its access line, its span): adapters
   * pass it to `check`, the handler's step and the settlement, and `end` it
   * once the response is over.
   */
  observe(method: string, route: string): ObservedRequest
  /**
   * Check a request for `route`: `authorization` is its `Authorization`
   * header, `request` what the route's `args` and `bytes`, or its
   * `requirement`, read. Denials are answered, not thrown; nothing is
   * reserved unless `ok`. `observed` is told the decision.
   */
  check<Req>(route: CheckedRoute<Req>, request: Req, authorization: string | null | undefined, observed?: ObservedRequest): Promise<GuardCheck>
  /**
   * The problem body for `error` (a denial, or anything a handler threw):
   * a `CapchainError` keeps its code and status, anything else is a 500
   * whose text stays in the log.
   */
  problem(error: unknown, credentials?: Credentials, links?: readonly ChainLink[]): Promise<ProblemBody>
  /** Unix seconds, by the guard's clock. */
  now(): number
}

/** A refusal, told to `observed`. */
async function denied(observed: ObservedRequest, body: Promise<ProblemBody>): Promise<GuardCheck> {
  const problem = await body
  observed.denied(problem)
  return { ok: false, problem }
}

/**
 * @throws {InvalidOptionsError} root formats the verifier refuses
 */
export function createGuard(config: GuardConfig): Guard {
  const rootFormats = config.rootFormats ?? []
  const verifier = createServiceVerifier({ rootFormats: [...rootFormats], ...(config.limits === undefined ? {} : { limits: config.limits }) })
  const statusOf = statusWith(config.statuses ?? {})
  const logger = guardLogger(config.logger)
  const log = eventLog(logger, config.log)
  const observation = { logger, tracer: config.tracer, child: config.tracer === undefined ? undefined : childSpans(config.tracer) }
  const maxHeaderBytes = config.maxHeaderBytes ?? MAX_INFLATED_CREDENTIALS_BYTES
  const now = config.now ?? (() => Math.floor(Date.now() / 1000))
  // The request's optional settings, spread once here rather than on every request.
  const optional = {
    ...(config.clockSkew === undefined ? {} : { clockSkew: config.clockSkew }),
    ...(config.admit === undefined ? {} : { admit: config.admit }),
  }

  const problem: Guard['problem'] = async (error, credentials, links) => {
    if (!(error instanceof CapchainError)) {
      log({ kind: 'fault', error })
      return internalProblem()
    }
    const status = statusOf(error)
    log({ kind: 'denied', error, status })
    return problemBody(error, status, explainDenial(error, credentials, links))
  }

  return {
    config,
    rootFormats,
    verifier,
    log,
    logger,
    now,
    problem,
    observe: (method, route) => observeRequest(observation, method, route),
    async check(route, request, authorization, observed = UNOBSERVED) {
      let credentials: Credentials | undefined
      try {
        const { read, requirement } = await observed.step(REQUEST_SPANS.credentials, async () => {
          credentials = readCredentials(authorization, maxHeaderBytes)
          observed.read(credentials.invocation.cid.toString())
          return { read: credentials, requirement: await requirementOf(route, request) }
        })
        const checked = {
          // Decoded from the header just now and seen by no one since: the pipeline does not decode it again.
          invocation: markRead(read.invocation),
          proofs: read.proofs,
          service: config.service,
          store: config.store,
          verifier,
          now: now(),
          ...optional,
        } satisfies AuthorizeRequest
        const result = await observed.step(REQUEST_SPANS.verify, async (span) => {
          const store = observed.store(config.store, span)
          const verdict = await authorizeInvocation(store === config.store ? checked : { ...checked, store }, requirement)
          if (!verdict.ok) span?.setStatus({ code: SPAN_STATUS_ERROR, message: verdict.error.code })
          return verdict
        })
        if (!result.ok) return await denied(observed, problem(result.error, read, result.links))
        const auth = guardedAuthorization(result.value, result.links, () => recheckRevocation(checked))
        observed.allowed(auth)
        return { ok: true, auth }
      } catch (error) {
        return await denied(observed, problem(error, credentials))
      }
    },
  }
}
