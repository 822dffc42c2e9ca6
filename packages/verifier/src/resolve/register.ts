import { DidKeyResolver } from './did-resolver.js'
import { installDidDocumentSupport } from './support.js'

/**
 * Enable a verifier's `resolver` (issuers that are not did:key, through
 * their DID documents) in a bundle built on `@capchain/verifier/lean`.
 * Idempotent; global to this copy of the verifier. `@capchain/verifier`
 * calls it when it loads; the lean entry leaves it to the app, so a bundle
 * that verifies did:key chains only holds no DID document reader.
 */
export function registerDidDocuments(): void {
  installDidDocumentSupport({ createResolver: (resolver, ttlSeconds, size) => new DidKeyResolver(resolver, ttlSeconds, size) })
}
