import type { DID } from '@capchain/core/principal'
import type { RevocationStore } from '@capchain/store'
import type { RevocationCheck } from '@capchain/verifier'

/**
 * The verifier's `isRevoked` hook over a revocation store: one store lookup
 * per chain, by the links' identities (revocations are recorded under the
 * identity of the revoked link, so a re-encoding of it is revoked too). A record denies a link only in chains where its revoker issued
 * that link or one above it (ucan-wg/revocation, "Store": the revoker must
 * be among the chain's delegators). A revocation by the subject or by the
 * link's own issuer therefore applies everywhere the link is used, while no
 * one can revoke a link (say, someone's powerline) in chains they have no
 * part in.
 *
 * `subject` is the chain's subject (the invocation's `sub`, which the
 * verifier matches to the chain): it issued the root, so it is upstream of
 * every link. A root in a foreign format (a SIWE CACAO) and the invocation
 * itself can be revoked by the subject only.
 */
export function revocationCheck(store: RevocationStore, subject: DID): RevocationCheck {
  return async (identities, { links }) => {
    const keys = identities.map(String)
    const records = await store.lookup(keys)
    const upstream = new Set<string>([subject])
    return keys.map((identity, i) => {
      const link = links[i]!
      const delegated = link.root === undefined && link.token.kind === 'dlg'
      if (delegated) upstream.add(link.token.payload.iss)
      return records.some((record) => record.cid === identity && (delegated ? upstream.has(record.revoker) : record.revoker === subject))
    })
  }
}
