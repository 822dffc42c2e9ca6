/**
 * Review item 10 (issue 14): the service accepted SIWE sessions with no
 * `Expiration Time` (a stolen session key then lives until revoked) and with
 * an `Issued At` far in the future (a lifetime counted from it would start
 * later). `siweRootFormat` now refuses both by default, and sessions longer
 * than `maxSessionLifetime` (7 days by default) from their `Issued At`:
 * `ERR_ROOT_REJECTED` ← `SiweSessionLifetimeError` / `SiweIssuedInFutureError`.
 */
import { generateSigner } from '@capchain/core'
import { createSiweRoot, DEFAULT_MAX_SESSION_LIFETIME } from '@capchain/siwe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeOverHttp, routeUrl, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'
import { personalSign, VICTIM } from './support/siwe.js'

const now = () => Math.floor(Date.now() / 1000)

/** The victim signs in with these times (unix seconds; `exp` `null`: no Expiration Time). */
async function signIn(domain: string, issuedAt: number, exp: number | null): Promise<HttpSession> {
  const key = await generateSigner('Ed25519')
  const root = await createSiweRoot({
    domain,
    address: VICTIM.address,
    chainId: 1,
    uri: key.did(),
    issuedAt: new Date(issuedAt * 1000),
    ...(exp === null ? {} : { expirationTime: new Date(exp * 1000) }),
    capabilities: [{ command: '/storage', policy: [] }],
    signMessage: async (message) => personalSign(message, VICTIM),
  })
  return { wallet: VICTIM, key, root, subject: VICTIM.did }
}

async function list(service: ServiceUnderAttack, session: HttpSession): Promise<{ status: number; code?: string; message?: string }> {
  const { header } = await invokeOverHttp(session, { op: 'list', path: '/', service: service.did })
  const response = await fetch(routeUrl(service, 'list', '/'), { headers: { authorization: header } })
  if (response.ok) {
    await response.body?.cancel()
    return { status: response.status }
  }
  const { code, detail } = (await response.json()) as { code: string; detail: string }
  return { status: response.status, code, message: detail }
}

describe('SIWE session lifetime, by default', () => {
  let service: ServiceUnderAttack
  beforeAll(async () => {
    service = await startServiceUnderAttack()
  })
  afterAll(() => service.stop())

  it('refuses a session with no Expiration Time', async () => {
    const result = await list(service, await signIn(service.domain, now(), null))
    expect(result).toMatchObject({ status: 403, code: 'ERR_ROOT_REJECTED' })
    expect(result.message).toContain('has no Expiration Time')
  })

  it('refuses a session one second longer than 7 days, accepts exactly 7 days (near miss)', async () => {
    const issued = now() - 60
    const longer = await list(service, await signIn(service.domain, issued, issued + DEFAULT_MAX_SESSION_LIFETIME + 1))
    expect(longer).toMatchObject({ status: 403, code: 'ERR_ROOT_REJECTED' })
    expect(longer.message).toContain(`the limit is ${DEFAULT_MAX_SESSION_LIFETIME} s`)
    expect(await list(service, await signIn(service.domain, issued, issued + DEFAULT_MAX_SESSION_LIFETIME))).toEqual({ status: 200 })
  })

  it('refuses an Issued At a year ahead, even with a short session', async () => {
    const later = now() + 365 * 86_400
    const result = await list(service, await signIn(service.domain, later, later + 3600))
    expect(result).toMatchObject({ status: 403, code: 'ERR_ROOT_REJECTED' })
    expect(result.message).toContain('was issued at')
  })

  it('accepts an Issued At within the clock skew (near miss)', async () => {
    expect(await list(service, await signIn(service.domain, now() + 30, now() + 3600))).toEqual({ status: 200 })
  })
})

describe('SIWE session lifetime, configured', () => {
  it('maxSessionLifetime: an hour refuses a day; null accepts no Expiration Time but still no future Issued At', async () => {
    const hour = await startServiceUnderAttack({ maxSessionLifetime: 3600 })
    const unbounded = await startServiceUnderAttack({ maxSessionLifetime: null })
    try {
      expect(await list(hour, await signIn(hour.domain, now(), now() + 86_400))).toMatchObject({ status: 403, code: 'ERR_ROOT_REJECTED' })
      expect(await list(hour, await signIn(hour.domain, now(), now() + 3600))).toEqual({ status: 200 })
      expect(await list(unbounded, await signIn(unbounded.domain, now(), null))).toEqual({ status: 200 })
      const later = now() + 86_400
      expect(await list(unbounded, await signIn(unbounded.domain, later, null))).toMatchObject({ status: 403, code: 'ERR_ROOT_REJECTED' })
    } finally {
      await hour.stop()
      await unbounded.stop()
    }
  })
})
