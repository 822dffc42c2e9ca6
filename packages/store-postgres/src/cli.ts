/**
 * The operator commands of `capchain-store-postgres`, apart from the
 * process so that tests run them against a real server:
 *
 *   capchain-store-postgres migrate URL
 *   capchain-store-postgres reservations URL [--before UNIX_SECONDS]
 *   capchain-store-postgres commit URL ID [--bytes N]
 *   capchain-store-postgres refund URL ID
 *
 * `reservations` prints one JSON object per open reservation; `commit`
 * keeps the reservation's charge (the work may have been served), `refund`
 * gives it back. Exit codes: 0 done, 2 usage error, 1 the store refused or
 * failed (its error code and message on stderr).
 */
import { parseArgs } from 'node:util'
import { StoreError } from '@capchain/store'
import { migrate } from './migrations/migrate.js'
import { openPostgresStore } from './store.js'

export const USAGE = `usage: capchain-store-postgres migrate URL
       capchain-store-postgres reservations URL [--before UNIX_SECONDS]
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
  const arity = command === 'migrate' || command === 'reservations' ? 2 : 3
  if (url === undefined || parsed.positionals.length !== arity || !['migrate', 'reservations', 'commit', 'refund'].includes(command ?? '')) {
    out.stderr(USAGE)
    return 2
  }
  try {
    if (command === 'migrate') {
      const { from, to } = await migrate(url)
      out.stdout(from === to ? `schema version ${to}: nothing to migrate` : `migrated from schema version ${from} to ${to}`)
      return 0
    }
    const store = await openPostgresStore({ url, poolSize: 1 })
    try {
      if (command === 'reservations') for (const reservation of await store.openReservations(before)) out.stdout(JSON.stringify(reservation))
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

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { before: { type: 'string' }, bytes: { type: 'string' } },
  })
}
