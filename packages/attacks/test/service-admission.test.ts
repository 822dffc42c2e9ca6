/**
 * Review item 3 (issue 14): any throwaway did:key was a subject. Five fresh
 * did:keys, each self-issuing a write with no proof, stored 1 MiB each.
 * Now the service stores files for wallets signed in on its trusted domains
 * (did:pkh) and for the did:keys it lists, and each subject's files are
 * bounded on disk (`maxSubjectBytes`).
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createDelegation, generateSigner } from '@capchain/core'
import type { Signer } from '@capchain/core'
import { createRevocation, createStorageGrant, createStorageInvocation } from '@capchain/storage'
import { DEFAULT_MAX_SUBJECT_BYTES } from '@capchain/storage-service'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizationHeader, invokeOverHttp, refusalCode, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'
import { ATTACKER, VICTIM } from './support/siwe.js'

const MiB = 1024 * 1024
const inFiveMinutes = () => Math.floor(Date.now() / 1000) + 300

/** A write by `key` as its own subject: no proof at all. */
async function selfIssuedWrite(service: ServiceUnderAttack, key: Signer, path: string, size: number): Promise<Response> {
  const invocation = await createStorageInvocation({ issuer: key, service: service.did, op: 'write', path, size, chain: [], expiration: inFiveMinutes() })
  return fetch(routeUrl(service, 'files', path), { method: 'PUT', headers: { authorization: authorizationHeader([invocation.bytes]) }, body: new Uint8Array(size) })
}

async function put(service: ServiceUnderAttack, session: HttpSession, path: string, size: number): Promise<Response> {
  const { header } = await invokeOverHttp(session, { op: 'write', path, size, service: service.did })
  return fetch(routeUrl(service, 'files', path), { method: 'PUT', headers: { authorization: header }, body: new Uint8Array(size) })
}

async function remove(service: ServiceUnderAttack, session: HttpSession, path: string): Promise<Response> {
  const { header } = await invokeOverHttp(session, { op: 'delete', path, service: service.did })
  return fetch(routeUrl(service, 'files', path), { method: 'DELETE', headers: { authorization: header } })
}

const outcome = async (response: Response) => `${response.status} ${(await refusalCode(response)) ?? 'ok'}`

