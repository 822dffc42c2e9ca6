/**
 * `delegate`: a storage grant from this client's authority to another
 * agent, as one string to hand over.
 *
 * One path is `createStorageGrant` as it is. Several paths share one cap:
 * `createStorageGrant` (operations, size ceiling, cap, no path limit) to a
 * fresh relay key, which delegates each operation on to the audience with
 * the policy "any of these subtrees", and whose secret is then dropped.
 * The grant's head carries the cap and revokes the whole grant either way.
 */
import { generateSigner } from '@capchain/core/lean'
import type { DID, Signer } from '@capchain/core/principal'
import { createDelegation } from '@capchain/core/token'
import type { Delegation, IPLDValue } from '@capchain/core/token'
import { createStorageGrant, pathScopeStatement, storageCommand } from '@capchain/storage'
import type { StorageGrant, StorageGrantInput, StorageOp } from '@capchain/storage'
import type { Authority } from '../authority/authority.js'
import { ClientInputError } from '../errors.js'
import type { IssuedRecord } from '../store/interface.js'
import { endTime } from '../time/end-time.js'
import type { EndTimeOptions } from '../time/end-time.js'
import { containerOf } from '../tokens.js'

/** `expiresIn` (seconds) or `expiresAt` (an end time): default 7 days, and never past the authority's own expiry. */
export interface DelegateOptions extends EndTimeOptions {
  /** Subtrees granted. Default `['/']`: everything. */
  readonly paths?: readonly string[]
  /** Default `['read', 'list']`: read-only. */
  readonly ops?: readonly StorageOp[]
  /** Total bytes over every request through the grant. */
  readonly maxBytes?: number
  /** Total requests through the grant. */
  readonly maxUses?: number
  /** Largest single read or write, in bytes. */
  readonly maxSize?: number
  /** Delegate from this authority (an imported delegation's id) instead of the wallet session. */
  readonly via?: string
}

export const DEFAULT_GRANT_LIFETIME = 7 * 24 * 3600

type GrantInput = Omit<StorageGrantInput, 'audience' | 'path'>

/**
 * The grant, issued at `now` (the client's clock).
 * @throws {ClientInputError} no paths; the authority has no single chain covering every operation; both `expiresIn` and `expiresAt`, or an end not after `now`
 * @throws {CapchainError} what `createStorageGrant` refuses (a bad path, size or cap; `InvalidGrantError`)
 */
export async function delegate(key: Signer, authority: Authority, audience: DID, now: number, options: DelegateOptions): Promise<IssuedRecord> {
  const paths = options.paths ?? ['/']
  const ops = options.ops ?? ['read', 'list']
  if (paths.length === 0) throw new ClientInputError('delegate needs at least one path')
  const parent = parentChain(authority, ops)
  const expiration = grantExpiration(options, now, authority)
  const cap: StorageGrantInput['cap'] =
    options.maxBytes === undefined && options.maxUses === undefined
      ? undefined
      : { ...(options.maxBytes === undefined ? {} : { bytes: options.maxBytes }), ...(options.maxUses === undefined ? {} : { uses: options.maxUses }) }
  const grantInput: GrantInput = {
    issuer: key,
    parent,
    subject: authority.subject,
    ops,
    expiration,
    ...(options.maxSize === undefined ? {} : { maxSize: options.maxSize }),
    ...(cap === undefined ? {} : { cap }),
  }
  const [only] = paths
  const grant =
    paths.length === 1 && only !== undefined
      ? await createStorageGrant({ ...grantInput, audience, path: only })
      : await multiPathGrant(grantInput, audience, paths)

  const root = authority.root === undefined ? [] : [authority.root]
  return {
    cid: grant.head.cid.toString(),
    audience,
    subject: authority.subject,
    paths: [...paths],
    ops: [...ops],
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.maxUses === undefined ? {} : { maxUses: options.maxUses }),
    ...(options.maxSize === undefined ? {} : { maxSize: options.maxSize }),
    expiration,
    issuedAt: now,
    container: containerOf([...root.map((block) => block.bytes), ...parent.map((d) => d.bytes), ...grant.delegations.map((d) => d.bytes)]),
    witness: [...root, ...parent, grant.head].map((link) => link.cid.toString()),
    revoked: false,
  }
}

/**
 * When a grant under `authority` ends: what `options` ask, cut at the authority's own expiry (a grant cannot outlive what backs it).
 * @throws {ClientInputError} what `endTime` refuses
 */
export function grantExpiration(options: EndTimeOptions, now: number, authority: Authority): number {
  const wanted = endTime(options, now, DEFAULT_GRANT_LIFETIME)
  return authority.expiration === null ? wanted : Math.min(wanted, authority.expiration)
}

/** The one chain of `authority` that covers every operation: what the new grant hangs from. */
function parentChain(authority: Authority, ops: readonly StorageOp[]): readonly Delegation[] {
  const chains = ops.map((op) => authority.chains[op])
  const first = chains[0]
  const cids = (chain: readonly Delegation[]) => chain.map((link) => link.cid.toString()).join()
  const same = (chain: readonly Delegation[] | undefined) => chain !== undefined && first !== undefined && cids(chain) === cids(first)
  if (first === undefined || !chains.every(same)) {
    throw new ClientInputError(`no single chain of ${authority.id} covers ${ops.join(', ')}: delegate those operations separately`)
  }
  return first
}

/**
 * Several subtrees under one cap: the constraints on a delegation to a fresh
 * relay key, then one delegation per operation from it to `audience` with
 * "any of `paths`" as its policy. The relay's secret is dropped on return.
 */
async function multiPathGrant(input: GrantInput, audience: DID, paths: readonly string[]): Promise<StorageGrant> {
  const relay = await generateSigner('Ed25519')
  const outer = await createStorageGrant({ ...input, audience: relay.did(), path: '/' })
  const policy: IPLDValue[] = [['or', paths.map((path) => pathScopeStatement(path))]]
  const entries = await Promise.all(
    Object.entries(outer.chains).map(async ([op, chain]) => {
      const link = await createDelegation({
        issuer: relay,
        audience,
        subject: outer.head.payload.sub,
        command: storageCommand(op as StorageOp),
        policy,
        expiration: input.expiration,
      })
      return { op, chain: [...chain, link], link }
    }),
  )
  return {
    head: outer.head,
    delegations: [...outer.delegations, ...entries.map((entry) => entry.link)],
    chains: Object.fromEntries(entries.map((entry) => [entry.op, entry.chain])),
  }
}
