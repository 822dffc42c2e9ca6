/**
 * The session-lifetime rule of `siweRootFormat()`: a root without
 * `Expiration Time`, one lasting longer than `maxSessionLifetime` from its
 * `Issued At`, or one issued in the future is refused, on a cached root as
 * on a first verification.
 */
import type { RootFormat, RootVerification } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_SESSION_LIFETIME, InvalidSiweOptionError, siweRootFormat, SiweIssuedInFutureError, SiweSessionLifetimeError } from '../src/index.js'
import { NOW, rootFields, signedCacao } from './root-helpers.js'

const SKEW = 60
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

/** A root issued at `issuedAt`, expiring at `exp` (none when `null`), with no `Not Before`. */
function rootFor(issuedAt: number, exp: number | null): { bytes: Uint8Array; cid: CID } {
  const { notBefore: _notBefore, expirationTime: _expirationTime, ...fields } = rootFields({ issuedAt: iso(issuedAt) })
  return signedCacao(exp === null ? fields : { ...fields, expirationTime: iso(exp) })
}

function verify(format: RootFormat, block: { bytes: Uint8Array; cid: CID }, now = NOW): Promise<RootVerification> {
  return format.verify(block.bytes, { cid: block.cid, now, clockSkew: SKEW, maxBytes: 1024 * 1024 })
}

function refusal(verdict: RootVerification): { reason: string; code: string; at: string | undefined; type: unknown; cid: string | undefined } {
  if (verdict.ok) throw new Error('expected a refusal, the root was accepted')
  return { reason: verdict.reason, code: verdict.error.code, at: verdict.error.at, type: verdict.error.constructor, cid: verdict.error.cid }
}

describe('siweRootFormat: session lifetime', () => {
  it('is 7 days by default', () => {
    expect(DEFAULT_MAX_SESSION_LIFETIME).toBe(7 * 24 * 3600)
  })

  it('refuses a root with no Expiration Time, unless the bound is turned off', async () => {
    const root = rootFor(NOW - 3600, null)
    expect(refusal(await verify(siweRootFormat(), root))).toEqual({
      reason: 'invalid',
      code: 'ERR_SIWE_SESSION_LIFETIME',
      at: 'p.exp',
      type: SiweSessionLifetimeError,
      cid: root.cid.toString(),
    })
    expect((await verify(siweRootFormat({ maxSessionLifetime: null }), root)).ok).toBe(true)
  })

  it('accepts exactly the bound from Issued At, refuses one second more', async () => {
    const issued = NOW - 3600
    expect((await verify(siweRootFormat(), rootFor(issued, issued + DEFAULT_MAX_SESSION_LIFETIME))).ok).toBe(true)
    const longer = refusal(await verify(siweRootFormat(), rootFor(issued, issued + DEFAULT_MAX_SESSION_LIFETIME + 1)))
    expect(longer).toMatchObject({ code: 'ERR_SIWE_SESSION_LIFETIME', at: 'p.exp' })
    const hour = siweRootFormat({ maxSessionLifetime: 3600 })
    expect((await verify(hour, rootFor(issued, issued + 3600))).ok).toBe(true)
    expect(refusal(await verify(hour, rootFor(issued, issued + 3601)))).toMatchObject({ code: 'ERR_SIWE_SESSION_LIFETIME' })
  })

  it('refuses an Issued At later than now plus the skew, bound or no bound', async () => {
    const edge = rootFor(NOW + SKEW, NOW + SKEW + 3600)
    expect((await verify(siweRootFormat(), edge)).ok).toBe(true)
    const future = rootFor(NOW + SKEW + 1, NOW + SKEW + 3600)
    for (const format of [siweRootFormat(), siweRootFormat({ maxSessionLifetime: null })]) {
      expect(refusal(await verify(format, future))).toMatchObject({
        reason: 'invalid',
        code: 'ERR_SIWE_ISSUED_IN_FUTURE',
        at: 'p.iat',
        type: SiweIssuedInFutureError,
      })
    }
  })

  it('checks again on a cached root, with the error a full verification gives', async () => {
    const root = rootFor(NOW, NOW + 3600)
    const cached = siweRootFormat()
    expect((await verify(cached, root)).ok).toBe(true)
    const early = NOW - SKEW - 1
    const fromCache = refusal(await verify(cached, root, early))
    const inFull = refusal(await verify(siweRootFormat({ cacheSize: 0 }), root, early))
    expect(fromCache).toEqual(inFull)
    expect(fromCache.code).toBe('ERR_SIWE_ISSUED_IN_FUTURE')
    expect((await verify(cached, root)).ok).toBe(true)
  })

  it('refuses a bound that is not a positive integer', () => {
    for (const maxSessionLifetime of [0, -1, 1.5, Number.NaN]) {
      expect(() => siweRootFormat({ maxSessionLifetime })).toThrow(InvalidSiweOptionError)
    }
  })
})
