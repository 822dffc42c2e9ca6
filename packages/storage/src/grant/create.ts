/**
 * Storage grants: delegations scoped to a path subtree, a set of
 * operations, a per-request size ceiling and optional byte/use caps.
 *
 * Operations are commands, and a policy cannot see the command, so a set of
 * operations is granted as follows (docs/storage.md, "Operations"):
 * - one operation: one delegation with that operation's command;
 * - all four: one delegation with `/storage`;
 * - two or three: a delegation with `/storage` (carrying every constraint)
 *   from the issuer to a fresh key made for this grant, and from that key
 *   one delegation per operation to the audience. The fresh key's secret is
 *   dropped once they are signed, so the audience can only use the
 *   per-operation links, and every one of them passes through the shared
 *   link: one cap for the whole grant, one CID to revoke it.
 */
import { generateSigner } from '@capchain/core/lean'
import type { DID, Signer } from '@capchain/core/principal'
import { commandCovers, createDelegation } from '@capchain/core/token'
import type { Delegation, IPLDValue } from '@capchain/core/token'
import { capStatement, checkCapGrant } from '@capchain/guard'
import type { CapLimit, UsageLedger } from '@capchain/store'
import { InvalidGrantError } from '../errors.js'
import { pathScopeStatement, sizeCeilingStatement } from '../policy/scope.js'
import { isStorageOp, STORAGE_COMMAND, STORAGE_OPS, storageCommand } from '../profile/commands.js'
import type { StorageOp } from '../profile/commands.js'

export interface StorageGrantInput {
  issuer: Signer
  audience: DID
  /** The chain that gives `issuer` its authority, root first; absent or empty when `issuer` is the subject or holds a SIWE root. */
  parent?: readonly Delegation[]
  /**
   * The chain's subject when no UCAN link names it: the wallet's did:pkh when
   * `issuer` is the session key of a SIWE root and `parent` is empty.
   * Default: the subject `parent` names, else the issuer.
   */
  subject?: DID
  ops: readonly StorageOp[]
  /** The subtree granted: this path and everything below it; `/` for all. */
  path: string
  /** Largest single read or write, in bytes. */
  maxSize?: number
  /** Totals over every invocation through this grant. */
  cap?: CapLimit
  /** Unix seconds, or `null` for a grant that never expires. */
  expiration: number | null
  notBefore?: number
  /** Current consumption, so that a cap beyond an ancestor's remainder is refused (see `checkCapGrant`). */
  ledger?: UsageLedger
}

export interface StorageGrant {
  /** Every delegation made, to send to the audience. */
  readonly delegations: readonly Delegation[]
  /** The delegation that carries the grant's constraints; revoking it withdraws the whole grant. */
  readonly head: Delegation
  /** For each granted operation, the whole chain an invocation of it lists in `prf`, root first. */
  readonly chains: Readonly<Partial<Record<StorageOp, readonly Delegation[]>>>
}

/**
 * Build and sign a storage grant.
 *
 * @throws {InvalidGrantError} no or unknown operations, a parent chain that does not end at the issuer or does not cover an operation
 * @throws {InvalidStoragePathError} `path` is not a canonical path
 * @throws {InvalidStorageArgsError} a bad `maxSize`
 * @throws {InvalidCapError | CapGrantExceededError} a bad cap, or one beyond an ancestor's remainder
 * @throws {CapchainError} what `createDelegation` raises for invalid token input
 */
export async function createStorageGrant(input: StorageGrantInput): Promise<StorageGrant> {
  const parent = input.parent ?? []
  const ops = grantedOps(input.ops)
  const subject = checkParent(parent, input.issuer.did(), ops, input.subject)
  const policy: IPLDValue[] = [pathScopeStatement(input.path)]
  if (input.maxSize !== undefined) policy.push(sizeCeilingStatement(input.maxSize))
  if (input.cap !== undefined) {
    await checkCapGrant({ parent, cap: input.cap, ...(input.ledger === undefined ? {} : { ledger: input.ledger }) })
    policy.push(capStatement(input.cap))
  }
  const common = {
    subject,
    expiration: input.expiration,
    ...(input.notBefore === undefined ? {} : { notBefore: input.notBefore }),
  }

  if (ops.length === 1 || ops.length === STORAGE_OPS.length) {
    const command = ops.length === 1 ? storageCommand(ops[0]!) : STORAGE_COMMAND
    const head = await createDelegation({ ...common, issuer: input.issuer, audience: input.audience, command, policy })
    return { delegations: [head], head, chains: Object.fromEntries(ops.map((op) => [op, [...parent, head]])) }
  }

  const relay = await generateSigner('Ed25519')
  const head = await createDelegation({ ...common, issuer: input.issuer, audience: relay.did(), command: STORAGE_COMMAND, policy })
  const perOp = await Promise.all(
    ops.map((op) => createDelegation({ ...common, issuer: relay, audience: input.audience, command: storageCommand(op) })),
  )
  return {
    delegations: [head, ...perOp],
    head,
    chains: Object.fromEntries(ops.map((op, i) => [op, [...parent, head, perOp[i]!]])),
  }
}

function grantedOps(ops: readonly StorageOp[]): StorageOp[] {
  const unique = [...new Set(ops)]
  if (unique.length === 0) throw new InvalidGrantError('a grant needs at least one operation')
  const unknown = unique.find((op) => !isStorageOp(op))
  if (unknown !== undefined) throw new InvalidGrantError(`unknown storage operation ${JSON.stringify(unknown)}`)
  // Canonical order, so equal inputs build equal grants.
  return STORAGE_OPS.filter((op) => unique.includes(op))
}

/** The chain's subject, after checking that the chain reaches `issuer` and covers every operation. */
function checkParent(parent: readonly Delegation[], issuer: DID, ops: readonly StorageOp[], subject: DID | undefined): DID {
  const last = parent.at(-1)
  if (last === undefined) return subject ?? issuer
  if (last.payload.aud !== issuer) throw new InvalidGrantError(`the parent chain is addressed to ${last.payload.aud}, not to the issuer ${issuer}`)
  for (const delegation of parent) {
    const op = ops.find((o) => !commandCovers(delegation.payload.cmd, storageCommand(o)))
    if (op !== undefined) {
      throw new InvalidGrantError(`${delegation.cid} delegates ${delegation.payload.cmd}, which does not cover ${storageCommand(op)}`)
    }
  }
  const named = parent[0]!.payload.sub ?? subject
  if (named === undefined) throw new InvalidGrantError('the parent chain starts with a powerline: say which subject it serves')
  if (subject !== undefined && subject !== named) throw new InvalidGrantError(`the parent chain is about ${named}, not ${subject}`)
  return named
}
