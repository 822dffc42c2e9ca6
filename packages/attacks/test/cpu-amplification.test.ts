/**
 * Security review item 2 (issue 14), unauthenticated CPU amplification,
 * against a real service on 127.0.0.1: a self-issued chain of 16 links (the
 * attacker's own SIWE sign-in, then 15 did:key delegations), each with up
 * to 1,024 `like` statements scanning a 1 KiB path, the last statement
 * failing, in a `base64url+gzip` container. It used to cost
 * ~0.5 s of event loop per request, re-sendable forever. Now the container
 * may inflate only to the header limit, the service serves chains of at
 * most 8 links, and whatever fits is evaluated within one policy budget
 * for the whole chain. The assertions are about
 * where the work stops (which check refused, at which link), not timings;
 * the timing is bench/cpu-amplification.ts.
 */
import { encodeContainerString } from '@capchain/core'
import { DEFAULT_MAX_STATEMENTS } from '@capchain/policy'
import { DEFAULT_MAX_HEADER_BYTES, STORAGE_VERIFIER_LIMITS } from '@capchain/storage-service'
import { MAX_CHAIN_LENGTH } from '@capchain/verifier'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amplificationRequest, LONG_PATH } from './cpu-attack.js'
import type { AmplificationRequest } from './cpu-attack.js'
import { invokeOverHttp, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { ServiceUnderAttack } from './support/http.js'

/** One `like` `/*ab*` over the path: 1 (statement) + 1 (`.path`) + 2 (prefix `/`) + 1 + the 1,022 characters scanned after it. */
const LIKE_STEPS = 4 + LONG_PATH.length
/** The service's bound on a header container's inflation is its default header limit. */
const INFLATION_BOUND = DEFAULT_MAX_HEADER_BYTES
/** The service's own limits, tighter than the verifier's defaults (16 links, 1,000,000 steps). */
const MAX_POLICY_STEPS = STORAGE_VERIFIER_LIMITS.maxPolicySteps!
const SERVICE_CHAIN_LENGTH = STORAGE_VERIFIER_LIMITS.maxChainLength!
const like = (count: number) => Array.from({ length: count }, () => ['like', '.path', '/*ab*'])

let service: ServiceUnderAttack

beforeAll(async () => {
  service = await startServiceUnderAttack()
})

afterAll(async () => {
  await service.stop()
})

async function send(request: AmplificationRequest): Promise<{ status: number; code: string; message: string }> {
  const response = await fetch(routeUrl(service, 'files', request.path), { headers: { authorization: request.header } })
  const body = (await response.json()) as { code: string; detail: string }
  return { status: response.status, code: body.code, message: body.detail }
}

describe('unauthenticated CPU amplification (review item 2)', () => {
  it("refuses the reviewer's request, 6 KiB of header inflating to ~300 KB of tokens, while it inflates (ERR_CONTAINER_TOO_LARGE)", async () => {
    const request = await amplificationRequest(service, { policy: like(DEFAULT_MAX_STATEMENTS) })
    expect(request.header.length).toBeLessThan(8 * 1024)
    expect(request.inflatedBytes).toBeGreaterThan(256 * 1024)
    // Refused the same way however often it is sent: nothing about it is remembered.
    for (let i = 0; i < 3; i++) {
      const refusal = await send(request)
      expect(refusal).toMatchObject({ status: 431, code: 'ERR_CONTAINER_TOO_LARGE' })
      expect(refusal.message).toContain(`the limit is ${INFLATION_BOUND}`)
    }
  })

  it("refuses a chain longer than the service's limit before any of its signatures or keys is checked (ERR_CHAIN_TOO_LONG)", async () => {
    // The verifier's default allows 16 links: 15 new did:keys to check per request, which no honest storage chain needs.
    expect(SERVICE_CHAIN_LENGTH).toBeLessThan(MAX_CHAIN_LENGTH)
    const request = await amplificationRequest(service, { links: SERVICE_CHAIN_LENGTH, policy: like(1) })
    const refusal = await send(request)
    expect(refusal).toMatchObject({ status: 403, code: 'ERR_CHAIN_TOO_LONG' })
    expect(refusal.message).toContain(String(SERVICE_CHAIN_LENGTH))
  })

  it('stops a chain of the longest length served within one policy budget, at the link where it ran out (ERR_POLICY_BUDGET_EXCEEDED)', async () => {
    // 20 scans a delegation: 20,520 steps, so the budget runs out in the fifth of seven (prf[5], after the root).
    const links = SERVICE_CHAIN_LENGTH - 1
    const request = await amplificationRequest(service, { links, policy: like(20) })
    expect(request.inflatedBytes).toBeLessThanOrEqual(INFLATION_BOUND)
    const perLink = 20 * LIKE_STEPS
    const link = Math.floor(MAX_POLICY_STEPS / perLink)
    const statement = Math.floor((MAX_POLICY_STEPS - link * perLink) / LIKE_STEPS)
    expect(link + 1).toBeLessThan(links)
    for (let i = 0; i < 2; i++) {
      const refusal = await send(request)
      expect(refusal).toMatchObject({ status: 403, code: 'ERR_POLICY_BUDGET_EXCEEDED' })
      // The links after it, and the failing statement at the end, were never evaluated.
      expect(refusal.message).toMatch(new RegExp(`budget of ${MAX_POLICY_STEPS} steps at prf\\[${link + 1}\\] \\(\\w+\\) pol\\[${statement}\\]$`))
    }
  })

  it('authorizes a chain of the longest length served whose policies together fit the budget and hold (near miss: the missing file answers)', async () => {
    // 13 scans a delegation: 7 × 13,338 = 93,366 steps (14 would be 100,548), and the last statement holds too.
    const links = SERVICE_CHAIN_LENGTH - 1
    expect(links * 13 * LIKE_STEPS).toBeLessThan(MAX_POLICY_STEPS)
    expect(links * 14 * LIKE_STEPS).toBeGreaterThan(MAX_POLICY_STEPS)
    const request = await amplificationRequest(service, { links, policy: like(13), failing: ['like', '.path', '/*ab'] })
    expect(await send(request)).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND' })
  })

  it('still serves an honest request in a gzip container within the bound (near miss)', async () => {
    const session = await signInOverHttp(service.domain)
    const put = await invokeOverHttp(session, { op: 'write', path: '/small.txt', size: 5, service: service.did })
    const written = await fetch(routeUrl(service, 'files', '/small.txt'), { method: 'PUT', headers: { authorization: put.header }, body: 'hello' })
    expect(written.status).toBe(201)
    const get = await invokeOverHttp(session, { op: 'read', path: '/small.txt', size: 5, service: service.did })
    const gzipped = `UCAN ${encodeContainerString([get.invocation.bytes, session.root.cacao], 'base64url+gzip')}`
    const read = await fetch(routeUrl(service, 'files', '/small.txt'), { headers: { authorization: gzipped } })
    expect(read.status).toBe(200)
    expect(await read.text()).toBe('hello')
  })
})
