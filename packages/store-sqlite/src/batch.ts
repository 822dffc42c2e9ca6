import type { Database, Statement } from 'better-sqlite3'
import { StoreError, StoreUnavailableError } from '@capchain/store'

/** One queued call: its statements, and how to tell its caller the outcome. */
export interface Unit {
  /** Runs the call's statements; what it returns or throws is the call's outcome. */
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (error: StoreError) => void
}

/** The transaction-control statements a batch runs, prepared once per connection. */
export interface BatchStatements {
  readonly db: Database
  readonly begin: Statement
  readonly commit: Statement
  readonly rollback: Statement
  readonly savepoint: Statement
  readonly release: Statement
  readonly rollbackTo: Statement
}

/** Prepare the statements {@link runBatch} needs on `db`. */
export function prepareBatchStatements(db: Database): BatchStatements {
  return {
    db,
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT unit'),
    release: db.prepare('RELEASE unit'),
    rollbackTo: db.prepare('ROLLBACK TO unit'),
  }
}

/**
 * Run `units` in order in one IMMEDIATE transaction (one write lock), each
 * inside its own savepoint: a unit that throws rolls back only its own
 * writes and will be rejected with its error, while the others commit.
 * Units see the writes of the units before them.
 *
 * Nobody is told anything here: the caller settles the units, through the
 * function returned, once the committed batch is on disk (a caller told
 * "claimed" or "reserved" must find it there after a power loss). If the
 * transaction cannot be begun (the lock stayed busy past the timeout), is
 * lost midway, or cannot be committed, nothing of the batch was written,
 * every unit is rejected with `StoreUnavailableError` at once, and
 * `undefined` is returned.
 *
 * Never throws: every outcome goes to a unit's `resolve` or `reject`.
 */
export function runBatch(statements: BatchStatements, units: readonly Unit[], unitEnded: (rolledBack: boolean) => void): (() => void) | undefined {
  let settlements: (() => void)[]
  try {
    statements.begin.run()
    settlements = units.map((unit) => runUnit(statements, unit, unitEnded))
    statements.commit.run()
  } catch (error) {
    abandon(statements)
    rejectAll(units, new StoreUnavailableError(error))
    return undefined
  }
  return () => {
    for (const settle of settlements) settle()
  }
}

/**
 * Run one unit inside a savepoint, then tell `unitEnded` whether it was
 * rolled back; returns how to tell its caller, after COMMIT.
 * @throws the driver's error when the whole transaction is gone (SQLite rolls
 *   it back itself on some I/O and memory errors): the batch cannot commit
 */
function runUnit(statements: BatchStatements, unit: Unit, unitEnded: (rolledBack: boolean) => void): () => void {
  statements.savepoint.run()
  try {
    const value = unit.work()
    statements.release.run()
    unitEnded(false)
    return () => unit.resolve(value)
  } catch (error) {
    if (!statements.db.inTransaction) throw error
    statements.rollbackTo.run()
    statements.release.run()
    unitEnded(true)
    const typed = error instanceof StoreError ? error : new StoreUnavailableError(error)
    return () => unit.reject(typed)
  }
}

/** Roll back whatever is left of a failed batch, so the next one starts clean. */
function abandon(statements: BatchStatements): void {
  if (!statements.db.inTransaction) return
  try {
    statements.rollback.run()
  } catch {
    // The batch is reported failed either way. A transaction a failed
    // ROLLBACK left open makes the next BEGIN fail too, so later batches are
    // reported unavailable rather than ever reported written.
  }
}

/** Tell every unit of a batch that it failed with `error`. */
export function rejectAll(units: readonly Unit[], error: StoreError): void {
  for (const unit of units) unit.reject(error)
}
