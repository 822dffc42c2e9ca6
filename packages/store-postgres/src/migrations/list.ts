import { V1 } from './v1.js'
import { V2 } from './v2.js'
import { V3 } from './v3.js'
import { V4 } from './v4.js'

/**
 * Every migration, in order: entry n brings the database from version n to
 * n + 1. Released entries never change; a new schema is a new entry.
 */
export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4]

/** The schema version this release reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length
