/**
 * The chain verifier behind every guard check and revocation, kept private.
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
import type { ServiceVerifier } from '../interface.js'
import { capCaveats } from './cap-caveats.js'

/** `createVerifier`'s configuration, less `serviceCaveats`: the guard sets its own (caps). */
export type ServiceVerifierConfig = Omit<VerifierConfig, 'serviceCaveats'>

const chains = new WeakMap<ServiceVerifier, ChainVerifier>()

/**
 * A service verifier with its own caches. Pass `config` as to
 * `createVerifier` (a DID resolver, root formats such as `siweRootFormat()`).
 * Without one, requests share a default instance for did:key issuers.
 *
 * @throws {InvalidOptionsError} what `createVerifier` refuses, or a `serviceCaveats` of the caller's
 */
export function createServiceVerifier(config: ServiceVerifierConfig = {}): ServiceVerifier {
  if ('serviceCaveats' in config) throw new InvalidOptionsError('a service verifier enforces caps itself: serviceCaveats cannot be set')
  const handle: ServiceVerifier = Object.freeze({ kind: 'service-verifier' })
  chains.set(handle, createVerifier({ ...config, serviceCaveats: capCaveats }))
  return handle
}

let shared: ServiceVerifier | undefined

/**
 * The chain verifier inside `handle` (the shared default when absent).
 *
 * @throws {TypeError} `handle` was not made by `createServiceVerifier`
 */
export function chainVerifierOf(handle: ServiceVerifier | undefined): ChainVerifier {
  shared ??= createServiceVerifier()
  const chain = chains.get(handle ?? shared)
  // A handle not made by createServiceVerifier is a programming error, not a request to deny.
  if (chain === undefined) throw new TypeError('not a ServiceVerifier: use createServiceVerifier()')
  return chain
}
