/**
 * Input checks shared by every implementation, so that memory and SQLite
 * refuse exactly the same requests (and nothing fractional, negative or
 * beyond 2^53 reaches a database column or a running total).
 */
import { StoreInputError } from './errors.js'
import type { CapExhaustion, CapLimit, ReserveRequest, RevocationRecord, Usage } from './interface.js'

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

/** @throws {StoreInputError} for any malformed field of a reservation */
export function checkReserveRequest(request: ReserveRequest): void {
  checkKey(request.id, 'reservation id')
  checkAmount(request.bytes, 'bytes')
  checkAmount(request.uses, 'uses')
  checkAmount(request.at, 'at')
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
}

/**
 * The first cap `request` would overrun given current usage, or `undefined`
 * when all fit. A dimension with no limit is bounded by 2^53 − 1 all the
 * same: a running total past it would be rounded in memory and stored
 * exactly by a database, so two stores would disagree about what was used.
 */
export function findExhaustion(request: ReserveRequest, usageOf: (cid: string) => Usage): CapExhaustion | undefined {
  for (const { cid, limit } of request.caps) {
    const used = usageOf(cid)
    const uses = limit.uses ?? Number.MAX_SAFE_INTEGER
    if (used.uses + request.uses > uses) return { cid, dimension: 'uses', limit: uses, used: used.uses, requested: request.uses }
    const bytes = limit.bytes ?? Number.MAX_SAFE_INTEGER
    if (used.bytes + request.bytes > bytes) return { cid, dimension: 'bytes', limit: bytes, used: used.bytes, requested: request.bytes }
  }
  return undefined
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
