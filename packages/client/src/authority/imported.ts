/**
 * Reading a delegation string another agent handed over: find, among its
 * tokens, every chain that ends at this client's key, check each with the
 * verifier as a holder would (signatures, time, principals, attenuation),
 * and index them by the storage operation they cover. The verifier is
 * loaded on the first import (`load-holder-verifier.ts`), before anything
 * is read.
 */
import { commandCovers, decodeDelegation } from '@capchain/core/token'
import type { DID } from '@capchain/core/principal'
import type { Delegation } from '@capchain/core/token'
import { decodeCacao, looksLikeCacao } from '@capchain/siwe'
import type { DecodedCacao } from '@capchain/siwe'
import { STORAGE_OPS, storageCommand } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import { CapchainError } from '@capchain/core/errors'
import { DelegationImportError } from '../errors.js'
import type { ImportedRecord } from '../store/interface.js'
import { tokensByCid } from '../tokens.js'
import type { Authority } from './authority.js'
import { loadHolderVerifier } from './load-holder-verifier.js'

interface Chain {
  readonly root: DecodedCacao | undefined
  readonly delegations: readonly Delegation[]
}

/**
 * The record of an imported container, after checking at `now` (the
 * client's clock) that it holds at least one valid chain addressed to `holder`.
 *
 * @throws {DelegationImportError} unreadable, or no valid chain ends at `holder`
 * @throws {Error} the verifier could not be loaded (`loadHolderVerifier`); nothing is imported
 */
export async function importDelegation(container: string, holder: DID, now: number): Promise<ImportedRecord> {
  const holderVerifier = await loadHolderVerifier()
  const chains = readChains(container, holder)
  for (const chain of chains) {
    const result = await holderVerifier.verifyDelegation([...(chain.root === undefined ? [] : [chain.root.bytes]), ...chain.delegations], {
      audience: holder,
      now,
    })
    if (!result.ok) throw new DelegationImportError(`the delegation does not verify: ${result.error.message}`, { cause: result.error })
  }
  const first = chains[0]!
  return {
    cid: sharedHead(chains).toString(),
    subject: subjectOf(first),
    issuer: first.delegations[0]!.payload.iss,
    container,
    importedAt: now,
  }
}

/**
 * An imported record as an authority.
 * @throws {DelegationImportError} the record's container no longer holds a chain to `holder`
 */
export function importedAuthority(record: ImportedRecord, holder: DID): Authority {
  const chains = readChains(record.container, holder)
  const byOp: Partial<Record<StorageOp, readonly Delegation[]>> = {}
  for (const op of STORAGE_OPS) {
    const covering = chains.find((chain) => chain.delegations.every((link) => commandCovers(link.payload.cmd, storageCommand(op))))
    if (covering !== undefined) byOp[op] = covering.delegations
  }
  const first = chains[0]!
  const expiries = [first.root?.fields.expirationTime, ...chains.flatMap((chain) => chain.delegations.map((d) => d.payload.exp))]
    .map((exp) => (typeof exp === 'string' ? Math.floor(Date.parse(exp) / 1000) : exp))
    .filter((exp): exp is number => typeof exp === 'number')
  return {
    id: record.cid,
    kind: 'delegation',
    subject: record.subject,
    root: first.root === undefined ? undefined : { cid: first.root.cid, bytes: first.root.bytes },
    chains: byOp,
    expiration: expiries.length === 0 ? null : Math.min(...expiries),
    revoked: false,
  }
}

/** Every chain in the container that ends at `holder`, root first. @throws {DelegationImportError} */
function readChains(container: string, holder: DID): Chain[] {
  let roots: DecodedCacao[]
  let delegations: Delegation[]
  try {
    const tokens = [...tokensByCid(container.trim()).values()]
    roots = tokens.filter(looksLikeCacao).map((bytes) => decodeCacao(bytes))
    delegations = tokens.filter((bytes) => !looksLikeCacao(bytes)).map((bytes) => decodeDelegation(bytes))
  } catch (cause) {
    if (!(cause instanceof CapchainError)) throw cause
    throw new DelegationImportError(`not a delegation string: ${cause.message}`, { cause })
  }
  const chains = delegations.filter((leaf) => leaf.payload.aud === holder).map((leaf) => chainUp(leaf, delegations, roots))
  if (chains.length === 0) throw new DelegationImportError(`no delegation in it is addressed to this client (${holder})`)
  return chains
}

/** The chain from its root down to `leaf`: each link issued by the audience of the one above. */
function chainUp(leaf: Delegation, delegations: readonly Delegation[], roots: readonly DecodedCacao[]): Chain {
  const links = [leaf]
  for (let link = leaf; ; ) {
    const { iss, sub } = link.payload
    const root = roots.find((cacao) => cacao.fields.uri === iss)
    if (root !== undefined || iss === sub) return { root, delegations: links }
    const parent = delegations.find((candidate) => candidate.payload.aud === iss && !links.includes(candidate))
    if (parent === undefined) throw new DelegationImportError(`the chain to ${leaf.cid} is incomplete: nothing delegates to ${iss}`)
    links.unshift(parent)
    link = parent
  }
}

/** The deepest delegation every chain passes through (a grant's head), else the first chain's leaf. */
function sharedHead(chains: readonly Chain[]): Delegation['cid'] {
  const [first, ...rest] = chains
  const shared = first!.delegations.filter((link) => rest.every((chain) => chain.delegations.includes(link)))
  return (shared.at(-1) ?? first!.delegations.at(-1)!).cid
}

function subjectOf(chain: Chain): DID {
  return chain.root?.iss ?? chain.delegations.find((link) => link.payload.sub !== null)?.payload.sub ?? chain.delegations[0]!.payload.iss
}
