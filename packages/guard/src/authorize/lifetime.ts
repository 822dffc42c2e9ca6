/**
 * Longest accepted lifetime of an invocation (`exp - now`), in seconds. Its
 * replay record is kept that long; an invocation is signed right before it
 * is sent, so an hour is generous.
 */
export const MAX_INVOCATION_LIFETIME = 3600
