/**
 * The SQLite schema, version 5 (version 1 to 4 files are migrated in place). `PRAGMA user_version` holds the version so
 * that a file written by an incompatible release is refused rather than
 * misread. Every table is STRICT (a column holds only its declared type) and
 * every amount is checked non-negative by the database as well.
 */
import type { Database } from 'better-sqlite3'
import { StoreSchemaError } from '@capchain/store'

export const SCHEMA_VERSION = 5

// Version 5: replay records as an append-only log, read into an index by each process (replay.ts says why).
// `seq` is AUTOINCREMENT so that it is never reused, even once the newest rows are swept: a process reads the rows past the last `seq` it read.
const REPLAY_LOG = `
CREATE TABLE replay_log (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  cid        TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX replay_log_expiry ON replay_log (expires_at);
INSERT INTO replay_log (cid, expires_at) SELECT cid, expires_at FROM replay ORDER BY expires_at;
DROP TABLE replay;
`

// Version 4: the sweep finds settled ids by age without reading every one, under the write lock.
const SWEEP_INDEX = `
CREATE INDEX settled_reserved_at ON settled_reservations (reserved_at);
`

// Version 2: ids of committed or refunded reservations, so that an id is never reserved again.
const SETTLED_RESERVATIONS = `
CREATE TABLE settled_reservations (
  id          TEXT PRIMARY KEY,
  reserved_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`

// Version 3: usage per (cap, window) for periodic caps (window 0: a cap without a period), and named
// uint256 amounts as canonical decimal TEXT (an INTEGER is 64-bit; the sums are exact bigints in the
// write transaction). Version 2's totals and open reservations move to window 0.
const WINDOWS = `
CREATE TABLE cap_windows (
  cid          TEXT NOT NULL,
  window_start INTEGER NOT NULL CHECK (window_start >= 0),
  bytes        INTEGER NOT NULL CHECK (bytes >= 0),
  uses         INTEGER NOT NULL CHECK (uses >= 0),
  PRIMARY KEY (cid, window_start)
) STRICT, WITHOUT ROWID;
CREATE TABLE cap_amounts (
  cid          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  name         TEXT NOT NULL,
  amount       TEXT NOT NULL CHECK (amount <> '' AND amount NOT GLOB '*[^0-9]*'),
  PRIMARY KEY (cid, window_start, name),
  FOREIGN KEY (cid, window_start) REFERENCES cap_windows (cid, window_start)
) STRICT, WITHOUT ROWID;
CREATE TABLE reservation_windows (
  reservation  TEXT NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  cid          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  PRIMARY KEY (reservation, cid),
  FOREIGN KEY (cid, window_start) REFERENCES cap_windows (cid, window_start)
) STRICT, WITHOUT ROWID;
CREATE TABLE reservation_amounts (
  reservation TEXT NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  amount      TEXT NOT NULL CHECK (amount <> '' AND amount NOT GLOB '*[^0-9]*'),
  PRIMARY KEY (reservation, name)
) STRICT, WITHOUT ROWID;
INSERT INTO cap_windows (cid, window_start, bytes, uses) SELECT cid, 0, bytes, uses FROM cap_usage;
INSERT INTO reservation_windows (reservation, cid, window_start) SELECT reservation, cid, 0 FROM reservation_caps;
DROP TABLE reservation_caps;
DROP TABLE cap_usage;
`

// Version 2, which version 3 then migrates: a new file goes through the same steps as an old one.
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
 * Create the schema in an empty database, migrate a version 1 to 4 one, or
 * check the version of an existing one. Runs in an IMMEDIATE transaction, so processes opening one
 * new file together create it once.
 *
 * @throws {StoreSchemaError} the file has another schema version
 */
export function migrate(db: Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version === SCHEMA_VERSION) return
    if (version > SCHEMA_VERSION) throw new StoreSchemaError(version, SCHEMA_VERSION)
    if (version === 0) db.exec(SCHEMA)
    if (version === 1) db.exec(SETTLED_RESERVATIONS)
    if (version < 3) db.exec(WINDOWS)
    if (version < 4) db.exec(SWEEP_INDEX)
    db.exec(REPLAY_LOG)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