describe('subjects the service admits', () => {
  let listed: Signer
  let service: ServiceUnderAttack
  beforeAll(async () => {
    listed = await generateSigner('Ed25519')
    service = await startServiceUnderAttack({ subjects: { didKeys: [listed.did()] } })
  })
  afterAll(() => service.stop())

  it('refuses five throwaway did:keys writing 1 MiB each: 403 ERR_SUBJECT_NOT_ADMITTED, nothing on disk', async () => {
    for (let i = 0; i < 5; i++) {
      const key = await generateSigner('Ed25519')
      expect(await outcome(await selfIssuedWrite(service, key, '/junk.bin', MiB))).toBe('403 ERR_SUBJECT_NOT_ADMITTED')
    }
    expect(await readdir(join(service.dataDir, 'files'))).toEqual([])
  })

  it('serves a did:key the operator listed (near miss)', async () => {
    expect(await outcome(await selfIssuedWrite(service, listed, '/mine.bin', 1024))).toBe('201 ok')
  })

  it('serves a wallet signed in on a trusted domain (near miss)', async () => {
    const session = await signInOverHttp(service.domain)
    expect(await outcome(await put(service, session, '/a.txt', 10))).toBe('201 ok')
  })

  it('keeps no revocation about a throwaway did:key\'s chain: 403 ERR_SUBJECT_NOT_ADMITTED, and nothing written (the same revocation again is refused the same way, not as a replay)', async () => {
    const revoke = async (issuer: Signer) => {
      const child = await generateSigner('Ed25519')
      const delegation = await createDelegation({ issuer, audience: child.did(), subject: issuer.did(), command: '/storage', expiration: inFiveMinutes() })
      const revocation = await createRevocation({ issuer, service: service.did, path: [delegation], expiration: inFiveMinutes() })
      return authorizationHeader([revocation.bytes, delegation.bytes])
    }
    const post = async (authorization: string) => outcome(await fetch(new URL('revoke', service.url), { method: 'POST', headers: { authorization } }))
    const throwaway = await revoke(await generateSigner('Ed25519'))
    expect(await post(throwaway)).toBe('403 ERR_SUBJECT_NOT_ADMITTED')
    expect(await post(throwaway)).toBe('403 ERR_SUBJECT_NOT_ADMITTED')
    // Near miss: the listed did:key revokes its own delegation once; sent again, it is a replay.
    const own = await revoke(listed)
    expect(await post(own)).toBe('200 ok')
    expect(await post(own)).toBe('409 ERR_REPLAY')
  })

  it("cannot reach a did:pkh subject without its wallet's SIWE root: did:keys claiming the victim's account are refused by the chain", async () => {
    const [mallory, accomplice] = await Promise.all([generateSigner('Ed25519'), generateSigner('Ed25519')])
    const alone = await createStorageInvocation({ issuer: mallory, service: service.did, op: 'write', path: '/planted.bin', size: 10, chain: [], subject: VICTIM.did, expiration: inFiveMinutes() })
    const grant = await createStorageGrant({ issuer: mallory, audience: accomplice.did(), subject: VICTIM.did, ops: ['write'], path: '/', expiration: inFiveMinutes() })
    const chain = grant.chains.write!
    const delegated = await createStorageInvocation({ issuer: accomplice, service: service.did, op: 'write', path: '/planted.bin', size: 10, chain, subject: VICTIM.did, expiration: inFiveMinutes() })
    const attempts: [Uint8Array[], string][] = [
      [[alone.bytes], '403 ERR_PROOF_MISSING'],
      [[delegated.bytes, ...chain.map((link) => link.bytes)], '403 ERR_ROOT_NOT_SUBJECT'],
    ]
    for (const [tokens, expected] of attempts) {
      const response = await fetch(routeUrl(service, 'files', '/planted.bin'), { method: 'PUT', headers: { authorization: authorizationHeader(tokens) }, body: new Uint8Array(10) })
      expect(await outcome(response)).toBe(expected)
    }
    await expect(stat(join(service.dataDir, 'files', encodeURIComponent(VICTIM.did), 'planted.bin'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('the per-subject storage limit', () => {
  const LIMIT = 1000
  let service: ServiceUnderAttack
  let session: HttpSession
  beforeAll(async () => {
    service = await startServiceUnderAttack({ maxSubjectBytes: LIMIT })
    session = await signInOverHttp(service.domain)
  })
  afterAll(() => service.stop())

  it('is 1 GiB by default', () => {
    expect(DEFAULT_MAX_SUBJECT_BYTES).toBe(1024 ** 3)
  })

  it('stores up to the limit, refuses a byte more with 507 ERR_SUBJECT_STORAGE_FULL, counts a replaced file as freed', async () => {
    expect(await outcome(await put(service, session, '/a.bin', 600))).toBe('201 ok')
    expect(await outcome(await put(service, session, '/b.bin', 401))).toBe('507 ERR_SUBJECT_STORAGE_FULL')
    expect(await outcome(await put(service, session, '/b.bin', 400))).toBe('201 ok')
    // At the limit: replacing a file with one of the same size fits, one byte larger does not.
    expect(await outcome(await put(service, session, '/a.bin', 600))).toBe('201 ok')
    expect(await outcome(await put(service, session, '/a.bin', 601))).toBe('507 ERR_SUBJECT_STORAGE_FULL')
    expect(await outcome(await remove(service, session, '/b.bin'))).toBe('200 ok')
    expect(await outcome(await put(service, session, '/c/d.bin', 400))).toBe('201 ok')
    expect(await outcome(await put(service, session, '/e.bin', 1))).toBe('507 ERR_SUBJECT_STORAGE_FULL')
  })

  it('lets only one of two concurrent uploads take the last free bytes', async () => {
    const other = await signInOverHttp(service.domain, { wallet: ATTACKER })
    const results = await Promise.all([put(service, other, '/x.bin', 600), put(service, other, '/y.bin', 600)].map(async (r) => outcome(await r)))
    expect(results.sort()).toEqual(['201 ok', '507 ERR_SUBJECT_STORAGE_FULL'])
  })
})
