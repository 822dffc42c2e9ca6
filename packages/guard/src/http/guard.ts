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
import { createServiceVerifier } from '../verify/service-verifier.js'
import type { GuardConfig, GuardEvent } from './config.js'
import { MAX_INFLATED_CREDENTIALS_BYTES, readCredentials } from './credentials.js'
import type { Credentials } from './credentials.js'
import { explainer } from './explain.js'
import { guardedAuthorization } from './guarded.js'
import type { GuardedAuthorization } from './guarded.js'
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
  /** Refusals and faults go here. */
  readonly log: (event: GuardEvent) => void
  /**
   * Check a request for `route`: `authorization` is its `Authorization`
   * header, `request` what the route's `args` and `bytes`, or its
   * `requirement`, read. Denials are answered, not thrown; nothing is
   * reserved unless `ok`.
   */
  check<Req>(route: CheckedRoute<Req>, request: Req, authorization: string | null | undefined): Promise<GuardCheck>
  /**
   * The problem body for `error` (a denial, or anything a handler threw):
   * a `CapchainError` keeps its code and status, anything else is a 500
   * whose text stays in the log.
   */
  problem(error: unknown, credentials?: Credentials, links?: readonly ChainLink[]): Promise<ProblemBody>
  /** Unix seconds, by the guard's clock. */
  now(): number
}

/**
 * @throws {InvalidOptionsError} root formats the verifier refuses
 */
export function createGuard(config: GuardConfig): Guard {
  const rootFormats = config.rootFormats ?? []
  const verifier = createServiceVerifier({ rootFormats: [...rootFormats], ...(config.limits === undefined ? {} : { limits: config.limits }) })
  const explain = explainer(config.service, rootFormats)
  const statusOf = statusWith(config.statuses ?? {})
  const log = config.log ?? defaultLog
  const maxHeaderBytes = config.maxHeaderBytes ?? MAX_INFLATED_CREDENTIALS_BYTES
  const now = config.now ?? (() => Math.floor(Date.now() / 1000))

  const problem: Guard['problem'] = async (error, credentials, links) => {
    if (!(error instanceof CapchainError)) {
      log({ kind: 'fault', error })
      return internalProblem()
    }
    const status = statusOf(error)
    log({ kind: 'denied', error, status })
    return problemBody(error, status, await explain(error, credentials, links))
  }

  return {
    config,
    rootFormats,
    verifier,
    log,
    now,
    problem,
    async check(route, request, authorization) {
      let credentials: Credentials | undefined
      try {
        credentials = readCredentials(authorization, maxHeaderBytes)
        const requirement = await requirementOf(route, request)
        const checked = {
          invocation: credentials.invocation,
          proofs: [...credentials.proofs],
          service: config.service,
          store: config.store,
          verifier,
          now: now(),
          ...(config.clockSkew === undefined ? {} : { clockSkew: config.clockSkew }),
        } satisfies AuthorizeRequest
        const result = await authorizeInvocation({ ...checked, ...(config.admit === undefined ? {} : { admit: config.admit }) }, requirement)
        if (!result.ok) return { ok: false, problem: await problem(result.error, credentials, result.links) }
        return { ok: true, auth: guardedAuthorization(result.value, result.links, () => recheckRevocation(checked)) }
      } catch (error) {
        return { ok: false, problem: await problem(error, credentials) }
      }
    },
  }
}

function defaultLog(event: GuardEvent): void {
  if (event.kind === 'fault') console.error('capchain guard: internal error', event.error)
}
