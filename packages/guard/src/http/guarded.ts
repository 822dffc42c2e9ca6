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
  return new Guarded(granted, checkedLinks, recheck)
}

/**
 * A class, not an object literal with getters: V8 builds such a literal in
 * dictionary mode, at about 1.6 µs per request, and every read of it is a
 * slow lookup. The methods are bound fields, so a handler may pass them on
 * detached (`res.on('close', auth.refund)`).
 */
class Guarded implements GuardedAuthorization {
  readonly subject: DID
  readonly issuer: DID
  readonly command: string
  readonly args: IPLDMap
  readonly chain: AuthorizedInvocation
  readonly expiration: number | null
  readonly bytes: number
  readonly settle: GuardedAuthorization['settle']
  readonly refund: GuardedAuthorization['refund']
  readonly recheckRevocation: GuardedAuthorization['recheckRevocation']
  #settled = false
  #links: readonly ChainLink[]

  constructor(granted: Authorization, checkedLinks: readonly ChainLink[], recheck: () => Promise<GuardResult<void>>) {
    const { authorization, reservation } = granted
    this.subject = authorization.subject
    this.issuer = authorization.issuer
    this.command = authorization.command
    this.args = authorization.args
    this.chain = authorization
    this.expiration = authorization.expiration
    this.bytes = granted.bytes
    this.#links = checkedLinks
    this.settle = async (sent) => {
      await reservation.commit(sent)
      this.#settled = true
    }
    this.refund = async () => {
      await reservation.refund()
      this.#settled = true
    }
    this.recheckRevocation = async () => {
      const result = await recheck()
      this.#links = result.links
      if (!result.ok) throw result.error
    }
  }

  get links(): readonly ChainLink[] {
    return this.#links
  }

  get settled(): boolean {
    return this.#settled
  }
}
