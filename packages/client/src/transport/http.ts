import { ServiceError, TransportError } from '../errors.js'
import type { ServiceErrorBody } from '../errors.js'

/** The header every request carries its invocation and proofs in (docs/service.md). */
export const AUTHORIZATION_SCHEME = 'UCAN'

export function authorizationHeader(container: string): string {
  return `${AUTHORIZATION_SCHEME} ${container}`
}

/**
 * `fetch`, with transport failures as typed errors.
 * @throws {TransportError} the service could not be reached
 */
export async function send(fetchImpl: typeof fetch, url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, init)
  } catch (cause) {
    if (init.signal?.aborted === true) throw cause
    throw new TransportError(`${init.method ?? 'GET'} ${url.pathname} failed: ${(cause as Error).message}`, { cause })
  }
}

/**
 * `response` when it is a success; otherwise the service's denial.
 * @throws {ServiceError} the service refused (its code, `at`, `cid` and explanation)
 * @throws {TransportError} the answer is not a problem body
 */
export async function expectOk(response: Response): Promise<Response> {
  if (response.ok) return response
  throw await serviceError(response.status, await response.text())
}

/** The typed error for a refused request's status and body text. */
export function serviceError(status: number, text: string): ServiceError | TransportError {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new TransportError(`the service answered ${status} without an error body`)
  }
  if (!isErrorBody(body)) return new TransportError(`the service answered ${status} with an unexpected body`)
  return new ServiceError(status, body)
}

/** A problem body (RFC 9457) with capchain's stable `code`. */
function isErrorBody(body: unknown): body is ServiceErrorBody {
  const problem = body as { code?: unknown; detail?: unknown } | null
  return typeof problem?.code === 'string' && typeof problem.detail === 'string'
}

/**
 * A JSON body.
 * @throws {TransportError} it is not JSON
 */
export async function json<T>(response: Response): Promise<T> {
  return parseJson<T>(await response.text())
}

/**
 * JSON text.
 * @throws {TransportError} it is not JSON
 */
export function parseJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T
  } catch (cause) {
    throw new TransportError('the service answered a body that is not JSON', { cause })
  }
}
