import pg from 'pg'
import { StoreError, StoreSchemaError, StoreUnavailableError } from '@capchain/store'
import { MIGRATIONS, SCHEMA_VERSION } from './list.js'

/** Key of the advisory lock every starting instance takes, so that one at a time migrates. */
export const MIGRATION_LOCK = 0x63617063

/**
 * Bring the database on `client` to {@link SCHEMA_VERSION}, in one
 * transaction under a transaction-scoped advisory lock: instances starting
 * together migrate one after the other (the later ones find nothing to do),
 * and a migration that fails leaves the previous version whole.
 *
 * @returns the version the database had before
 * @throws {StoreSchemaError} the database has a newer schema than this release reads
 * @throws the driver's error when a statement fails
 */
export async function migrateWith(client: pg.ClientBase): Promise<number> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(
      'CREATE TABLE IF NOT EXISTS capchain_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const found = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM capchain_schema')
    const version = found.rows[0]?.version ?? 0
    if (version > SCHEMA_VERSION) throw new StoreSchemaError(version, SCHEMA_VERSION)
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (index < version) continue
      await client.query(sql)
      await client.query('INSERT INTO capchain_schema (version) VALUES ($1)', [index + 1])
    }
    await client.query('COMMIT')
    return version
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

/**
 * Apply the pending migrations to the database at `url`, for operators who
 * migrate by hand before starting the service (`capchain-store-postgres
 * migrate <url>`); `openPostgresStore` does the same at start.
 *
 * @returns the version the database had before, and the one it has now
 * @throws {StoreSchemaError} the database has a newer schema than this release reads
 * @throws {StoreUnavailableError} the database cannot be reached or a migration failed
 */
export async function migrate(url: string): Promise<{ from: number; to: number }> {
  const client = new pg.Client({ connectionString: url })
  // A connection lost between statements is reported by the failing statement; without a listener it would also crash the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
    return { from: await migrateWith(client), to: SCHEMA_VERSION }
  } catch (error) {
    if (error instanceof StoreError) throw error
    throw new StoreUnavailableError(error)
  } finally {
    await client.end().catch(() => undefined)
  }
}
