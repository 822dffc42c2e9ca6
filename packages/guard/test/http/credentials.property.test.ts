/**
 * Fuzzing the `Authorization` header, the first thing the service reads
 * from a stranger: `readCredentials` on arbitrary strings, on mutations of
 * valid headers (every text container format, the scheme's case and
 * spacing), and on valid containers whose tokens were mutated before
 * encoding. It must return an invocation with its proofs, or throw one of
 * the errors its contract names; never anything else, never slowly.
 *
 * Cases, seed and timeouts: packages/attacks/test/support/fuzz-run.ts (`pnpm fuzz guard/credentials`).
 */
import { encodeContainerString } from '@capchain/core/container'
import type { ContainerFormat } from '@capchain/core/container'
import { ContainerTooLargeError, MAX_PROOFS, TooManyProofsError, UndecodableContainerError, UndecodableTokenError } from '@capchain/verifier'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fuzzParameters,
  fuzzTimeout,
  honestChain,
  mutateBytes,
  mutateString,
  mutation,
  principals,
  sameBytes,
} from '../../../attacks/test/support/index.js'
import { readCredentials } from '../../src/http/credentials.js'
import { MalformedCredentialsError, MissingCredentialsError } from '../../src/http/errors.js'

/** A generous bound on one case (measured: well under 0.5 ms; a container decode, a token decode). */
const TIMEOUT = fuzzTimeout(5)

/** Longest one call may take before we call it a hang (generous: GC pauses, a busy machine). */
const SLOW_MS = 1000

/** Everything `readCredentials` documents that it throws. */
const CONTRACT = [MissingCredentialsError, MalformedCredentialsError, ContainerTooLargeError, TooManyProofsError, UndecodableContainerError, UndecodableTokenError]

const FORMATS: readonly Exclude<ContainerFormat, 'raw' | 'raw+gzip'>[] = ['base64', 'base64url', 'base64+gzip', 'base64url+gzip']

/** The honest invocation first, then its two proofs. */
let tokens: Uint8Array[]
/** Valid headers, one per text format, and near-misses that are still well-formed containers (no invocation, two, too many tokens). */
let headers: string[]

beforeAll(async () => {
  const chain = await honestChain(await principals())
  tokens = [chain.invocation.bytes, ...chain.proofs]
  const containers = [
    ...FORMATS.map((format) => encodeContainerString(tokens, format)),
    encodeContainerString(chain.proofs),
    encodeContainerString([chain.invocation.bytes, chain.invocation.bytes, ...chain.proofs]),
    encodeContainerString([chain.invocation.bytes, ...Array.from({ length: MAX_PROOFS + 1 }, (_, i) => Uint8Array.of(0x80, i))]),
  ]
  headers = containers.map((container) => `UCAN ${container}`)
})

/**
 * `header` read: a result whose invocation is the one token tagged as such,
 * within the proof limit, or one of the contract's errors; quickly.
 */
function readsOrRefuses(header: string): void {
  const start = performance.now()
  try {
    const { invocation, proofs } = readCredentials(header)
    expect(invocation.kind).toBe('inv')
    expect(proofs.length).toBeLessThanOrEqual(MAX_PROOFS)
    expect(proofs.some((proof) => sameBytes(proof, invocation.bytes))).toBe(false)
  } catch (error) {
    if (!CONTRACT.some((type) => error instanceof type)) {
      expect.fail(`threw outside its contract: ${error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack ?? ''}` : String(error)}`)
    }
  }
  const ms = performance.now() - start
  if (ms > SLOW_MS) expect.fail(`took ${ms.toFixed(0)} ms`)
}

/** The scheme as a client may spell it: any case, spaces or tabs around the container. */
const scheme = fc
  .tuple(fc.constantFrom('UCAN', 'ucan', 'Ucan', 'uCaN', 'Bearer', 'UCAN:'), fc.constantFrom(' ', '\t', '  ', ' \t', ''), fc.constantFrom('', ' ', '\t', ' \n'))
  .map(([name, before, after]) => ({ name, before, after }))

describe('readCredentials throws only its contract, and never hangs', () => {
  it('on arbitrary strings, alone or after the scheme', () => {
    const text = fc.oneof(fc.string({ maxLength: 256, unit: 'binary' }), fc.string({ maxLength: 256, unit: 'grapheme-composite' }), fc.base64String({ maxLength: 256 }))
    fc.assert(
      fc.property(fc.boolean(), scheme, text, (prefixed, { name, before, after }, body) => {
        readsOrRefuses(prefixed ? `${name}${before}${body}${after}` : body)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('on one to three mutations of a valid header (every text format) or of a near-miss container', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (pick, mutations) => {
        readsOrRefuses(mutations.reduce((header, m) => mutateString(header, m), headers[pick % headers.length]!))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('on valid containers (every text format, any scheme spelling) holding a mutated token', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...FORMATS),
        scheme,
        (pick, mutations, format, { name, before, after }) => {
          const index = pick % tokens.length
          const changed = tokens.map((token, i) => (i === index ? mutations.reduce((bytes, m) => mutateBytes(bytes, m), token) : token))
          readsOrRefuses(`${name}${before}${encodeContainerString(changed, format)}${after}`)
        },
      ),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('accepts the honest header in every format and spelling, with its invocation and both proofs (the baseline)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORMATS), scheme.filter(({ name, before, after }) => /^ucan$/i.test(name) && before !== '' && !after.includes('\n')), (format, { name, before, after }) => {
        const { invocation, proofs } = readCredentials(`${name}${before}${encodeContainerString(tokens, format)}${after}`)
        expect(sameBytes(invocation.bytes, tokens[0]!)).toBe(true)
        expect(proofs.map((proof) => tokens.findIndex((token) => sameBytes(token, proof))).sort()).toEqual([1, 2])
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})
