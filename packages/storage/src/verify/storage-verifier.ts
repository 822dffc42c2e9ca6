/**
 * The chain verifier behind storage verification, kept private.
 *
 * Caps are enforced by handing the chain verifier a *view* of each capped
 * delegation whose policy lacks the cap statement (verify/prepare.ts), while
 * the ledger enforces the cap. The chain verifier caches each proof's parsed
 * policy by CID, so a verifier that saw the view of a capped delegation must
 * never see that delegation's bytes, and one that saw the bytes must never
 * see the view: the first would skip the cap for a caller without our
 * caveat hook, the second would deny every capped invocation. Hence this
 * opaque handle: only this package can reach the chain verifier inside it,
 * and everything it verifies goes through `prepareProofs`.
 */
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier, VerifierConfig } from '@capchain/verifier'

/** An opaque verifier for storage requests and revocations (see `createStorageVerifier`). */
export interface StorageVerifier {
  readonly kind: 'storage-verifier'
}

const chains = new WeakMap<StorageVerifier, ChainVerifier>()

/**
 * A storage verifier with its own caches. Pass `config` as to
 * `createVerifier` (a DID resolver, root verifiers such as the SIWE root's
 * `pkh`). Without one, requests share a default instance for did:key issuers.
 *
 * @throws {InvalidOptionsError} what `createVerifier` refuses
 */
export function createStorageVerifier(config: VerifierConfig = {}): StorageVerifier {
  const handle: StorageVerifier = Object.freeze({ kind: 'storage-verifier' })
  chains.set(handle, createVerifier(config))
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
