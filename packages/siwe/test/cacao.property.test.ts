/**
 * Property tests (fast-check; cases, seed and timeouts from
 * packages/attacks/test/support/fuzz-run.ts):
 * decoding and verifying mutated CACAO bytes fails only with our typed
 * errors, and whatever decodes rebuilds a message that parses back to its fields.
 */
import { CapchainError } from '@capchain/core/errors'
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeCacao, parseSiweMessage, verifySiweRoot } from '../src/index.js'
import { fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'
import { NOW, rootFields, signedCacao } from './root-helpers.js'

/** A generous bound on one case, decoded and then verified (measured: under 0.5 ms). */
const TIMEOUT = fuzzTimeout(5)

const VALID = signedCacao(rootFields()).bytes

/** Byte-level damage: overwrite, insert or delete bytes, or cut the block short. */
const mutated = fc.oneof(
  fc.array(fc.tuple(fc.nat(VALID.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
    const bytes = Uint8Array.from(VALID)
    for (const [i, value] of edits) bytes[i] = value
    return bytes
  }),
  fc.tuple(fc.nat(VALID.length), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([i, extra]) =>
    Uint8Array.of(...VALID.subarray(0, i), ...extra, ...VALID.subarray(i)),
  ),
  fc.tuple(fc.nat(VALID.length - 1), fc.integer({ min: 1, max: 32 })).map(([i, n]) =>
    Uint8Array.of(...VALID.subarray(0, i), ...VALID.subarray(i + n)),
  ),
  fc.nat(VALID.length - 1).map((n) => VALID.subarray(0, n)),
)

/** Structure-level damage: one field of the CACAO replaced by any DAG-CBOR value, canonically re-encoded. */
const ipldValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 70 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 }),
  ),
})).value
const FIELDS = ['h', 'p', 's', 'h.t', 's.t', 's.s', ...Object.keys((dagCbor.decode(VALID) as { p: object }).p).map((k) => `p.${k}`), 'p.extra']
const restructured = fc.tuple(fc.constantFrom(...FIELDS), ipldValue).map(([path, value]) => {
  const cacao = dagCbor.decode<Record<string, Record<string, unknown>>>(VALID)
  const [outer, inner] = path.split('.') as [string, string | undefined]
  if (inner === undefined) cacao[outer] = value as Record<string, unknown>
  else (cacao[outer] as Record<string, unknown>)[inner] = value
  return dagCbor.encode(cacao)
})

function decodesOrTypedError(bytes: Uint8Array): void {
  try {
    const decoded = decodeCacao(bytes)
    expect(parseSiweMessage(decoded.message)).toStrictEqual(decoded.fields)
  } catch (error) {
    if (!(error instanceof CapchainError)) throw error
  }
}

async function verifiesOrTypedError(bytes: Uint8Array): Promise<void> {
  try {
    await verifySiweRoot(bytes, { now: NOW })
  } catch (error) {
    if (!(error instanceof CapchainError)) throw error
  }
}

describe('decodeCacao and verifySiweRoot on damaged input', () => {
  it('decodeCacao throws only typed errors on byte-level mutations of a valid CACAO', () => {
    fc.assert(fc.property(mutated, decodesOrTypedError), fuzzParameters())
  }, TIMEOUT)

  it('verifySiweRoot throws only typed errors on byte-level mutations of a valid CACAO', async () => {
    await fc.assert(fc.asyncProperty(mutated, verifiesOrTypedError), fuzzParameters())
  }, TIMEOUT)

  it('decodeCacao throws only typed errors when a field holds any other DAG-CBOR value', () => {
    fc.assert(fc.property(restructured, decodesOrTypedError), fuzzParameters())
  }, TIMEOUT)

  it('verifySiweRoot throws only typed errors when a field holds any other DAG-CBOR value', async () => {
    await fc.assert(fc.asyncProperty(restructured, verifiesOrTypedError), fuzzParameters())
  }, TIMEOUT)

  it('decodeCacao throws only typed errors on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrTypedError), fuzzParameters())
  }, TIMEOUT)
})
