import type { DID } from '@capchain/core/principal'
import { firstRevoked } from '@capchain/store/validate'
import type { RevocationScope, RevocationStore } from '@capchain/store'
import type { ChainLink, RevocationCheck } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'

/**
 * Whose revocation counts for each link of a chain, by the links'
 * identities (revocations are recorded under the identity of the revoked
 * link, so a re-encoding of it is revoked too). A record denies a link only
 * in chains where its revoker issued that link or one above it
 * (ucan-wg/revocation, "Store": the revoker must be among the chain's
 * delegators). A revocation by the subject or by the link's own issuer
 * therefore applies everywhere the link is used, while no one can revoke a
 * link (say, someone's powerline) in chains they have no part in.
 *
 * `subject` is the chain's subject (the invocation's `sub`, which the
 * verifier matches to the chain): it issued the root, so it is upstream of
 * every link. A root in a foreign format (a SIWE CACAO) and the invocation
 * itself can be revoked by the subject only.
 */
export function revocationScopes(identities: readonly CID[], links: readonly ChainLink[], subject: DID): RevocationScope[] {
  const upstream: string[] = [subject]
  return identities.map((identity, i) => {
    const link = links[i]!
    const delegated = link.root === undefined && link.token.kind === 'dlg'
    if (delegated && !upstream.includes(link.token.payload.iss)) upstream.push(link.token.payload.iss)
    return { cid: identity.toString(), revokers: delegated ? [...upstream] : [subject] }
  })
}

/** The verifier's `isRevoked` hook over a revocation store: one store lookup per chain, scoped by {@link revocationScopes}. */
export function revocationCheck(store: RevocationStore, subject: DID): RevocationCheck {
  return async (identities, { links }) => {
    const scopes = revocationScopes(identities, links, subject)
    const revoked = firstRevoked(scopes, await store.lookup(scopes.map((scope) => scope.cid)))
    return scopes.map((_, i) => i === revoked)
  }
}

/** A chain's links and their revocation scopes, as the verifier handed them to {@link deferredRevocationCheck}'s hook. */
export interface DeferredRevocation {
  readonly links: readonly ChainLink[]
  readonly scopes: readonly RevocationScope[]
}

/**
 * The verifier's `isRevoked` hook for a request whose revocation check is
 * made later, in one step with its replay claim and reservation
 * (`admitInvocationIn`): it makes no lookup, keeps the chain's links and
 * scopes for that step, and answers "none revoked" so the verifier goes on
 * to the caveat hook, where the step runs and denies a revoked chain.
 */
export function deferredRevocationCheck(subject: DID): { readonly hook: RevocationCheck; collected(): DeferredRevocation } {
  let collected: DeferredRevocation | undefined
  return {
    hook: async (identities, { links }) => {
      collected = { links, scopes: revocationScopes(identities, links, subject) }
      return identities.map(() => false)
    },
    collected: () => {
      // The verifier calls the revocation hook before the caveat hook, always; a missing call is a broken pipeline.
      if (collected === undefined) throw new Error('the chain verifier did not ask for revocation before the caveat hook')
      return collected
    },
  }
}
