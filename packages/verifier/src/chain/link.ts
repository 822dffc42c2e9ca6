import type { Delegation } from '@capchain/core/token'
import type { ChainLink } from '../interface.js'

/** A link known to hold a delegation. */
export interface DelegationLink extends ChainLink {
  readonly token: Delegation
}

/** The error location of a link: its CID and its position in the input. */
export function where(link: ChainLink): { cid: string; at: string } {
  return { cid: link.cid.toString(), at: link.at }
}
