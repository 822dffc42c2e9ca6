/** validateSiweMessage: expected values, the validity window and clock skew. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_CLOCK_SKEW_SECONDS, validateSiweMessage, type SiweMessageFields, type ValidateSiweMessageOptions } from '../src/index.js'
import { BASE_FIELDS, thrown } from './helpers.js'

// BASE_FIELDS: Not Before 2021-09-30T16:25:24Z, Expiration Time 2021-10-30T16:25:24Z, chain 1, nonce 32891757, domain service.org.
const NOT_BEFORE = Date.parse('2021-09-30T16:25:24Z')
const EXPIRES = Date.parse('2021-10-30T16:25:24Z')
const INSIDE = new Date('2021-10-01T00:00:00Z')
const at = (ms: number): Date => new Date(ms)
const SECOND = 1000

function rejection(options: ValidateSiweMessageOptions, fields: SiweMessageFields = BASE_FIELDS): { code: string; at: string | undefined } {
  const error = thrown(() => validateSiweMessage(fields, options))
  return { code: error.code, at: error.at }
}

describe('expected values', () => {
  it('accepts a message that matches everything the relying party expects', () => {
    expect(() =>
      validateSiweMessage(BASE_FIELDS, { now: INSIDE, domain: 'service.org', scheme: 'https', nonce: '32891757', chainId: 1 }),
    ).not.toThrow()
  })

  it('refuses another domain, compared exactly', () => {
    expect(rejection({ now: INSIDE, domain: 'evil.org' })).toStrictEqual({ code: 'ERR_SIWE_DOMAIN_MISMATCH', at: 'domain' })
    expect(rejection({ now: INSIDE, domain: 'service.org:443' })).toStrictEqual({ code: 'ERR_SIWE_DOMAIN_MISMATCH', at: 'domain' })
  })

  it('takes a message without a scheme as https, and refuses another expected scheme', () => {
    expect(rejection({ now: INSIDE, scheme: 'http' })).toStrictEqual({ code: 'ERR_SIWE_DOMAIN_MISMATCH', at: 'scheme' })
    const http = { ...BASE_FIELDS, scheme: 'http' }
    expect(rejection({ now: INSIDE, scheme: 'https' }, http)).toStrictEqual({ code: 'ERR_SIWE_DOMAIN_MISMATCH', at: 'scheme' })
    expect(() => validateSiweMessage(http, { now: INSIDE, scheme: 'http' })).not.toThrow()
  })

  it('refuses another nonce and another chain id', () => {
    expect(rejection({ now: INSIDE, nonce: '32891758' })).toStrictEqual({ code: 'ERR_SIWE_NONCE_MISMATCH', at: 'nonce' })
    expect(rejection({ now: INSIDE, chainId: 5 })).toStrictEqual({ code: 'ERR_SIWE_CHAIN_ID_MISMATCH', at: 'chainId' })
  })

  it('still checks field syntax, so hand-made fields cannot slip past', () => {
    expect(rejection({ now: INSIDE }, { ...BASE_FIELDS, notBefore: '2021-02-31T00:00:00Z' })).toStrictEqual({
      code: 'ERR_SIWE_MALFORMED',
      at: 'notBefore',
    })
  })
})

describe(`validity window with the default skew of ${DEFAULT_CLOCK_SKEW_SECONDS} s`, () => {
  it('expiry: still valid within the skew after Expiration Time, expired from exp + skew on', () => {
    expect(() => validateSiweMessage(BASE_FIELDS, { now: at(EXPIRES + 59 * SECOND) })).not.toThrow()
    expect(rejection({ now: at(EXPIRES + 60 * SECOND) })).toStrictEqual({ code: 'ERR_SIWE_EXPIRED', at: 'expirationTime' })
  })

  it('not before: valid from nbf − skew on, not yet valid before that', () => {
    expect(() => validateSiweMessage(BASE_FIELDS, { now: at(NOT_BEFORE - 60 * SECOND) })).not.toThrow()
    expect(rejection({ now: at(NOT_BEFORE - 61 * SECOND) })).toStrictEqual({ code: 'ERR_SIWE_NOT_YET_VALID', at: 'notBefore' })
  })

  it('reads time-zone offsets: 18:25:24+02:00 is 16:25:24Z', () => {
    const fields = { ...BASE_FIELDS, expirationTime: '2021-10-30T18:25:24+02:00' }
    expect(rejection({ now: at(EXPIRES + 60 * SECOND) }, fields)).toStrictEqual({ code: 'ERR_SIWE_EXPIRED', at: 'expirationTime' })
    expect(() => validateSiweMessage(fields, { now: at(EXPIRES + 59 * SECOND) })).not.toThrow()
  })

  it('does not compare Issued At with the clock (the spruceid vectors accept a check before it)', () => {
    const { notBefore: _n, expirationTime: _e, ...open } = BASE_FIELDS
    expect(() => validateSiweMessage({ ...open, issuedAt: '2100-01-01T00:00:00Z' }, { now: INSIDE })).not.toThrow()
  })
})

describe('validity window without skew', () => {
  it('expired exactly at Expiration Time, valid one millisecond before', () => {
    expect(rejection({ now: at(EXPIRES), skewSeconds: 0 })).toStrictEqual({ code: 'ERR_SIWE_EXPIRED', at: 'expirationTime' })
    expect(() => validateSiweMessage(BASE_FIELDS, { now: at(EXPIRES - 1), skewSeconds: 0 })).not.toThrow()
  })

  it('valid exactly at Not Before, not yet valid one millisecond before', () => {
    expect(() => validateSiweMessage(BASE_FIELDS, { now: at(NOT_BEFORE), skewSeconds: 0 })).not.toThrow()
    expect(rejection({ now: at(NOT_BEFORE - 1), skewSeconds: 0 })).toStrictEqual({ code: 'ERR_SIWE_NOT_YET_VALID', at: 'notBefore' })
  })

  it('a larger skew widens the window', () => {
    expect(() => validateSiweMessage(BASE_FIELDS, { now: at(EXPIRES + 299 * SECOND), skewSeconds: 300 })).not.toThrow()
  })
})

describe('options', () => {
  it('refuses an invalid date as now (it would otherwise pass every time check)', () => {
    expect(rejection({ now: new Date(Number.NaN) })).toStrictEqual({ code: 'ERR_SIWE_OPTION_INVALID', at: 'now' })
    expect(rejection({ now: Date.now() as unknown as Date })).toStrictEqual({ code: 'ERR_SIWE_OPTION_INVALID', at: 'now' })
  })

  it('refuses a negative or non-finite skew', () => {
    expect(rejection({ now: INSIDE, skewSeconds: -1 })).toStrictEqual({ code: 'ERR_SIWE_OPTION_INVALID', at: 'skewSeconds' })
    const infinite = rejection({ now: INSIDE, skewSeconds: Number.POSITIVE_INFINITY })
    expect(infinite).toStrictEqual({ code: 'ERR_SIWE_OPTION_INVALID', at: 'skewSeconds' })
  })
})
