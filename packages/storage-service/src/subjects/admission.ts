/**
 * Which subjects this service stores files for. A did:pkh subject is
 * reachable only through a SIWE root the service's format accepted, i.e. a
 * wallet that signed in on one of its trusted domains: the verifier refuses
 * did:pkh as the issuer of any UCAN (no root verifier is configured for it),
 * and a chain's subject must be its root's issuer. A did:key, on the other
 * hand, is anyone's for the cost of generating it, so a did:key subject is
 * served only when the operator listed it. Any other method is not served.
 */
import type { DID } from '@capchain/core/principal'
import { parseDidKey } from '@capchain/core/principal'
import { SubjectNotAdmittedError } from '../errors.js'

/** Checks a subject: the refusal for one the service does not serve (the guard's `admit`). */
export type SubjectAdmission = (subject: DID, cid: string) => SubjectNotAdmittedError | undefined

/**
 * @param didKeys - did:key subjects served besides SIWE sign-ins
 * @throws {InvalidDidError | UnsupportedDidError} an entry of `didKeys` that is not a valid did:key
 */
export function subjectAdmission(didKeys: readonly string[] = []): SubjectAdmission {
  for (const did of didKeys) parseDidKey(did)
  const listed = new Set<string>(didKeys)
  // Neither a did:pkh nor a listed did:key: refused.
  return (subject, cid) => (subject.startsWith('did:pkh:') || listed.has(subject) ? undefined : new SubjectNotAdmittedError(subject, { cid }))
}
