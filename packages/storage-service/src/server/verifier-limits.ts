/**
 * The chain verifier's limits for the storage service, tighter than the
 * verifier's defaults (16 links, 1,000,000 policy steps).
 *
 * Why: anyone can sign in with a wallet of their own and send a chain of
 * did:key links they made, so every link is a cost an anonymous client
 * chooses. A new did:key costs the service a prime-order subgroup check
 * (one scalar multiplication, ~0.9 ms) and a signature check; a chain of
 * 16 new keys per request was 6–20× an honest GET (security review item
 * 2, docs/performance.md). Honest storage chains are a SIWE root, the
 * session, and a few sub-agents: 8 links leave room for those, and a
 * budget of 100,000 policy steps is two orders of magnitude above what
 * the storage profile's statements (path scopes, size ceilings) cost.
 */
import type { VerifierLimits } from '@capchain/verifier'

export const STORAGE_VERIFIER_LIMITS: Readonly<Partial<VerifierLimits>> = Object.freeze({
  maxChainLength: 8,
  maxPolicySteps: 100_000,
})
