/**
 * Largest token accepted by the decoder, in bytes, checked before any
 * decoding. A UCAN delegation is a few hundred bytes; 128 KiB leaves room
 * for large invocation `args` and policies while bounding the work a single
 * hostile token can cause.
 */
export const MAX_TOKEN_BYTES = 128 * 1024
