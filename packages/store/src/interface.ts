/**
 * The state a capchain service keeps between requests, behind three small
 * interfaces so a service can back them with memory (tests, browsers) or a
 * database file (`openSqliteStore` from `@capchain/store-sqlite`), or with its own implementation.
 *
 * Every method is asynchronous so that a networked database fits the same
 * shape; every implementation here is atomic per call.
 */

/** Named cumulative quantities (`'wei'`, `'erc20:<chainId>:<token>'`…), each a uint256. */
export type Amounts = Readonly<Record<string, bigint>>

/** The caps of one delegation; an absent dimension is unlimited. */
export interface CapLimit {
  /** Most bytes, in total, over every invocation through the delegation (per window with `period`). */
  readonly bytes?: number
  /** Most invocations through the delegation (per window with `period`). */
  readonly uses?: number
  /**
   * Seconds: every limit of the cap then applies per window
   * `[k·period, (k+1)·period)` of unix time, aligned to the epoch (86400 is
   * one UTC day). A reservation is charged to the window of its `at`, and
   * settles in that same window.
   */
  readonly period?: number
  /** Most of each named quantity, in total (per window with `period`); a name not listed is unlimited. */
  readonly amounts?: Amounts
}

/** Consumption recorded against one capped delegation in one window (open reservations included). */
export interface Usage {
  readonly bytes: number
  readonly uses: number
  /** Every named quantity whose total is not zero; absent when there is none. */
  readonly amounts?: Amounts
}

/** One capped delegation a request passes through. */
export interface CapCharge {
  /** The delegation's CID (string form): the ledger key. */
  readonly cid: string
  readonly limit: CapLimit
}

export interface ReserveRequest {
  /** Names the reservation for `commit` and `refund`; unique among open reservations (an invocation CID). */
  readonly id: string
  /** Every cap the request passes through: all are charged, or none is. */
  readonly caps: readonly CapCharge[]
  /** Bytes charged to every cap. */
  readonly bytes: number
  /** Uses charged to every cap (1 per invocation). */
  readonly uses: number
  /** Named quantities charged to every cap (a cap with no limit on a name does not limit it). */
  readonly amounts?: Amounts
  /** When the reservation was made, unix seconds: it picks the window of every periodic cap. */
  readonly at: number
}

/** Why a reservation was refused: the first cap (in request order) it would overrun, and its first dimension too short. */
export type CapExhaustion = CountExhaustion | AmountExhaustion

interface ExhaustionWindow {
  readonly cid: string
  /** For a periodic cap: the unix second its window ends and the allowance is whole again. */
  readonly resetsAt?: number
}

/** Not enough bytes or uses left. */
export interface CountExhaustion extends ExhaustionWindow {
  readonly dimension: 'bytes' | 'uses'
  readonly limit: number
  /** Already consumed or reserved. */
  readonly used: number
  readonly requested: number
}

/** Not enough of a named quantity left. */
export interface AmountExhaustion extends ExhaustionWindow {
  readonly dimension: 'amount'
  /** The quantity's name, e.g. `'wei'`. */
  readonly name: string
  readonly limit: bigint
  /** Already consumed or reserved. */
  readonly used: bigint
  readonly requested: bigint
}

export type ReserveResult = { readonly ok: true } | { readonly ok: false; readonly exhausted: CapExhaustion }

/**
 * Consumption per capped delegation. `reserve` checks every cap and charges
 * them all in one atomic step; the reservation then ends in `commit` (the
 * work was done; a smaller final byte count refunds the rest) or `refund`
 * (the work failed; everything reserved is given back).
 *
 * A reservation left open (the process died mid-request) stays charged:
 * refunding it automatically could give back bytes that were in fact
 * served, and a cap must never be overrun.
 */
