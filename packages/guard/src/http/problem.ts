/**
 * Every refusal of a guarded route, in every adapter: one RFC 9457
 * `application/problem+json` body with the stable code, where and what
 * failed, and the explanation of the chain the request presented.
 */
import { CapchainError } from '@capchain/core/errors'
import { specErrorName, VerificationError } from '@capchain/verifier'
import type { SpecErrorName } from '@capchain/verifier'
import { CapExceededError } from '../errors.js'
import { unixNow } from '../time.js'

/** Where each error's `type` URI points: one page per stable code. */
export const PROBLEM_TYPE_BASE = 'https://capchain.dev/errors/'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** Seconds a client waits before retrying a 503 (the state store could not answer). */
const RETRY_AFTER_SECONDS = 1

/** The body of a refusal (RFC 9457, with capchain's members). */
export interface ProblemBody {
  /** `https://capchain.dev/errors/<code>` */
  readonly type: string
  /** The code in words, the same for every occurrence. */
  readonly title: string
  readonly status: number
  /** The error's message, written for a person. */
  readonly detail: string
  /** The stable code (ERR_…): what a client switches on. */
  readonly code: string
  readonly at?: string
  readonly cid?: string
  /** The UCAN specification's name for a verifier denial, when it has one. */
  readonly specName?: SpecErrorName
  /** The chain as the verifier decoded it, root first, the failing link marked. */
  readonly explanation: string
  /** Seconds until the spent window of a periodic cap ends (`ERR_CAP_WINDOW_EXCEEDED`), also sent as `Retry-After`. */
  readonly retryAfter?: number
}

/** The problem body of `error`, answered with `status`. */
export function problemBody(error: CapchainError, status: number, explanation: string): ProblemBody {
  const specName = error instanceof VerificationError ? specErrorName(error) : undefined
  const resetsAt = error instanceof CapExceededError ? error.resetsAt : undefined
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: titleOf(error.code),
    status,
    detail: error.message,
    code: error.code,
    ...(error.at === undefined ? {} : { at: error.at }),
    ...(error.cid === undefined ? {} : { cid: error.cid }),
    ...(specName === undefined ? {} : { specName }),
    explanation,
    ...(resetsAt === undefined ? {} : { retryAfter: Math.max(1, resetsAt - unixNow()) }),
  }
}

/**
 * The refusal as a Fetch `Response`. A 401 challenges for `UCAN`
 * credentials (RFC 9110 §11.6.1); a 503 says when to retry, as does a 429
 * of a spent window (when it ends).
 */
export function problemResponse(body: ProblemBody): Response {
  const headers = new Headers({ 'content-type': PROBLEM_CONTENT_TYPE })
  if (body.status === 401) headers.set('www-authenticate', 'UCAN')
  if (body.status === 503) headers.set('retry-after', String(RETRY_AFTER_SECONDS))
  if (body.status === 429 && body.retryAfter !== undefined) headers.set('retry-after', String(body.retryAfter))
  return new Response(JSON.stringify(body), { status: body.status, headers })
}

/** The body of a fault of the service itself, not of the request: its text stays in the log. */
export function internalProblem(): ProblemBody {
  return problemBody(new CapchainError('ERR_INTERNAL', 'internal error'), 500, 'the service failed; nothing was changed')
}

/** `ERR_ARGS_MISMATCH` → `args mismatch`. */
function titleOf(code: string): string {
  return code.replace(/^ERR_/, '').toLowerCase().replaceAll('_', ' ')
}
