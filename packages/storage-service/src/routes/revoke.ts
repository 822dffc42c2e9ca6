import { revokeDelegation } from '@capchain/storage'
import type { ServiceContext } from '../context.js'
import { readCredentials } from '@capchain/guard'
import type { Credentials } from '@capchain/guard'
import { valueOrDenial } from '../http/checked-chain.js'
import { refuse } from '../http/respond.js'
import type { Ctx } from './request.js'

/**
 * `POST /revoke`: a `/ucan/revoke` invocation in the `Authorization`
 * header, its container holding its own proofs and the witness path
 * (docs/storage.md, "Revocation"). The body is ignored.
 */
export function revoke(service: ServiceContext) {
  return async (c: Ctx) => {
    let credentials: Credentials | undefined
    try {
      credentials = readCredentials(c.req.header('authorization'), service.maxHeaderBytes)
      const result = await revokeDelegation({
        invocation: credentials.invocation,
        proofs: [...credentials.proofs],
        service: service.did,
        store: service.store,
        verifier: service.verifier,
        now: service.now(),
      })
      const { revoked, revoker, recorded } = valueOrDenial(credentials, result)
      return c.json({ revoked: revoked.toString(), revoker, recorded })
    } catch (error) {
      return refuse(c, error, service.explain, credentials)
    }
  }
}
