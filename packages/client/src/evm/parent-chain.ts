import type { DID } from '@capchain/core/principal'
import { commandCovers, decodeDelegation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import { decodeCacao, looksLikeCacao } from '@capchain/siwe'
import type { RootBlock } from '../authority/authority.js'
import { ClientInputError } from '../errors.js'
import { tokensByCid } from '../tokens.js'

/** A chain to this client: its SIWE root (if any) and its delegations, root first. */
export interface HeldChain {
  readonly root: RootBlock | undefined
  readonly delegations: readonly Delegation[]
}

/**
 * The chain of an imported delegation string that reaches `holder` with
 * `command`. Written here because an imported authority indexes its chains
 * by storage operation only; the container was verified when imported.
 *
 * @throws {ClientInputError} no chain in it reaches `holder` with `command`, or one is incomplete
 * @throws {CapchainError} a token does not decode
 */
export function heldChain(container: string, holder: DID, command: string): HeldChain {
  const tokens = [...tokensByCid(container).values()]
  const roots = tokens.filter(looksLikeCacao).map((bytes) => decodeCacao(bytes))
  const delegations = tokens.filter((bytes) => !looksLikeCacao(bytes)).map((bytes) => decodeDelegation(bytes))
  const leaf = delegations.find((link) => link.payload.aud === holder && commandCovers(link.payload.cmd, command))
  if (leaf === undefined) throw new ClientInputError(`no imported chain grants ${command} to ${holder}`)
  const links = [leaf]
  for (let link = leaf; ; ) {
    const { iss, sub } = link.payload
    const root = roots.find((cacao) => cacao.fields.uri === iss)
    if (root !== undefined) return { root: { cid: root.cid, bytes: root.bytes }, delegations: links }
    if (iss === sub) return { root: undefined, delegations: links }
    const parent = delegations.find((candidate) => candidate.payload.aud === iss && !links.includes(candidate))
    if (parent === undefined) throw new ClientInputError(`the chain to ${leaf.cid} is incomplete: nothing delegates to ${iss}`)
    links.unshift(parent)
    link = parent
  }
}
