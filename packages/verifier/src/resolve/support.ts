/**
 * Reading DID documents (a verifier's `resolver`, for issuers that are not
 * did:key) as a slot filled by `registerDidDocuments`. Without it a
 * verifier configured with a `resolver` is refused when it is made, never
 * built to skip those issuers. The slot keeps the document reader out of a
 * browser bundle that verifies did:key chains only
 * (`@capchain/verifier/lean`); `@capchain/verifier` fills it when it loads.
 */
import type { Resolvable } from 'did-resolver'
import { InvalidOptionsError } from '../errors.js'
import type { DidKeyResolver } from './did-resolver.js'

export interface DidDocumentSupport {
  /** A resolver of issuers' keys through `resolver`, cached `ttlSeconds`, at most `size` documents (`did-resolver.ts`). */
  readonly createResolver: (resolver: Resolvable, ttlSeconds: number, size: number) => DidKeyResolver
}

let installed: DidDocumentSupport | undefined

/** Fill the slot (`registerDidDocuments` does, with the verifier's own reader). */
export function installDidDocumentSupport(support: DidDocumentSupport): void {
  installed = support
}

/**
 * The registered DID document support.
 * @throws {InvalidOptionsError} when none is registered
 */
export function requireDidDocuments(): DidDocumentSupport {
  if (installed === undefined) {
    throw new InvalidOptionsError(
      'a resolver needs DID documents enabled in this build (registerDidDocuments from @capchain/verifier/lean, or import @capchain/verifier)',
    )
  }
  return installed
}
