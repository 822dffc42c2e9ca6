/**
 * Fuzzing every decoder that reads hostile input: arbitrary bytes and
 * strings, and mutations of valid inputs (bit flips, byte sets, truncation,
 * insertion, deletion, splices, duplicated runs). Each must either return or
 * throw one of our typed errors (`CapchainError` with an `ERR_` code), never
 * a `TypeError`, a `RangeError` or a stack overflow, and never take long.
 *
 * Cases, seed and timeouts: `support/fuzz-run.ts` (`pnpm fuzz attacks/decoders`).
 */
import { decodeContainer } from '@capchain/core/container'
import { decodeToken } from '@capchain/core/token'
import type { IPLDValue } from '@capchain/core/token'
import { evaluatePolicy, parsePolicy } from '@capchain/policy'
import { decodeCacao, decodeRecap, parseSiweMessage } from '@capchain/siwe'
import { assertStoragePath, InvalidStoragePathError, storagePathRejection } from '@capchain/storage'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fuzzParameters,
  fuzzTimeout,
  ipldValue,
  mutateBytes,
  mutateString,
  mutation,
  onlyTypedErrors,
  policyLike,
  replaceAt,
  statementLike,
  validInputs,
} from './support/index.js'
import type { ValidInputs } from './support/index.js'

let valid: ValidInputs

beforeAll(async () => {
  valid = await validInputs()
}, 60_000)

/** Longest a single decoder call may take before we call it a hang (generous: GC pauses, slow CI). */
const SLOW_MS = 1000

/** `fn` returns or throws a typed error, quickly. */
function decodes(fn: () => unknown): void {
  const start = performance.now()
  onlyTypedErrors(fn)
  const ms = performance.now() - start
  if (ms > SLOW_MS) expect.fail(`took ${ms.toFixed(0)} ms`)
}

/** Arbitrary bytes, and mutations of one of `inputs()` (up to three stacked). */
function bytesFrom(inputs: () => readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([pick, mutations]) => {
          const list = inputs()
          return mutations.reduce((bytes, m) => mutateBytes(bytes, m), list[pick % list.length]!)
        }),
    },
  )
}

/** Arbitrary strings (any code unit, lone surrogates included), and mutations of one of `inputs()`. */
function stringsFrom(inputs: () => readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.string({ maxLength: 256, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 256, unit: 'grapheme-composite' }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([pick, mutations]) => {
          const list = inputs()
          return mutations.reduce((text, m) => mutateString(text, m), list[pick % list.length]!)
        }),
    },
  )
}

/** A generous bound on one decoder case (measured: under 0.05 ms). */
const TIMEOUT = fuzzTimeout(0.5)

describe('decoders throw only typed errors and never hang', () => {
  it('decodeToken', () => {
    fc.assert(fc.property(bytesFrom(() => valid.tokens), (bytes) => decodes(() => decodeToken(bytes))), fuzzParameters())
  }, TIMEOUT)

  it('decodeContainer, as bytes', () => {
    fc.assert(fc.property(bytesFrom(() => valid.containers), (bytes) => decodes(() => decodeContainer(bytes))), fuzzParameters())
  }, TIMEOUT)

  it('decodeContainer, as a string', () => {
    fc.assert(fc.property(stringsFrom(() => valid.containerStrings), (text) => decodes(() => decodeContainer(text))), fuzzParameters())
  }, TIMEOUT)

  it('parseSiweMessage', () => {
    fc.assert(fc.property(stringsFrom(() => valid.siweMessages), (text) => decodes(() => parseSiweMessage(text))), fuzzParameters())
  }, TIMEOUT)

  it('decodeRecap', () => {
    fc.assert(fc.property(stringsFrom(() => valid.recaps), (text) => decodes(() => decodeRecap(text))), fuzzParameters())
  }, TIMEOUT)

  it('decodeCacao', () => {
    fc.assert(fc.property(bytesFrom(() => valid.cacaos), (bytes) => decodes(() => decodeCacao(bytes))), fuzzParameters())
  }, TIMEOUT)

  it('parsePolicy, then evaluatePolicy (which never throws on a parsed policy)', () => {
    const mutatedPolicy = fc
      .tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), statementLike)
      .map(([pick, path, replacement]) => replaceAt(valid.policies[pick % valid.policies.length]! as IPLDValue, path, replacement))
    fc.assert(
      fc.property(fc.oneof(policyLike, mutatedPolicy), ipldValue, (policy, args) => {
        decodes(() => {
          const parsed = parsePolicy(policy)
          const start = performance.now()
          const result = evaluatePolicy(parsed, args)
          expect(typeof result.ok).toBe('boolean')
          if (!result.ok) expect(typeof result.failure.message).toBe('string')
          if (performance.now() - start > SLOW_MS) expect.fail('evaluation took too long')
        })
        // The raw form is parsed first, so it may throw only what parsePolicy throws.
        decodes(() => evaluatePolicy(policy as IPLDValue[], args))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('the storage path validator', () => {
    fc.assert(
      fc.property(stringsFrom(() => valid.paths), (path) => {
        decodes(() => assertStoragePath(path))
        let thrown: unknown
        try {
          assertStoragePath(path)
        } catch (error) {
          thrown = error
        }
        if (thrown !== undefined) {
          expect(thrown).toBeInstanceOf(InvalidStoragePathError)
          return
        }
        // What it accepts is canonical: no traversal, no encoding, one form.
        expect(storagePathRejection(path)).toBeUndefined()
        expect(path.startsWith('/')).toBe(true)
        expect(path.normalize('NFC')).toBe(path)
        expect(path.normalize('NFKC')).toBe(path)
        expect(path).not.toMatch(/[%\\\u0000-\u001f\u007f]/)
        if (path !== '/') expect(path.slice(1).split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')).toBe(true)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})