export interface UsageLedger {
  /**
   * @throws {StoreInputError} an empty id, a CID listed twice, a count or limit that is not a non-negative safe integer, a named amount or its limit that is not a bigint in [0, 2^256), a bad name or period
   * @throws {DuplicateReservationError} `id` is already open
   * @throws {ReusedReservationError} `id` was settled already: an id names one reservation, until `StateStore.sweep` forgets it
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  reserve(request: ReserveRequest): Promise<ReserveResult>
  /**
   * Settle a reservation as done. With `bytes` below the reserved amount the difference is refunded (named amounts are kept whole).
   * @throws {UnknownReservationError} not open (never made, or settled already)
   * @throws {StoreInputError} `bytes` above the reservation or not a non-negative safe integer
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  commit(id: string, bytes?: number): Promise<void>
  /**
   * Settle a reservation as failed: its bytes, uses and amounts are given back to every cap, in the windows they were charged to.
   * @throws {UnknownReservationError} not open
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  refund(id: string): Promise<void>
  /**
   * Consumption of each CID in the window that starts at `window` (zero for a CID never charged there).
   * A cap without a period has the one window 0; see `windowOf` in `@capchain/store/validate`.
   * @throws {StoreInputError} `window` is not a non-negative safe integer
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  usage(cids: readonly string[], window?: number): Promise<ReadonlyMap<string, Usage>>
}

/** One accepted revocation. Kept forever: revocations are irreversible. */
export interface RevocationRecord {
  /** CID of the revoked delegation. */
  readonly cid: string
  /** The principal whose authority revoked it; it only counts in chains where this principal is upstream of `cid`. */
  readonly revoker: string
  /** When it was recorded, unix seconds. */
  readonly at: number
  /** CID of the `/ucan/revoke` invocation that carried it, for audit. */
  readonly invocation: string
}

export interface RevocationStore {
  /**
   * Record a revocation; `false` when this revoker had already revoked this CID (the first record is kept).
   * @throws {StoreInputError | StoreUnavailableError | StoreClosedError}
   */
  add(record: RevocationRecord): Promise<boolean>
  /**
   * Every record about any of `cids`, in one lookup (a verifier calls this once per chain).
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  lookup(cids: readonly string[]): Promise<readonly RevocationRecord[]>
}

/** Invocation CIDs already executed, each kept until the end of the window in which it could verify again. */
export interface ReplayStore {
  /**
   * Record `cid` as executed until `expiresAt` (unix seconds, inclusive), atomically:
   * `false` when it is already recorded with `expiresAt + DEFAULT_REPLAY_MARGIN >= now`
   * (a record is taken over only once a sweep with the default margin could delete it).
   * @throws {StoreInputError | StoreUnavailableError | StoreClosedError}
   */
  claim(cid: string, expiresAt: number, now: number): Promise<boolean>
  /**
   * Delete the records whose window ended more than `margin` seconds before
   * `now`; returns how many. `margin` (default `DEFAULT_REPLAY_MARGIN`) should
   * be at least the clock skew every instance sharing the store accepts.
   * @throws {StoreInputError} `now` or `margin` is not a non-negative integer
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  sweep(now: number, margin?: number): Promise<number>
}

/** One link of a chain, and whose revocation of it counts in that chain. */
export interface RevocationScope {
  /** The link's identity (string form): revocations are recorded under it. */
  readonly cid: string
  /** The principals whose record about `cid` revokes it in this chain; a record by anyone else is ignored. */
  readonly revokers: readonly string[]
}

/** What `admitInvocation` checks and writes for one request, in one atomic step. */
export interface AdmitRequest {
  /** Every link of the chain, root first: refused if any is revoked by one of its revokers. */
  readonly revocations: readonly RevocationScope[]
  /** The replay record, claimed as `ReplayStore.claim(cid, expiresAt, now)` claims it. */
  readonly replay: { readonly cid: string; readonly expiresAt: number; readonly now: number }
  /** The reservation, as `UsageLedger.reserve` makes it; absent when the chain has no cap. */
  readonly reservation?: ReserveRequest
}

/**
 * Admitted (the claim, and the reservation if any, are made), or the first
 * refusal in the order checked: a revoked link (its index in `revocations`,
 * the first revoked in chain order; nothing written), a replayed invocation
 * (nothing written), an exhausted cap (the claim made, no reservation: an
 * invocation is decided once, so one refused by a cap stays refused when
 * re-sent after its window turns or a sibling's reservation is refunded;
 * test-vectors/sequences.json, "replay").
 */
export type AdmitResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly refused: 'revoked'; readonly link: number }
  | { readonly ok: false; readonly refused: 'replayed' }
  | { readonly ok: false; readonly refused: 'exhausted'; readonly exhausted: CapExhaustion }

/** What `StateStore.sweep` may remove, and how much of it in one call. */
export interface SweepOptions {
  /** The sweeping instance's time, unix seconds. */
  readonly now: number
  /**
   * Seconds past the end of a replay record's window, or past the start of a
   * later cap window, before a record or a closed window may go: at least the
   * clock skew of every instance sharing the store. Default `DEFAULT_REPLAY_MARGIN`.
   */
  readonly margin?: number
  /** Seconds a settled reservation id is kept at least, from its reservation's `at`. Default `DEFAULT_KEEP_SETTLED_FOR`. */
  readonly keepSettledFor?: number
  /** Most rows of each kind one call removes (the work, and on a database the time a lock is held, stay bounded). Default `DEFAULT_SWEEP_LIMIT`. */
  readonly limit?: number
}

/** How many of each kind one sweep removed; revocations are never removed. */
export interface SweepResult {
  /** Replay records whose window ended more than `margin` before `now`. */
  readonly replay: number
  /** Settled reservation ids older than `keepSettledFor`, with no replay record of the same CID left. */
  readonly settled: number
  /** Closed windows of periodic caps (with their named amounts) that no open reservation charged. */
  readonly windows: number
}

/** The three stores over one backing database, and its lifetime. */
export interface StateStore {
  readonly ledger: UsageLedger
  readonly revocations: RevocationStore
  readonly replay: ReplayStore
  /**
   * A request's revocation check, replay claim and reservation in one
   * atomic step (one round trip to a networked database), with the writes
   * `AdmitResult` states for each outcome; on an error, none. Optional:
   * `admitInvocationIn` composes the three calls for a store without it
   * (three round trips, the same outcomes, not atomic across them).
   * @throws {StoreInputError} what `claim` or `reserve` refuses, or a scope with an empty CID or revoker
   * @throws {DuplicateReservationError | ReusedReservationError} as `reserve` (nothing written)
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  admitInvocation?(request: AdmitRequest): Promise<AdmitResult>
  /**
   * Remove state no request can need again, at most `limit` rows of each
   * kind (call again while a count equals `limit`): replay records past
   * their window (as `ReplayStore.sweep`), settled reservation ids (an
   * invocation CID's id is kept while its replay record is, so a re-sent
   * invocation is refused as a replay first; at most `limit` ids are
   * examined per call, from where the store's previous call stopped, so
   * here a count below `limit` does not mean that none is left), and
   * closed windows of periodic caps: a window other than window 0 (a cap
   * without a period has only that one) goes once a later window of the
   * same cap started more than `margin` before `now` (a cap's period is fixed by its
   * delegation, so that window has ended for every instance within the
   * skew) and no open reservation charged it. Open reservations, the
   * newest window of every cap and every revocation are kept: a revocation
   * record does not say when the delegation it revokes expires, and keeping
   * one is always safe. Optional, like `admitInvocation`.
   * @throws {StoreInputError} `now`, `margin`, `keepSettledFor` or `limit` is not a non-negative safe integer, or `limit` is 0
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  sweep?(options: SweepOptions): Promise<SweepResult>
  /** Release the database; later calls throw `StoreClosedError`. Idempotent. */
  close(): Promise<void>
}
