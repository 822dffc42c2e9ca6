/**
 * `capchain-storage sweep`: one `StateStore.sweep` of a service's store, for
 * an operator (the service itself sweeps every `sweepIntervalMs`):
 *
 *   capchain-storage sweep (--store postgres://… | --data DIR) [--limit N] [--keep-settled-for SECONDS] [--json]
 *
 * `--store` (or `CAPCHAIN_STORE_URL`) names the shared PostgreSQL store,
 * `--data` an instance's own SQLite store (`<DIR>/state.db`). It prints how
 * many replay records, settled reservation ids and closed cap windows it
 * removed (one JSON object with `--json`). Exit codes: 0 done, 2 usage
 * error, 1 the store refused or failed (its error code and message on stderr).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_CLOCK_SKEW } from '@capchain/verifier'
import { describeSweep, StoreError } from '@capchain/store'
import type { StateStore, SweepResult } from '@capchain/store'
import { openPostgresStore } from '@capchain/store-postgres'
import { openSqliteStore } from '@capchain/store-sqlite'

export const SWEEP_USAGE =
  'usage: capchain-storage sweep (--store postgres://… | --data DIR) [--limit N] [--keep-settled-for SECONDS] [--json]'

/** Where the command writes. */
export interface SweepOutput {
  stdout(line: string): void
  stderr(line: string): void
}

/**
 * Run the command with `argv` (after `sweep`); `env` supplies `CAPCHAIN_STORE_URL`. Returns the exit code.
 * @throws only what is not a store's typed error (a bug)
 */
export async function runSweep(argv: readonly string[], env: NodeJS.ProcessEnv, out: SweepOutput): Promise<number> {
  let values: ReturnType<typeof parse>['values']
  try {
    ;({ values } = parse(argv))
  } catch (error) {
    out.stderr(`${(error as Error).message}\n${SWEEP_USAGE}`)
    return 2
  }
  const url = values.store ?? (env['CAPCHAIN_STORE_URL'] === '' ? undefined : env['CAPCHAIN_STORE_URL'])
  if ((url === undefined) === (values.data === undefined) || (url !== undefined && !/^postgres(ql)?:\/\//.test(url))) {
    out.stderr(SWEEP_USAGE)
    return 2
  }
  const state = values.data === undefined ? undefined : join(values.data, 'state.db')
  // Opening a missing file would create an empty store: sweeping it says nothing true.
  if (state !== undefined && !existsSync(state)) {
    out.stderr(`no store at ${state}`)
    return 1
  }
  try {
    const store: StateStore = state === undefined ? await openPostgresStore({ url: url ?? '', poolSize: 1 }) : openSqliteStore(state)
    try {
      const swept = await sweepOnce(store, values.limit, values['keep-settled-for'])
      out.stdout(values.json === true ? JSON.stringify(swept) : describeSweep(swept))
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

/**
 * One sweep now, with the service's own margin (its clock skew).
 * @throws {StoreInputError} a limit or keep time that is not a non-negative integer (a limit of 0 too)
 * @throws {StoreUnavailableError | StoreClosedError}
 */
async function sweepOnce(store: StateStore, limit: string | undefined, keepSettledFor: string | undefined): Promise<SweepResult> {
  // Every store of this repository sweeps; a replay-only sweep would report nothing on the other kinds.
  if (store.sweep === undefined) throw new Error('this store cannot sweep')
  return store.sweep({
    now: Math.floor(Date.now() / 1000),
    margin: DEFAULT_CLOCK_SKEW,
    ...(limit === undefined ? {} : { limit: Number(limit) }),
    ...(keepSettledFor === undefined ? {} : { keepSettledFor: Number(keepSettledFor) }),
  })
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      store: { type: 'string' },
      data: { type: 'string' },
      limit: { type: 'string' },
      'keep-settled-for': { type: 'string' },
      json: { type: 'boolean' },
    },
  })
}
