/**
 * Review item 11 (issue 14): an upload whose chain was revoked while its body
 * streamed still completed with 201. The chain's revocation is now asked
 * again once the body is stored and before the file is renamed into place
 * (`recheckRevocation`): the upload is refused with `ERR_REVOKED`, nothing is
 * visible, and the cap's reservation is refunded.
 *
 * The revocation is sent only once the service has begun writing the body
 * (its temporary file exists), so the first check has certainly passed.
 */
import { request } from 'node:http'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { createRevocation, createStorageGrant } from '@capchain/storage'
import { TEMPORARY_PREFIX } from '@capchain/storage-service'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizationHeader, invokeOverHttp, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'

const SIZE = 256 * 1024
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

let service: ServiceUnderAttack
let victim: HttpSession
let agent: Signer
let helper: Signer
/** victim's session → agent: write anywhere, one use. */
let oneUse: readonly Delegation[]
/** … → agent → helper. */
let delegated: readonly Delegation[]
let subjectDir: string

beforeAll(async () => {
  service = await startServiceUnderAttack()
  victim = await signInOverHttp(service.domain)
  ;[agent, helper] = await Promise.all([generateSigner('Ed25519'), generateSigner('Ed25519')])
  const toAgent = await createStorageGrant({
    issuer: victim.key,
    audience: agent.did(),
    subject: victim.subject,
    ops: ['write'],
    path: '/',
    cap: { uses: 1, bytes: SIZE },
    expiration: inAnHour(),
  })
  oneUse = toAgent.chains.write!
  const toHelper = await createStorageGrant({ issuer: agent, audience: helper.did(), parent: oneUse, ops: ['write'], path: '/', expiration: inAnHour() })
  delegated = toHelper.chains.write!
  subjectDir = join(service.dataDir, 'files', encodeURIComponent(victim.subject))
})
afterAll(() => service.stop())

/** A PUT whose body is written by the caller, piece by piece. */
function streamingPut(url: string, authorization: string, size: number) {
  const req = request(url, { method: 'PUT', headers: { authorization, 'content-length': String(size) } })
  const response = new Promise<{ status: number; code: string | undefined }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: res.statusCode === 201 ? undefined : (JSON.parse(text) as { code: string }).code }))
    })
    req.on('error', reject)
  })
  return {
    write: (bytes: Uint8Array) => new Promise<void>((resolve, reject) => req.write(bytes, (error) => (error ? reject(error) : resolve()))),
    end: () => req.end(),
    response,
  }
}

async function temporaries(): Promise<string[]> {
  const names = await readdir(subjectDir).catch(() => [] as string[])
  return names.filter((name) => name.startsWith(TEMPORARY_PREFIX))
}

/** Polls (bounded) until the service is writing the body to a temporary file. */
async function untilStreaming(): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    if ((await temporaries()).length > 0) return true
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return false
}

describe('a revocation while the body streams', () => {
  it('refuses the upload with ERR_REVOKED: nothing visible, the use refunded', async () => {
    const { header } = await invokeOverHttp(victim, { op: 'write', path: '/late.bin', size: SIZE, service: service.did, issuer: helper, chain: delegated })
    const upload = streamingPut(routeUrl(service, 'files', '/late.bin'), header, SIZE)
    await upload.write(new Uint8Array(SIZE / 2))
    expect(await untilStreaming()).toBe(true)

    // The agent revokes what it gave the helper, while the helper's body is half sent.
    const revocation = await createRevocation({
      issuer: agent,
      service: service.did,
      path: [victim.root, ...delegated],
      expiration: Math.floor(Date.now() / 1000) + 300,
    })
    const revoked = await fetch(new URL('revoke', service.url), {
      method: 'POST',
      headers: { authorization: authorizationHeader([revocation.bytes, victim.root.cacao, ...delegated.map((link) => link.bytes)]) },
    })
    expect(revoked.status).toBe(200)

    await upload.write(new Uint8Array(SIZE / 2))
    upload.end()
    expect(await upload.response).toEqual({ status: 403, code: 'ERR_REVOKED' })
    // The subject's directory was made for this upload, and went with it.
    expect(await readdir(subjectDir).catch(() => [])).toEqual([])

    // Near miss, and the refund: the agent's own chain is not revoked, and its one use is back.
    const own = await invokeOverHttp(victim, { op: 'write', path: '/late.bin', size: SIZE, service: service.did, issuer: agent, chain: oneUse })
    const again = streamingPut(routeUrl(service, 'files', '/late.bin'), own.header, SIZE)
    await again.write(new Uint8Array(SIZE / 2))
    expect(await untilStreaming()).toBe(true)
    await again.write(new Uint8Array(SIZE / 2))
    again.end()
    expect(await again.response).toEqual({ status: 201, code: undefined })
    expect(await readdir(subjectDir)).toEqual(['late.bin'])
  })
})
