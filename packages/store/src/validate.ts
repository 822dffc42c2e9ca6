/**
 * Input checks shared by every implementation, so that memory and SQLite
 * refuse exactly the same requests (and nothing fractional, negative or
 * beyond 2^53 reaches a database column or a running total).
 */
import { StoreInputError } from './errors.js'
import type { AdmitRequest, Amounts, CapExhaustion, CapLimit, ReserveRequest, RevocationRecord, RevocationScope, SweepOptions, Usage } from './interface.js'
import { DEFAULT_REPLAY_MARGIN } from './replay-margin.js'
import { DEFAULT_KEEP_SETTLED_FOR, DEFAULT_SWEEP_LIMIT } from './sweep/defaults.js'

/** One more than the largest named amount: amounts are uint256, as on an EVM chain. */
export const AMOUNT_BOUND = 1n << 256n

// Printable ASCII without spaces, short: a name is a ledger key and shows in a refusal.
const AMOUNT_NAME = /^[\x21-\x7e]{1,128}$/

/** @throws {StoreInputError} unless `value` is a non-negative safe integer */
export function checkAmount(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StoreInputError(`${what} must be a non-negative safe integer, got ${String(value)}`)
  }
}

/** @throws {StoreInputError} unless `value` is a non-empty string */
export function checkKey(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new StoreInputError(`${what} must be a non-empty string`)
}

/** @throws {StoreInputError} unless `value` is a bigint in [0, 2^256) */
export function checkUint256(value: unknown, what: string): asserts value is bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= AMOUNT_BOUND) {
    throw new StoreInputError(`${what} must be a bigint in [0, 2^256), got ${String(value)}`)
  }
}

/** @throws {StoreInputError} a name that is not 1–128 printable ASCII characters, or an amount out of the uint256 range */
export function checkAmounts(amounts: Amounts | undefined, what: string): void {
  if (amounts === undefined) return
  if (typeof amounts !== 'object' || amounts === null) throw new StoreInputError(`${what} must be a record of amounts`)
  for (const [name, value] of Object.entries(amounts)) {
    if (!AMOUNT_NAME.test(name)) throw new StoreInputError(`${what}: ${JSON.stringify(name)} is not 1 to 128 printable ASCII characters`)
    checkUint256(value, `${what} ${name}`)
  }
}

/** @throws {StoreInputError} unless `period` is absent or a positive safe integer */
export function checkPeriod(period: unknown, what: string): void {
  if (period === undefined) return
  checkAmount(period, what)
  if (period === 0) throw new StoreInputError(`${what} must be positive`)
}

/**
 * Start of the window of a cap at `at` (unix seconds): windows are aligned
 * to the epoch, so every store and every instance agrees on them without
 * sharing a clock or a first-use time; 0 for a cap without a period (its one window).
 */
export function windowOf(limit: CapLimit, at: number): number {
  return limit.period === undefined ? 0 : at - (at % limit.period)
}

/** @throws {StoreInputError} for any malformed field of a reservation */
export function checkReserveRequest(request: ReserveRequest): void {
  checkKey(request.id, 'reservation id')
  checkAmount(request.bytes, 'bytes')
  checkAmount(request.uses, 'uses')
  checkAmount(request.at, 'at')
  checkAmounts(request.amounts, 'amount')
  const seen = new Set<string>()
  for (const cap of request.caps) {
    checkKey(cap.cid, 'cap cid')
    // One chain never holds a delegation twice; a repeat here would charge it twice.
    if (seen.has(cap.cid)) throw new StoreInputError(`cap ${cap.cid} is listed twice`)
    seen.add(cap.cid)
    checkLimit(cap.limit, cap.cid)
  }
}

function checkLimit(limit: CapLimit, cid: string): void {
  if (limit.bytes !== undefined) checkAmount(limit.bytes, `byte limit of ${cid}`)
  if (limit.uses !== undefined) checkAmount(limit.uses, `use limit of ${cid}`)
  checkPeriod(limit.period, `period of ${cid}`)
  checkAmounts(limit.amounts, `amount limit of ${cid}`)
}

/**
 * The first cap `request` would overrun given the usage of the cap's window
 * at `request.at`, or `undefined` when all fit. A dimension with no limit is
 * bounded all the same, bytes and uses by 2^53 − 1 (a running total past it
 * would be rounded in memory and stored exactly by a database, so two stores
 * would disagree about what was used), amounts by 2^256 − 1 (the column's range).
 */
