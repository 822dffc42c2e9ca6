import pg from 'pg'
import { StoreError, StoreSchemaError, StoreUnavailableError } from '@capchain/store'
import { FUNCTIONS } from './functions.js'
import { SCHEMA_VERSION } from './list.js'
import { MIGRATION_LOCK, migrateWith } from './migrate.js'

/**
 * Migrate the database at `url` (as `migrate`), then drop every `capchain_*`
 * function of its schema that this release does not call: the functions
 * kept for instances of older releases during a rolling upgrade. Run it
 * once every instance runs this release or a later one (`migrate
 * --drop-old`); an instance still on an older release then fails its
 * requests with `StoreUnavailableError`, and refuses to start.
 *
 * @returns the dropped functions' signatures
 * @throws {StoreSchemaError} the database has a newer schema than this release reads (a newer release's functions are never dropped)
 * @throws {StoreUnavailableError} the database cannot be reached or a statement failed
 */
export async function dropOldFunctions(url: string): Promise<readonly string[]> {
  const client = new pg.Client({ connectionString: url })
  // A connection lost between statements is reported by the failing statement; without a listener it would also crash the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
    await migrateWith(client)
    await client.query('BEGIN')
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      // Read again under the lock: a newer release may have migrated since.
      const found = await client.query<{ version: number }>('SELECT max(version) AS version FROM capchain_schema')
      const version = found.rows[0]?.version ?? 0
      if (version > SCHEMA_VERSION) throw new StoreSchemaError(version, SCHEMA_VERSION)
      const old = await client.query<{ signature: string }>(
        `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
         WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'capchain\\_%' AND NOT (p.proname = ANY ($1))
         ORDER BY 1`,
        [Object.values(FUNCTIONS)],
      )
      for (const { signature } of old.rows) await client.query(`DROP FUNCTION ${signature}`)
      await client.query('COMMIT')
      return old.rows.map((row) => row.signature)
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  } catch (error) {
    if (error instanceof StoreError) throw error
    throw new StoreUnavailableError(error)
  } finally {
    await client.end().catch(() => undefined)
  }
}
