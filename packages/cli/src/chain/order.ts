/**
 * Putting delegations in chain order. A container's tokens are sorted
 * bytewise, so a chain read from files is reassembled from its principals:
 * each link is issued by the audience of the one before it, and the root is
 * issued by its subject.
 */
import { commandCovers } from '@capchain/core'
import type { DID, Delegation } from '@capchain/core'

/** A root: `sub` set and issued by it. */
function isRoot(delegation: Delegation): boolean {
  return delegation.payload.sub !== null && delegation.payload.iss === delegation.payload.sub
}

/**
 * For every delegation reachable from a root, the shortest chain (root
 * first) that ends with it, keyed by CID. A breadth-first walk: quadratic in
 * the number of tokens at worst, whatever links them.
 */
export function chainsFromRoots(delegations: readonly Delegation[]): Map<string, Delegation[]> {
  const chains = new Map<string, Delegation[]>()
  const queue: Delegation[][] = []
  for (const root of delegations.filter(isRoot)) {
    if (chains.has(root.cid.toString())) continue
    chains.set(root.cid.toString(), [root])
    queue.push([root])
  }
  for (let chain = queue.shift(); chain !== undefined; chain = queue.shift()) {
    const last = chain[chain.length - 1]!
    for (const next of delegations) {
      if (next.payload.iss !== last.payload.aud || chains.has(next.cid.toString())) continue
      const longer = [...chain, next]
      chains.set(next.cid.toString(), longer)
      queue.push(longer)
    }
  }
  return chains
}

/**
 * The chain, root first, through which `holder` holds authority: a path
 * from a root to a delegation addressed to `holder`, preferring one whose
 * command covers `command`. Tokens not on it are left out. When no path
 * reaches `holder`, the longest chain the tokens form is returned instead
 * (or the tokens as given), so that the verifier, not this function, says
 * precisely what is wrong with them.
 */
export function orderChain(delegations: readonly Delegation[], holder: DID, command?: string): Delegation[] {
  const chains = [...chainsFromRoots(delegations).values()]
  const held = chains.filter((chain) => chain[chain.length - 1]!.payload.aud === holder)
  const covering = held.filter((chain) => command === undefined || commandCovers(chain[chain.length - 1]!.payload.cmd, command))
  return longest(covering) ?? longest(held) ?? longest(chains) ?? [...delegations]
}

function longest(chains: readonly Delegation[][]): Delegation[] | undefined {
  let best: Delegation[] | undefined
  for (const chain of chains) if (best === undefined || chain.length > best.length) best = chain
  return best
}
