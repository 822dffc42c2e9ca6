import type { Delegation, Invocation } from '@capchain/core'
import { toJsonValue } from './ipld-json.js'

/**
 * A delegation just issued, for `--json`: `chain` lists the CIDs root
 * first, ending with it; `delegations`, every delegation issued with it
 * (a storage grant for some operations issues several).
 */
export function delegationSummary(head: Delegation, proofs: readonly Delegation[], issued: readonly Delegation[] = [head]): Record<string, unknown> {
  const p = head.payload
  return {
    cid: head.cid.toString(),
    issuer: p.iss,
    audience: p.aud,
    subject: p.sub,
    command: p.cmd,
    policy: toJsonValue(p.pol),
    notBefore: p.nbf ?? null,
    expiration: p.exp,
    chain: [...proofs, head].map((d) => d.cid.toString()),
    delegations: issued.map((d) => d.cid.toString()),
  }
}

/** An invocation just issued, for `--json`. */
export function invocationSummary(invocation: Invocation): Record<string, unknown> {
  const p = invocation.payload
  return {
    cid: invocation.cid.toString(),
    issuer: p.iss,
    subject: p.sub,
    audience: p.aud ?? null,
    command: p.cmd,
    args: toJsonValue(p.args),
    expiration: p.exp,
    proofs: p.prf.map(String),
  }
}
