/**
 * The operator commands of `capchain-store-postgres`, apart from the
 * process so that tests run them against a real server:
 *
 *   capchain-store-postgres migrate URL [--drop-old]
 *   capchain-store-postgres reservations URL [--before UNIX_SECONDS]
 *   capchain-store-postgres sweep URL [--limit N] [--keep-settled-for SECONDS] [--json]
 *   capchain-store-postgres commit URL ID [--bytes N]
 *   capchain-store-postgres refund URL ID
 *
 * `migrate --drop-old` also drops the SQL functions of older releases (once
 * every instance runs this one). `reservations` prints one JSON object per
 * open reservation. `sweep` runs one `StateStore.sweep` at the current time
 * and prints what it removed (one JSON object with `--json`). `commit`
 * keeps the reservation's charge (the work may have been served), `refund`
 * gives it back. Exit codes: 0 done, 2 usage error, 1 the store refused or
 * failed (its error code and message on stderr).
 */
import { parseArgs } from 'node:util'
import { describeSweep, StoreError } from '@capchain/store'
import type { SweepResult } from '@capchain/store'
import { dropOldFunctions } from './migrations/drop-old.js'
import { migrate } from './migrations/migrate.js'
import { openPostgresStore } from './store.js'
import type { PostgresStore } from './store.js'

export const USAGE = `usage: capchain-store-postgres migrate URL [--drop-old]
       capchain-store-postgres reservations URL [--before UNIX_SECONDS]
       capchain-store-postgres sweep URL [--limit N] [--keep-settled-for SECONDS] [--json]
       capchain-store-postgres commit URL ID [--bytes N]
       capchain-store-postgres refund URL ID`

/** Where the commands write. */
export interface Output {
  stdout(line: string): void
  stderr(line: string): void
}

/**
 * Run one command; returns the exit code.
 * @throws only what is not a store's typed error (a bug)
 */
export async function runCli(argv: readonly string[], out: Output): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    out.stderr(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const [command, url, id] = parsed.positionals
  const before = parsed.values.before === undefined ? undefined : Number(parsed.values.before)
  const bytes = parsed.values.bytes === undefined ? undefined : Number(parsed.values.bytes)
  const limit = parsed.values.limit === undefined ? undefined : Number(parsed.values.limit)
  const keepSettledFor = parsed.values['keep-settled-for'] === undefined ? undefined : Number(parsed.values['keep-settled-for'])
  const arity = command === 'commit' || command === 'refund' ? 3 : 2
  if (url === undefined || parsed.positionals.length !== arity || !COMMANDS.includes(command ?? '')) {
    out.stderr(USAGE)
    return 2
  }
  try {
    if (command === 'migrate') {
      const { from, to } = await migrate(url)
      out.stdout(from === to ? `schema version ${to}: nothing to migrate` : `migrated from schema version ${from} to ${to}`)
      if (parsed.values['drop-old'] === true) for (const signature of await dropOldFunctions(url)) out.stdout(`dropped ${signature}`)
      return 0
    }
    const store = await openPostgresStore({ url, poolSize: 1 })
    try {
      if (command === 'reservations') for (const reservation of await store.openReservations(before)) out.stdout(JSON.stringify(reservation))
      else if (command === 'sweep') out.stdout(sweptLine(await sweepNow(store, limit, keepSettledFor), parsed.values.json === true))
      else if (command === 'commit') await store.ledger.commit(id ?? '', bytes)
      else await store.ledger.refund(id ?? '')
    } finally {
      await store.close()
    }
    return 0
  } catch (error) {
    if (!(error instanceof StoreError)) throw error
    out.stderr(`${error.code}: ${error.message}`)
    return 1
  }
}

const COMMANDS = ['migrate', 'reservations', 'sweep', 'commit', 'refund']

/** @throws {StoreInputError | StoreUnavailableError} */
function sweepNow(store: PostgresStore, limit: number | undefined, keepSettledFor: number | undefined): Promise<SweepResult> {
  return store.sweep({
    now: Math.floor(Date.now() / 1000),
    ...(limit === undefined ? {} : { limit }),
    ...(keepSettledFor === undefined ? {} : { keepSettledFor }),
  })
}

function sweptLine(swept: SweepResult, json: boolean): string {
  return json ? JSON.stringify(swept) : describeSweep(swept)
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      before: { type: 'string' },
      bytes: { type: 'string' },
      limit: { type: 'string' },
      'keep-settled-for': { type: 'string' },
      json: { type: 'boolean' },
      'drop-old': { type: 'boolean' },
    },
  })
}
