/**
 * The `explanation` of a denial: the verifier's `explain()` tree of the
 * chain the request presented, root first, the failing link marked.
 *
 * The links are those the guard's check decoded for the request
 * (`GuardedAuthorization.links`), whether it denied or a later step refused
 * (a missing file). A request refused before its chain was read (a command
 * or args that are not the route's, a malformed path) is drawn as its
 * invocation alone, which is what such a refusal is about: drawing the
 * proofs would mean verifying them, a signature check spent on a request
 * already refused. Errors that are not the verifier's (a cap, a replay, a
 * path) get their first line written here.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import type { CapchainError } from '@capchain/core/errors'
import type { ChainLink } from '@capchain/verifier'
import { explain, VerificationError } from '@capchain/verifier'
import type { Credentials } from './credentials.js'

export type Explainer = (error: CapchainError, credentials: Credentials | undefined, links?: readonly ChainLink[]) => string

export const explainDenial: Explainer = (error, credentials, verified) => {
  const links = verified !== undefined && verified.length > 0 ? verified : credentials === undefined ? [] : [invocationLink(credentials)]
  if (error instanceof VerificationError) return explain({ ok: false, error, links })
  const where = [error.at === undefined ? '' : ` at ${error.at}`, error.cid === undefined ? '' : ` (${error.cid})`].join('')
  const header = `✘ denied [${error.code}]${where}: ${error.message}`
  if (links.length === 0) return header
  const tree = explain({ ok: true, value: undefined, links }).split('\n').slice(1)
  return [header, ...tree].join('\n')
}

/** The invocation as received, as a link of its own. */
function invocationLink({ invocation }: Credentials): ChainLink {
  return { at: 'invocation', cid: invocation.cid, identity: envelopeIdentity(invocation.envelope), token: invocation }
}