export function findExhaustion(request: ReserveRequest, usageOf: (cid: string, window: number) => Usage): CapExhaustion | undefined {
  for (const { cid, limit } of request.caps) {
    const used = usageOf(cid, windowOf(limit, request.at))
    const window = limit.period === undefined ? {} : { resetsAt: windowOf(limit, request.at) + limit.period }
    const uses = limit.uses ?? Number.MAX_SAFE_INTEGER
    if (used.uses + request.uses > uses) return { cid, dimension: 'uses', limit: uses, used: used.uses, requested: request.uses, ...window }
    const bytes = limit.bytes ?? Number.MAX_SAFE_INTEGER
    if (used.bytes + request.bytes > bytes) return { cid, dimension: 'bytes', limit: bytes, used: used.bytes, requested: request.bytes, ...window }
    for (const [name, requested] of Object.entries(request.amounts ?? {})) {
      const most = amountOf(limit.amounts, name) ?? AMOUNT_BOUND - 1n
      const spent = amountOf(used.amounts, name) ?? 0n
      if (spent + requested > most) return { cid, dimension: 'amount', name, limit: most, used: spent, requested, ...window }
    }
  }
  return undefined
}

/** The amount named `name`, own properties only: `constructor` or `__proto__` is a name like any other, never an inherited value. */
export function amountOf(amounts: Amounts | undefined, name: string): bigint | undefined {
  return amounts !== undefined && Object.hasOwn(amounts, name) ? amounts[name] : undefined
}

/**
 * `usage` with `bytes`, `uses` and `amounts` added (negative to give back),
 * keeping only the amounts that are not zero, as `UsageLedger.usage` reports them.
 */
export function addUsage(usage: Usage, bytes: number, uses: number, amounts: Amounts | undefined, sign: 1n | -1n): Usage {
  // A Map, not an object: a name such as `__proto__` must stay a plain key.
  const totals = new Map(Object.entries(usage.amounts ?? {}))
  for (const [name, amount] of Object.entries(amounts ?? {})) totals.set(name, (totals.get(name) ?? 0n) + sign * amount)
  const kept = [...totals].filter(([, amount]) => amount !== 0n)
  const sum = { bytes: usage.bytes + bytes, uses: usage.uses + uses }
  return kept.length === 0 ? sum : { ...sum, amounts: Object.fromEntries(kept) }
}

/**
 * Bytes to give back when a reservation of `reserved` bytes is committed
 * with a final count of `final` (all of it kept when `final` is absent).
 *
 * @throws {StoreInputError} `final` is not an amount, or exceeds what was reserved (it was never checked against the caps)
 */
export function refundOnCommit(reserved: number, final: number | undefined): number {
  if (final === undefined) return 0
  checkAmount(final, 'committed bytes')
  if (final > reserved) throw new StoreInputError(`cannot commit ${final} bytes: only ${reserved} were reserved`)
  return reserved - final
}

/** @throws {StoreInputError} for an empty field or a bad time */
export function checkRecord(record: RevocationRecord): void {
  checkKey(record.cid, 'revoked cid')
  checkKey(record.revoker, 'revoker')
  checkKey(record.invocation, 'revocation invocation cid')
  checkAmount(record.at, 'revocation time')
}

/** @throws {StoreInputError} for an empty CID or a bad time */
export function checkClaim(cid: string, expiresAt: number, now: number): void {
  checkKey(cid, 'invocation cid')
  checkAmount(expiresAt, 'expiresAt')
  checkAmount(now, 'now')
}

/** @throws {StoreInputError} what `claim` or `reserve` refuses, or a scope with an empty CID or revoker */
export function checkAdmitRequest(request: AdmitRequest): void {
  for (const scope of request.revocations) {
    checkKey(scope.cid, 'link cid')
    for (const revoker of scope.revokers) checkKey(revoker, 'revoker')
  }
  checkClaim(request.replay.cid, request.replay.expiresAt, request.replay.now)
  if (request.reservation !== undefined) checkReserveRequest(request.reservation)
}

/**
 * The index of the first scope (chain order) that one of its revokers has
 * revoked, given `records` holding at least every record about the scopes' CIDs.
 */
export function firstRevoked(scopes: readonly RevocationScope[], records: readonly Pick<RevocationRecord, 'cid' | 'revoker'>[]): number | undefined {
  const index = scopes.findIndex((scope) => records.some((record) => record.cid === scope.cid && scope.revokers.includes(record.revoker)))
  return index === -1 ? undefined : index
}

/** `SweepOptions` with every default filled in. */
export interface SweepPlan {
  readonly now: number
  readonly margin: number
  readonly keepSettledFor: number
  readonly limit: number
}

/** @throws {StoreInputError} a field that is not a non-negative safe integer, or a `limit` of 0 */
export function checkSweepOptions(options: SweepOptions): SweepPlan {
  const plan = {
    now: options.now,
    margin: options.margin ?? DEFAULT_REPLAY_MARGIN,
    keepSettledFor: options.keepSettledFor ?? DEFAULT_KEEP_SETTLED_FOR,
    limit: options.limit ?? DEFAULT_SWEEP_LIMIT,
  }
  for (const [name, value] of Object.entries(plan)) checkAmount(value, name)
  if (plan.limit === 0) throw new StoreInputError('limit must be positive')
  return plan
}
