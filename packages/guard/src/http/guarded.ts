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
 * links it decoded and the revocation recheck of the same request. Its
 * methods are closures, so a handler may pass them on detached
 * (`res.on('close', auth.refund)`).
 *
 * An object literal with data properties: with getters V8 builds it in
 * dictionary mode (about 1.6 µs a request, every read a slow lookup); as a
 * class instance, in Node 20 (V8 11.3), each request's objects survived
 * young-generation collections through it: 1.4–2.2 MB copied and promoted
 * per scavenge under load, against 55 KB for this literal (the same as
 * with `--no-allocation-site-pretenuring`), about 13 µs of server CPU per
 * request. `settled` and `links` are written by its own methods only.
 */
export function guardedAuthorization(
  granted: Authorization,
  checkedLinks: readonly ChainLink[],
  recheck: () => Promise<GuardResult<void>>,
): GuardedAuthorization {
  const { authorization, reservation } = granted
  const auth: Omit<GuardedAuthorization, 'settled' | 'links'> & { settled: boolean; links: readonly ChainLink[] } = {
    subject: authorization.subject,
    issuer: authorization.issuer,
    command: authorization.command,
    args: authorization.args,
    chain: authorization,
    expiration: authorization.expiration,
    bytes: granted.bytes,
    links: checkedLinks,
    settled: false,
    settle: async (sent) => {
      await reservation.commit(sent)
      auth.settled = true
    },
    refund: async () => {
      await reservation.refund()
      auth.settled = true
    },
    recheckRevocation: async () => {
      const result = await recheck()
      auth.links = result.links
      if (!result.ok) throw result.error
    },
  }
  return auth
}
