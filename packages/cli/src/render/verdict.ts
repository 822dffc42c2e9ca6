import { envelopeIdentity } from '@capchain/core/envelope'
import type { AuthorizedInvocation, ChainLink } from '@capchain/verifier'
import { explain } from '@capchain/verifier'
import type { ExecutorVerdict } from '../chain/executor.js'
import { skewLine, skewReliance } from '../chain/skew.js'
import type { Clock, SkewReliance } from '../chain/skew.js'
import { errorToJson } from './error.js'
import { toJsonValue } from './ipld-json.js'

/**
 * A verdict for a person. The UCAN verifier's is its `explain` tree; the
 * storage profile's, when authorized, is the same tree after a line saying
 * what it would serve, and when denied, the typed error. The line after the
 * verdict gives the clock skew it allowed, and what passed only thanks to it.
 */
export function verdictToText(verdict: ExecutorVerdict, clock: Clock): string {
  const [served, tree] = verdictParts(verdict)
  const [head, ...links] = tree.split('\n')
  return [...served, head, skewLine(clock, reliedOn(verdict, clock)), ...links].join('\n')
}

/** What the storage profile would serve (when it did), and the verdict with its chain. */
function verdictParts(verdict: ExecutorVerdict): [string[], string] {
  if (verdict.profile === 'ucan') return [[], explain(verdict.result)]
  const { result } = verdict
  if (!result.ok) {
    const { error } = result
    const where = [error.at === undefined ? '' : ` at ${error.at}`, error.cid === undefined ? '' : ` (${error.cid})`].join('')
    return [[], `✘ denied by the storage profile [${error.code}]${where}: ${error.message}`]
  }
  const { authorization, op, path, size } = result.value
  const served = `✔ storage profile: ${op} ${path}${op === 'read' || op === 'write' ? `, ${size} bytes` : ''}`
  return [[served], explain({ ok: true, value: authorization, links: linksOf(authorization) })]
}

/**
 * A verdict for `--json`: `{ok: true, subject, command, args, issuer, chain,
 * skew, withinSkew}` (and the storage request), or `{ok: false, error, skew}`.
 * `withinSkew` lists the bounds that passed only thanks to the skew.
 */
export function verdictToJson(verdict: ExecutorVerdict, clock: Clock): Record<string, unknown> {
  if (!verdict.result.ok) return { ok: false, error: errorToJson(verdict.result.error), skew: clock.skew }
  const withinSkew = reliedOn(verdict, clock)
  if (verdict.profile === 'ucan') return { ...authorizationToJson(verdict.result.value), skew: clock.skew, withinSkew }
  const { authorization, op, path, size } = verdict.result.value
  return { ...authorizationToJson(authorization), storage: { op, path, size }, skew: clock.skew, withinSkew }
}

/** The time bounds an accepted verdict passed only within the skew; none for a denial. */
export function reliedOn(verdict: ExecutorVerdict, clock: Clock): SkewReliance[] {
  if (!verdict.result.ok) return []
  const authorization = verdict.profile === 'ucan' ? verdict.result.value : verdict.result.value.authorization
  return skewReliance(linksOf(authorization), clock.now)
}

function authorizationToJson(authorization: AuthorizedInvocation): Record<string, unknown> {
  return {
    ok: true,
    subject: authorization.subject,
    command: authorization.command,
    args: toJsonValue(authorization.args),
    issuer: authorization.issuer,
    chain: authorization.chain.map(String),
  }
}

/** The links of an authorized chain, root first, as the verifier names them. */
function linksOf(authorization: AuthorizedInvocation): ChainLink[] {
  return [
    ...authorization.delegations.map((token, i) => ({ at: `prf[${i}]`, cid: token.cid, identity: envelopeIdentity(token.envelope), token })),
    { at: 'invocation', cid: authorization.invocation.cid, identity: envelopeIdentity(authorization.invocation.envelope), token: authorization.invocation },
  ]
}
