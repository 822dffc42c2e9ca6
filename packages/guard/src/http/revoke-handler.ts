/**
 * `POST /revoke` for any guarded service: a `/ucan/revoke` invocation in
 * the `Authorization` header, its container holding its own proofs and the
 * witness path (docs/storage.md, "Revocation"). The body is ignored. Each
 * request is one line of the guard's access log, and traced as a guarded one.
 */
import { revokeDelegation } from '../revoke/revoke.js'
import type { Guard } from './guard.js'
import { readCredentials } from './credentials.js'
import type { Credentials } from './credentials.js'
import { MAX_INFLATED_CREDENTIALS_BYTES } from './credentials.js'
import { REQUEST_SPANS } from './observe/request.js'
import { problemResponse } from './problem.js'
import type { ProblemBody } from './problem.js'

/** The Fetch handler of `POST /revoke`: `{ revoked, revoker, recorded }`, or the problem body of the denial. */
export function revokeHandler(guard: Guard): (request: Request) => Promise<Response> {
  return async (request) => {
    const observed = guard.observe(request.method, new URL(request.url).pathname)
    const deny = async (problem: Promise<ProblemBody>): Promise<Response> => {
      const body = await problem
      observed.denied(body)
      observed.end(body.status)
      return problemResponse(body)
    }
    let credentials: Credentials | undefined
    try {
      const read = await observed.step(REQUEST_SPANS.credentials, async () => {
        credentials = readCredentials(request.headers.get('authorization'), guard.config.maxHeaderBytes ?? MAX_INFLATED_CREDENTIALS_BYTES)
        observed.read(credentials.invocation.cid.toString())
        return credentials
      })
      const result = await observed.step(REQUEST_SPANS.verify, (span) =>
        revokeDelegation({
          invocation: read.invocation,
          proofs: [...read.proofs],
          service: guard.config.service,
          store: observed.store(guard.config.store, span),
          verifier: guard.verifier,
          now: guard.now(),
          ...(guard.config.clockSkew === undefined ? {} : { clockSkew: guard.config.clockSkew }),
          ...(guard.config.admit === undefined ? {} : { admit: guard.config.admit }),
        }),
      )
      if (!result.ok) return await deny(guard.problem(result.error, read, result.links))
      const { revoked, revoker, recorded, authorization } = result.value
      observed.allowed(authorization)
      observed.end(200)
      return Response.json({ revoked: revoked.toString(), revoker, recorded })
    } catch (error) {
      return await deny(guard.problem(error, credentials))
    }
  }
}
