import type { ChainVerifier } from '@capchain/verifier/lean'

let loading: Promise<ChainVerifier> | undefined

/**
 * The holder's verifier (`holder-verifier.ts`), loaded on first use: a
 * separate chunk for bundlers, so an app that never imports a delegation
 * never downloads it. Loading it also enables ECDSA keys and gzip containers
 * in core, which reading an imported container may need, so callers load it
 * before reading one. A failed load is not kept: the next call tries again.
 *
 * @throws {Error} whatever loading the chunk throws (a network error in a browser); nothing is accepted then
 */
export function loadHolderVerifier(): Promise<ChainVerifier> {
  loading ??= import('./holder-verifier.js').then(
    (module) => module.holderVerifier,
    (cause: unknown) => {
      loading = undefined
      throw cause
    },
  )
  return loading
}
