/**
 * Deepest nesting of arrays and maps accepted in any decoded token.
 * UCAN payloads are shallow (a policy nests a few levels); 64 leaves room for
 * application `args` while keeping every recursive walk over decoded data
 * (policy evaluation, rendering, re-encoding) far from the JS stack limit.
 */
export const MAX_CBOR_DEPTH = 64
