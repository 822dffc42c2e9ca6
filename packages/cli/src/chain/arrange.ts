import type { Token } from '@capchain/core'
import { chainsFromRoots, orderChain } from './order.js'

/** A token and the tokens it proves (delegations issued on it, invocations using it). */
export interface TokenNode {
  readonly token: Token
  readonly children: TokenNode[]
}

/**
 * Tokens arranged for display as a forest: each delegation under the one
 * it extends (on its shortest chain from a root), each invocation under the
 * last delegation of its proof chain; tokens that fit under nothing are
 * roots of their own trees, in input order.
 */
export function arrangeForest(tokens: readonly Token[]): TokenNode[] {
  const delegations = tokens.filter((t) => t.kind === 'dlg')
  const chains = chainsFromRoots(delegations)
  const parents = new Map<Token, Token>()
  for (const chain of chains.values()) if (chain.length > 1) parents.set(chain[chain.length - 1]!, chain[chain.length - 2]!)
  for (const invocation of tokens) {
    if (invocation.kind !== 'inv') continue
    const named = new Set(invocation.payload.prf.map(String))
    const proofs = orderChain(delegations.filter((d) => named.has(d.cid.toString())), invocation.payload.iss, invocation.payload.cmd)
    const leaf = proofs[proofs.length - 1]
    if (leaf !== undefined && leaf.payload.aud === invocation.payload.iss && chains.has(leaf.cid.toString())) parents.set(invocation, leaf)
  }
  const nodes = new Map(tokens.map((token) => [token, { token, children: [] as TokenNode[] }]))
  const roots: TokenNode[] = []
  for (const token of tokens) {
    const parent = parents.get(token)
    ;(parent === undefined ? roots : nodes.get(parent)!.children).push(nodes.get(token)!)
  }
  return roots
}
