/**
 * `POST /revoke` for any guarded service: a `/ucan/revoke` invocation in
 * the `Authorization` header, its container holding its own proofs and the
 * witness path (docs/storage.md, "Revocation"). The body is ignored.
 */
import { revokeDelegation } from '../revoke/revoke.js'
import type { Guard } from './guard.js'
import { readCredentials } from './credentials.js'
import type { Credentials } from './credentials.js'
import { MAX_INFLATED_CREDENTIALS_BYTES } from './credentials.js'
import { problemResponse } from './problem.js'

/** The Fetch handler of `POST /revoke`: `{ revoked, revoker, recorded }`, or the problem body of the denial. */
export function revokeHandler(guard: Guard): (request: Request) => Promise<Response> {
  return async (request) => {
    let credentials: Credentials | undefined
    try {
      credentials = readCredentials(request.headers.get('authorization'), guard.config.maxHeaderBytes ?? MAX_INFLATED_CREDENTIALS_BYTES)
      const result = await revokeDelegation({
        invocation: credentials.invocation,
        proofs: [...credentials.proofs],
        service: guard.config.service,
        store: guard.config.store,
        verifier: guard.verifier,
        now: guard.now(),
        ...(guard.config.clockSkew === undefined ? {} : { clockSkew: guard.config.clockSkew }),
      })
      if (!result.ok) return problemResponse(await guard.problem(result.error, credentials, result.links))
      const { revoked, revoker, recorded } = result.value
      return Response.json({ revoked: revoked.toString(), revoker, recorded })
    } catch (error) {
      return problemResponse(await guard.problem(error, credentials))
    }
  }
}
