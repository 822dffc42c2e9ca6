/**
 * The `explanation` of a denial: the verifier's `explain()` tree of the
 * chain the request presented, root first, the failing link marked.
 *
 * The links are those the guard's check decoded for the request
 * (`GuardedAuthorization.links`), whether it denied or a later step refused
 * (a missing file). A request refused before its chain was read (a malformed
 * path, a profile error) has none: its links come from a verification of
 * the same tokens by a plain verifier of our own, used only to draw them. (It sees caps as
 * ordinary policies, which is why its own verdict is not the answer;
 * docs/service.md.) Errors that are not the verifier's (a cap, a replay, a
 * path) get their first line written here.
 */
import type { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { ChainLink, RootFormat } from '@capchain/verifier'
import { createVerifier, explain, VerificationError } from '@capchain/verifier'
import type { Credentials } from './credentials.js'

export type Explainer = (error: CapchainError, credentials: Credentials | undefined, links?: readonly ChainLink[]) => Promise<string>

export function explainer(service: DID, rootFormats: readonly RootFormat[]): Explainer {
  const diagnostic = createVerifier({ rootFormats: [...rootFormats] })
  return async (error, credentials, verified) => {
    const links =
      verified !== undefined && verified.length > 0
        ? verified
        : credentials === undefined
          ? []
          : (await diagnostic.verifyInvocation(credentials.invocation, { proofs: [...credentials.proofs], audience: service })).links
    if (error instanceof VerificationError) return explain({ ok: false, error, links })
    const where = [error.at === undefined ? '' : ` at ${error.at}`, error.cid === undefined ? '' : ` (${error.cid})`].join('')
    const header = `✘ denied [${error.code}]${where}: ${error.message}`
    if (links.length === 0) return header
    const tree = explain({ ok: true, value: undefined, links }).split('\n').slice(1)
    return [header, ...tree].join('\n')
  }
}
