/**
 * `authorizeStorageRequest`: everything a storage service checks before it
 * serves a request (docs/storage.md, "Serving a request"): the guard's one
 * pipeline (`authorizeInvocation`: the invocation re-read from its bytes,
 * the requirement, the whole chain with caps, revocation, replay, one atomic
 * reservation) with the storage profile as its requirement
 * (authorize/requirement.ts: operation, canonical path, size, `exp`, and the
 * request's `measure` held to the declared size).
 *
 * The first failure answers; nothing is reserved unless everything passed.
 */
import { authorizeInvocation } from '@capchain/guard'
import type { StorageAuthorization, StorageRequest, StorageResult } from './interface.js'
import { storageRequirement } from './requirement.js'

/**
 * Check a storage request and reserve what it will consume. On success,
 * call `reservation.commit()` once the operation is done, or
 * `reservation.refund()` if it failed.
 *
 * @throws {InvalidOptionsError} a `clockSkew` the verifier refuses; every denial is returned
 */
export async function authorizeStorageRequest(request: StorageRequest): Promise<StorageResult<StorageAuthorization>> {
  const result = await authorizeInvocation(request, storageRequirement(request))
  if (!result.ok) return result
  const { authorization, bytes, reservation } = result.value
  return { ok: true, value: { authorization, op: request.op, path: request.path, size: bytes, reservation }, links: result.links }
}
