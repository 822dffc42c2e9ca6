/**
 * The SQL functions this release calls, by their versioned names
 * (migration 4): what `dropOldFunctions` keeps. A migration that changes
 * one adds it under its own version's name and this list moves to it.
 */
export const FUNCTIONS = {
  reserve: 'capchain_reserve_v4',
  settle: 'capchain_settle_v4',
  admit: 'capchain_admit_v4',
} as const
