/**
 * What a guarded handler receives, the same in every adapter: who invokes
 * what for whom, and the settlement of what the guard reserved.
 */
import type { DID } from '@capchain/core/principal'
import type { IPLDMap } from '@capchain/core/token'
import type { AuthorizedInvocation, ChainLink } from '@capchain/verifier'
import type { Authorization, GuardResult } from '../interface.js'

export interface GuardedAuthorization {
  /** Whose authority the request exercises: the chain's root. */
  readonly subject: DID
  /** The invoker. */
  readonly issuer: DID
  readonly command: string
  /** The invocation's args, equal to the route's for the keys it names. */
  readonly args: IPLDMap
  /** What the verifier authorized: the chain's CIDs and delegations, root first. */
  readonly chain: AuthorizedInvocation
  /** Earliest `exp` over the chain, `null` when none expires. */
  readonly expiration: number | null
  /** Bytes reserved on every cap of the chain. */
  readonly bytes: number
  /** The chain as the check decoded it, root first (the last recheck's once one ran): what explains a refusal after the check. */
  readonly links: readonly ChainLink[]
  /** Whether `settle` or `refund` ran (the adapter settles what the handler left). */
  readonly settled: boolean
  /**
   * Charge the caps `sent` bytes (at most `bytes`; default all) and one use, giving back the rest.
   * @throws {ReservationAmountError} `sent` above `bytes` or not a non-negative safe integer (nothing settled)
   * @throws {ReservationSettledError} settled already
   * @throws {StoreError} the ledger failed
   */
  settle(sent?: number): Promise<void>
  /**
   * Give back the bytes and the use: the request did nothing.
   * @throws {ReservationSettledError} settled already
   * @throws {StoreError} the ledger failed
   */
  refund(): Promise<void>
  /**
   * Whether the chain is still unrevoked, asked as the check asked it, at
   * the check's time (`recheckRevocation`): for an operation long enough
   * (an upload) for a revocation to arrive before it takes effect. On a
   * denial, settle nothing but `refund`.
   * @throws {CapchainError} the denial (`RevokedError`) of a chain revoked since the check
   */
  recheckRevocation(): Promise<void>
}

/**
 * The handler's view of an authorization the pipeline returned, with the
 * links it decoded and the revocation recheck of the same request.
 */
export function guardedAuthorization(
  granted: Authorization,
  checkedLinks: readonly ChainLink[],
  recheck: () => Promise<GuardResult<void>>,
): GuardedAuthorization {
  const { authorization, reservation } = granted
  let settled = false
  let links = checkedLinks
  return {
    subject: authorization.subject,
    issuer: authorization.issuer,
    command: authorization.command,
    args: authorization.args,
    chain: authorization,
    expiration: authorization.expiration,
    bytes: granted.bytes,
    get links() {
      return links
    },
    get settled() {
      return settled
    },
    async settle(sent) {
      await reservation.commit(sent)
      settled = true
    },
    async refund() {
      await reservation.refund()
      settled = true
    },
    async recheckRevocation() {
      const result = await recheck()
      links = result.links
      if (!result.ok) throw result.error
    },
  }
}
