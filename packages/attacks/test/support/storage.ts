/**
 * The storage service under attack: `authorizeStorageRequest` at {@link NOW},
 * with grants and invocations made by the client helpers.
 */
import type { DID, Signer } from '@capchain/core/principal'
import type { Delegation, Invocation } from '@capchain/core/token'
import { authorizeStorageRequest, createStorageGrant, createStorageInvocation } from '@capchain/storage'
import type { StorageAuthorization, StorageGrant, StorageGrantInput, StorageInvocationInput, StorageOp, StorageRequest, StorageResult } from '@capchain/storage'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { NOW } from './world.js'

export const DAY = 86_400

/** A grant valid for a day from {@link NOW}. */
export function storageGrant(input: Omit<StorageGrantInput, 'expiration'> & { expiration?: number | null }): Promise<StorageGrant> {
  return createStorageGrant({ expiration: NOW + DAY, ...input })
}

/** An invocation valid for five minutes from {@link NOW}. */
export function storageInvocation(input: Omit<StorageInvocationInput, 'expiration'> & { expiration?: number }): Promise<Invocation> {
  return createStorageInvocation({ expiration: NOW + 300, issuedAt: NOW, ...input })
}

/** Authorize the request the invocation states (its op, path and size), with `chain` as proofs; overrides last. */
export function authorize(
  invocation: Invocation,
  chain: readonly (Delegation | Uint8Array)[],
  store: StateStore,
  service: Signer | DID,
  overrides: Partial<StorageRequest> = {},
): Promise<StorageResult<StorageAuthorization>> {
  const args = invocation.payload.args
  const op = invocation.payload.cmd.split('/').at(-1) as StorageOp
  return authorizeStorageRequest({
    invocation: invocation.bytes,
    proofs: chain.map((token) => (token instanceof Uint8Array ? token : token.bytes)),
    service: typeof service === 'string' ? service : service.did(),
    store,
    now: NOW,
    op,
    path: args.path as string,
    ...(typeof args.size === 'number' ? { size: args.size } : {}),
    ...overrides,
  })
}

export function memoryStore(): StateStore {
  return createMemoryStore()
}
