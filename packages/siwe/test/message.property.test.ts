/**
 * Property tests (fast-check; cases, seed and timeouts from
 * packages/attacks/test/support/fuzz-run.ts):
 * the parser only ever fails with our typed errors, and whatever it accepts
 * renders back byte for byte.
 */
import { CapchainError } from '@capchain/core/errors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createSiweMessage,
  decodeRecap,
  encodeRecap,
  parseSiweMessage,
  recapStatement,
  toChecksumAddress,
  verifyRecap,
  withRecap,
  type JsonValue,
  type Recap,
  type SiweMessageFields,
} from '../src/index.js'
import { fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'

/** A generous bound on one case (measured: at most about 1 ms, rendering and parsing a message with a ReCap). */
const TIMEOUT = fuzzTimeout(10)


const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => toChecksumAddress(`0x${hex(bytes)}`))
const dateTime = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    offset: fc.oneof(
      fc.constantFrom('Z', 'z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
    ),
  })
  .map(
    ({ year, month, day, hour, minute, second, fraction, offset }) =>
      `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}` +
      `${fraction === undefined ? '' : `.${fraction}`}${offset}`,
  )
const uri = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.stringMatching(/^did:key:z[1-9A-HJ-NP-Za-km-z]{8,48}$/),
  fc.stringMatching(/^urn:[a-z0-9][a-z0-9-]{1,8}:(?:[A-Za-z0-9()+,.:=@;$_!*'/-]|%[0-9A-F]{2}){1,30}$/),
)
const domain = fc.oneof(
  fc.domain(),
  fc.tuple(fc.domain(), fc.integer({ min: 0, max: 65535 })).map(([host, port]) => `${host}:${port}`),
  fc.ipV4(),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.tuple(fc.stringMatching(/^[a-z0-9._~!$&'()*+,;=:-]{1,10}$/), fc.domain()).map(([user, host]) => `${user}@${host}`),
)
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined })

const siweFields: fc.Arbitrary<SiweMessageFields> = fc
  .record({
    scheme: optional(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9+.-]{0,8}$/)),
    domain,
    address,
    statement: optional(fc.stringMatching(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;= ]{0,80}$/)),
    uri,
    chainId: fc.maxSafeNat(),
    nonce: fc.stringMatching(/^[A-Za-z0-9]{8,24}$/),
    issuedAt: dateTime,
    expirationTime: optional(dateTime),
    notBefore: optional(dateTime),
    requestId: optional(fc.stringMatching(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2}){0,20}$/)),
    resources: optional(fc.array(uri, { maxLength: 4 })),
  })
  .map((record) => {
    // Leave absent fields out, as the parser does.
    const fields = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
    return { ...fields, version: '1' } as unknown as SiweMessageFields
  })

/** Run `fn`; anything it throws must be one of our typed errors. */
function onlyTypedErrors(fn: () => unknown): unknown {
  try {
    return fn()
  } catch (error) {
    if (!(error instanceof CapchainError)) throw error
    return error
  }
}

// A mutation of a text: characters likely to matter in a SIWE message, dropped in, cut out or swapped.
const mutation = fc.record({
  at: fc.nat(),
  remove: fc.integer({ min: 0, max: 3 }),
  insert: fc.oneof(
    fc.constantFrom('\n', '\r', '\r\n', ' ', ':', '- ', '\n- ', 'URI: ', '0x', '%', '"', '\u0000', 'é', '\uD800'),
    fc.string({ maxLength: 4 }),
  ),
})
const mutate = (text: string, mutations: { at: number; remove: number; insert: string }[]): string =>
  mutations.reduce((acc, { at, remove, insert }) => {
    const i = at % (acc.length + 1)
    return acc.slice(0, i) + insert + acc.slice(i + remove)
  }, text)

