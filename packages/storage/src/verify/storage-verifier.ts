/**
 * The chain verifier behind storage verification, kept private.
 *
 * Caps are statements the service enforces itself: the chain verifier is
 * made with `capCaveats` as its `serviceCaveats`, so it evaluates every
 * policy without its cap, hands the caps to our caveat hook (which charges
 * the ledger), and denies a capped chain verified without that hook. The
 * handle is opaque so that everything verified through it goes through
 * this package's checks.
 */
import { createVerifier, InvalidOptionsError } from '@capchain/verifier'
import type { ChainVerifier, VerifierConfig } from '@capchain/verifier'
import { capCaveats } from './cap-caveats.js'

/** An opaque verifier for storage requests and revocations (see `createStorageVerifier`). */
export interface StorageVerifier {
  readonly kind: 'storage-verifier'
}

/** `createVerifier`'s configuration, less `serviceCaveats`: the storage profile sets its own. */
export type StorageVerifierConfig = Omit<VerifierConfig, 'serviceCaveats'>

const chains = new WeakMap<StorageVerifier, ChainVerifier>()

/**
 * A storage verifier with its own caches. Pass `config` as to
 * `createVerifier` (a DID resolver, root formats such as `siweRootFormat()`).
 * Without one, requests share a default instance for did:key issuers.
 *
 * @throws {InvalidOptionsError} what `createVerifier` refuses, or a `serviceCaveats` of the caller's
 */
export function createStorageVerifier(config: StorageVerifierConfig = {}): StorageVerifier {
  if ('serviceCaveats' in config) throw new InvalidOptionsError('a storage verifier enforces caps itself: serviceCaveats cannot be set')
  const handle: StorageVerifier = Object.freeze({ kind: 'storage-verifier' })
  chains.set(handle, createVerifier({ ...config, serviceCaveats: capCaveats }))
  return handle
}

let shared: StorageVerifier | undefined

/**
 * The chain verifier inside `handle` (the shared default when absent).
 *
 * @throws {TypeError} `handle` was not made by `createStorageVerifier`
 */
export function chainVerifierOf(handle: StorageVerifier | undefined): ChainVerifier {
  shared ??= createStorageVerifier()
  const chain = chains.get(handle ?? shared)
  // A handle not made by createStorageVerifier is a programming error, not a request to deny.
  if (chain === undefined) throw new TypeError('not a StorageVerifier: use createStorageVerifier()')
  return chain
}
