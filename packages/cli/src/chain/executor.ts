/**
 * Checking an invocation as the service that runs it would. Under the
 * storage profile, a storage operation (`/storage/read|write|list|delete`)
 * is checked by `authorizeStorageRequest` of `@capchain/storage`: its
 * arguments and path rules, the chain, and caps, which a plain UCAN
 * verifier denies by design. It runs on an empty in-memory state, so caps
 * are checked against this one request, with no quota spent, revocation or
 * replay known. Anything else, and everything under the `ucan` profile, goes
 * to the UCAN verifier: a `/storage/…` command of another app's is no
 * capchain storage request. A revocation is checked as the storage service
 * would before recording it.
 */
import { decodeToken } from '@capchain/core'
import type { DID } from '@capchain/core'
import { authorizeStorageRequest, revokeDelegation, storageOpOf } from '@capchain/storage'
import type { AcceptedRevocation, StorageAuthorization, StorageOp, StorageResult } from '@capchain/storage'
import { createMemoryStore } from '@capchain/store'
import { verifyInvocation } from '@capchain/verifier'
import type { InvocationVerification } from '@capchain/verifier'

/** The verdict, with the profile that gave it. */
export type ExecutorVerdict =
  | { readonly profile: 'ucan'; readonly result: InvocationVerification }
  | { readonly profile: 'storage'; readonly result: StorageResult<StorageAuthorization> }

/** `ucan`: the UCAN verifier alone. `storage`: a capchain storage service's checks for storage operations. */
export type ExecutorProfile = 'ucan' | 'storage'

export interface ExecutorCheckOptions {
  /** Default `storage`: storage operations are checked as a capchain storage service would. */
  profile?: ExecutorProfile
  /** The proof tokens that come with the invocation. */
  proofs: readonly Uint8Array[]
  /** Validation time, Unix seconds; default now. */
  now?: number
  /** Seconds of tolerance on every `nbf` and `exp`; default the verifier's (60). */
  clockSkew?: number
  /** The executor's DID. A storage service needs one: default the invocation's `aud`, else its `sub`. */
  audience?: DID
}

/**
 * Verify `invocation` (its bytes) with `proofs` under the profile of its
 * command. Denials are returned, never thrown.
 */
export async function checkAsExecutor(invocation: Uint8Array, options: ExecutorCheckOptions): Promise<ExecutorVerdict> {
  const storage = options.profile === 'ucan' ? undefined : storageRequest(invocation)
  if (storage === undefined) {
    const result = await verifyInvocation(invocation, {
      proofs: options.proofs,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.clockSkew === undefined ? {} : { clockSkew: options.clockSkew }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
    })
    return { profile: 'ucan', result }
  }
  const store = createMemoryStore()
  try {
    const result = await authorizeStorageRequest({
      invocation,
      proofs: options.proofs,
      service: options.audience ?? storage.service,
      store,
      op: storage.op,
      path: storage.path,
      ...(storage.size === undefined ? {} : { size: storage.size }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.clockSkew === undefined ? {} : { clockSkew: options.clockSkew }),
    })
    return { profile: 'storage', result }
  } finally {
    await store.close()
  }
}

/**
 * Check a `/ucan/revoke` invocation as a storage service would before
 * recording it (`revokeDelegation`): the invocation and its chain, the
 * witness path verified down to the revoked delegation, and the revoker
 * (the invocation's subject) an issuer on it. Nothing is recorded anywhere.
 */
export async function checkRevocation(
  invocation: Uint8Array,
  options: Required<Pick<ExecutorCheckOptions, 'audience'>> & ExecutorCheckOptions,
): Promise<StorageResult<AcceptedRevocation>> {
  const store = createMemoryStore()
  try {
    return await revokeDelegation({
      invocation,
      proofs: options.proofs,
      service: options.audience,
      store,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.clockSkew === undefined ? {} : { clockSkew: options.clockSkew }),
    })
  } finally {
    await store.close()
  }
}

/**
 * The request a storage service would serve for this invocation: its
 * operation, and the path and size its arguments declare; `undefined` when
 * it does not decode or is not a storage operation.
 */
function storageRequest(bytes: Uint8Array): { op: StorageOp; path: string; size: number | undefined; service: DID } | undefined {
  let token
  try {
    token = decodeToken(bytes)
  } catch {
    return undefined // the UCAN verifier reports it precisely
  }
  if (token.kind !== 'inv') return undefined
  const op = storageOpOf(token.payload.cmd)
  if (op === undefined) return undefined
  const { path, size } = token.payload.args
  return {
    op,
    path: typeof path === 'string' ? path : '',
    size: typeof size === 'number' ? size : undefined,
    service: token.payload.aud ?? token.payload.sub,
  }
}