describe('parseSiweMessage properties', () => {
  it('generated valid fields render, parse back to the same fields, and render to the same bytes', () => {
    fc.assert(
      fc.property(siweFields, (fields) => {
        const message = createSiweMessage(fields)
        const parsed = parseSiweMessage(message)
        expect(parsed).toStrictEqual(fields)
        expect(createSiweMessage(parsed)).toBe(message)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('arbitrary strings: only typed errors, and whatever parses renders back identically', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme-ascii', maxLength: 400 }))
    fc.assert(
      fc.property(text, (input) => {
        const result = onlyTypedErrors(() => parseSiweMessage(input))
        if (!(result instanceof CapchainError)) expect(createSiweMessage(result as SiweMessageFields)).toBe(input)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('mutated valid messages: only typed errors, and whatever still parses renders back identically', () => {
    fc.assert(
      fc.property(siweFields, fc.array(mutation, { minLength: 1, maxLength: 4 }), (fields, mutations) => {
        const input = mutate(createSiweMessage(fields), mutations)
        const result = onlyTypedErrors(() => parseSiweMessage(input))
        if (!(result instanceof CapchainError)) expect(createSiweMessage(result as SiweMessageFields)).toBe(input)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('a statement with a line feed anywhere is refused by the builder', () => {
    fc.assert(
      fc.property(siweFields, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (fields, before, after) => {
        const error = onlyTypedErrors(() => createSiweMessage({ ...fields, statement: `${before}\n${after}` }))
        expect(error).toMatchObject({ code: 'ERR_SIWE_MALFORMED', at: 'statement' })
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})

const abilityPart = fc.stringMatching(/^[a-zA-Z0-9.*_+-]{1,6}$/)
const ability = fc.tuple(abilityPart, abilityPart).map(([namespace, name]) => `${namespace}/${name}`)
// fast-check's JsonValue type allows `undefined` in objects; the values it generates are plain JSON.
const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>
const caveat = fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 3 })
const recap: fc.Arbitrary<Recap> = fc.record({
  att: fc.dictionary(fc.webUrl(), fc.dictionary(ability, fc.array(caveat, { maxLength: 2 }), { minKeys: 1, maxKeys: 4 }), {
    minKeys: 1,
    maxKeys: 3,
  }),
  prf: fc.constantFrom([], ['bafysameboaza4mnsng7t3djdbilbrnliv6ikxh45zsph7kpettjfbp4ad2g2uu2znujlf2afphw25d4y35pq']),
})

describe('ReCap properties', () => {
  it('encode then decode gives back an equal ReCap, and re-encoding is stable', () => {
    fc.assert(
      fc.property(recap, (value) => {
        const uri = encodeRecap(value)
        const decoded = decodeRecap(uri)
        expect(decoded).toStrictEqual(JSON.parse(JSON.stringify(value)))
        expect(encodeRecap(decoded)).toBe(uri)
        expect(recapStatement(decoded)).toBe(recapStatement(value))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('a ReCap added to a message survives rendering, parsing and verification', () => {
    const percentFree = recap.filter((value) => !Object.keys(value.att).some((resource) => resource.includes('%')))
    fc.assert(
      fc.property(siweFields, percentFree, (fields, value) => {
        const resources = (fields.resources ?? []).filter((resource) => !resource.toLowerCase().startsWith('urn:recap:'))
        const message = createSiweMessage(withRecap({ ...fields, resources }, value))
        expect(verifyRecap(parseSiweMessage(message))).toStrictEqual(JSON.parse(JSON.stringify(value)))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('decodeRecap on arbitrary and mutated input fails only with typed errors', () => {
    fc.assert(
      fc.property(recap, fc.array(mutation, { maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 200 }), (value, mutations, noise) => {
        onlyTypedErrors(() => decodeRecap(mutate(encodeRecap(value), mutations)))
        onlyTypedErrors(() => decodeRecap(`urn:recap:${noise}`))
        onlyTypedErrors(() => decodeRecap(noise))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})
