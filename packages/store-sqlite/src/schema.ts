/**
 * The SQLite schema, version 2 (version 1 files are migrated in place). `PRAGMA user_version` holds the version so
 * that a file written by an incompatible release is refused rather than
 * misread. Every table is STRICT (a column holds only its declared type) and
 * every amount is checked non-negative by the database as well.
 */
import type { Database } from 'better-sqlite3'
import { StoreSchemaError } from '@capchain/store'

export const SCHEMA_VERSION = 2

// Version 2: ids of committed or refunded reservations, so that an id is never reserved again.
const SETTLED_RESERVATIONS = `
CREATE TABLE settled_reservations (
  id          TEXT PRIMARY KEY,
  reserved_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`

const SCHEMA = `
-- Consumption per capped delegation, open reservations included.
CREATE TABLE cap_usage (
  cid   TEXT PRIMARY KEY,
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  uses  INTEGER NOT NULL CHECK (uses >= 0)
) STRICT;

-- Reservations not yet committed or refunded, and the caps each one charged.
CREATE TABLE reservations (
  id         TEXT PRIMARY KEY,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  uses       INTEGER NOT NULL CHECK (uses >= 0),
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE reservation_caps (
  reservation TEXT NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  cid         TEXT NOT NULL REFERENCES cap_usage (cid),
  PRIMARY KEY (reservation, cid)
) STRICT, WITHOUT ROWID;
${SETTLED_RESERVATIONS}
-- Accepted revocations, append-only: one row per (revoked delegation, revoker).
CREATE TABLE revocations (
  cid        TEXT NOT NULL,
  revoker    TEXT NOT NULL,
  revoked_at INTEGER NOT NULL,
  invocation TEXT NOT NULL,
  PRIMARY KEY (cid, revoker)
) STRICT, WITHOUT ROWID;

-- Executed invocation CIDs until the end of their validity window.
CREATE TABLE replay (
  cid        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX replay_expiry ON replay (expires_at);
`

/**
 * Create the schema in an empty database, migrate a version 1 one, or
 * check the version of an existing one. Runs in an IMMEDIATE transaction, so processes opening one
 * new file together create it once.
 *
 * @throws {StoreSchemaError} the file has another schema version
 */
export function migrate(db: Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version === SCHEMA_VERSION) return
    if (version === 1) db.exec(SETTLED_RESERVATIONS)
    else if (version === 0) db.exec(SCHEMA)
    else throw new StoreSchemaError(version, SCHEMA_VERSION)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
