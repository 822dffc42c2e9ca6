/**
 * Seconds a settled reservation id is kept at least, from its reservation's
 * `at`, by default: one day. The guard's ids are invocation CIDs, also kept
 * by their replay record while the invocation verifies; this floor covers a
 * ledger used without replay records, whose ids only the caller knows the life of.
 */
export const DEFAULT_KEEP_SETTLED_FOR = 86_400

/** Most rows of each kind one sweep removes, by default: a few milliseconds of work, so a database lock is never held for long. */
export const DEFAULT_SWEEP_LIMIT = 1000
