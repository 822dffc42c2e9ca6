import type { DID } from '@capchain/core/principal'
import type { Delegation } from '@capchain/core/token'
import type { RevocationStore } from '@capchain/store'
import type { RevocationCheck } from '@capchain/verifier'

/**
 * The verifier's `isRevoked` hook over a revocation store: one store lookup
 * per chain. A record denies a link only in chains where its revoker issued
 * that link or one above it (ucan-wg/revocation, "Store": the revoker must
 * be among the chain's delegators). A revocation by the subject or by the
 * link's own issuer therefore applies everywhere the link is used, while no
 * one can revoke a link (say, someone's powerline) in chains they have no
 * part in.
 *
 * `subject` is the chain's subject (the invocation's `sub`, which the
 * verifier matches to the chain): it issued the root, so it is upstream of
 * every link. `delegations` are the chain's tokens, which give each CID its
 * issuer. A CID with no token here (a root in a foreign format such as a
 * SIWE CACAO, and the further CIDs it may be revoked under) can only be the
 * root, and only the subject can have revoked it.
 */
export function revocationCheck(store: RevocationStore, subject: DID, delegations: Iterable<Delegation>): RevocationCheck {
  const issuers = new Map<string, DID>()
  for (const delegation of delegations) issuers.set(delegation.cid.toString(), delegation.payload.iss)
  return async (cids) => {
    const keys = cids.map(String)
    const records = await store.lookup(keys)
    const upstream = new Set<string>([subject])
    return keys.map((cid) => {
      const issuer = issuers.get(cid)
      if (issuer === undefined) return records.some((record) => record.cid === cid && record.revoker === subject)
      upstream.add(issuer)
      return records.some((record) => record.cid === cid && upstream.has(record.revoker))
    })
  }
}
