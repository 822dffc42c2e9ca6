/**
 * Review item 5 (issue 14): `HEAD /files/*` ran the GET handler (Hono routes
 * HEAD to GET and drops the body), so each HEAD left a reservation open
 * forever (the file's size and one use) and a file handle open until GC:
 * 200 HEADs, 200 open reservations, fds 23 → 85. HEAD is now refused (405)
 * before anything is read, charged or opened; and a download the client
 * abandons settles its reservation with the bytes sent and closes its file.
 *
 * Open file handles are counted structurally: the service runs in this
 * process, so `/proc/self/fd` shows every descriptor it holds on the file.
 */
import { readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { createStorageGrant } from '@capchain/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeOverHttp, refusalCode, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'

const FILE = 16 * 1024 * 1024
const PATH = '/big.bin'

let service: ServiceUnderAttack
let session: HttpSession
let agent: Signer
let storedFile: string

/** Descriptors this process holds open on the stored file. */
async function handlesOnFile(): Promise<number> {
  const fds = await readdir('/proc/self/fd')
  const targets = await Promise.all(fds.map((fd) => readlink(join('/proc/self/fd', fd)).catch(() => '')))
  return targets.filter((target) => target === storedFile).length
}

/** Polls (bounded) until `condition` holds; the outcome is asserted by the caller, not the time it took. */
async function eventually(condition: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return false
}

/** A read grant from the session key to the agent with a cap. */
async function cappedRead(cap: { bytes: number; uses: number }): Promise<readonly Delegation[]> {
  const grant = await createStorageGrant({
    issuer: session.key,
    audience: agent.did(),
    subject: session.subject,
    ops: ['read'],
    path: '/',
    cap,
    expiration: Math.floor(Date.now() / 1000) + 3600,
  })
  return grant.chains.read!
}

async function readHeader(chain: readonly Delegation[]): Promise<string> {
  return (await invokeOverHttp(session, { op: 'read', path: PATH, size: FILE, service: service.did, issuer: agent, chain })).header
}

beforeAll(async () => {
  service = await startServiceUnderAttack()
  session = await signInOverHttp(service.domain)
  agent = await generateSigner('Ed25519')
  const { header } = await invokeOverHttp(session, { op: 'write', path: PATH, size: FILE, service: service.did })
  const response = await fetch(routeUrl(service, 'files', PATH), { method: 'PUT', headers: { authorization: header }, body: new Uint8Array(FILE) })
  expect(response.status).toBe(201)
  storedFile = join(service.dataDir, 'files', encodeURIComponent(session.subject), 'big.bin')
})
afterAll(() => service.stop())

describe('HEAD on storage routes', () => {
  it('is 405 with Allow, 200 times: no reservation, no replay record, no file handle', async () => {
    const chain = await cappedRead({ bytes: FILE, uses: 1 })
    const headers = await Promise.all(Array.from({ length: 200 }, () => readHeader(chain)))
    for (const authorization of headers) {
      const response = await fetch(routeUrl(service, 'files', PATH), { method: 'HEAD', headers: { authorization } })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, PUT, DELETE')
    }
    expect(await handlesOnFile()).toBe(0)
    // The cap's one use is still there, and the invocations were never recorded as executed.
    const first = await fetch(routeUrl(service, 'files', PATH), { headers: { authorization: headers[0]! } })
    expect(first.status).toBe(200)
    expect((await first.arrayBuffer()).byteLength).toBe(FILE)
    // Near miss: the cap is enforced, so a HEAD that had reserved would have been seen.
    const second = await fetch(routeUrl(service, 'files', PATH), { headers: { authorization: headers[1]! } })
    expect(await refusalCode(second)).toBe('ERR_CAP_EXCEEDED')
  })

  it('is 405 on /list too', async () => {
    const { header } = await invokeOverHttp(session, { op: 'list', path: '/', service: service.did })
    const head = await fetch(routeUrl(service, 'list', '/'), { method: 'HEAD', headers: { authorization: header } })
    expect(head.status).toBe(405)
    expect(head.headers.get('allow')).toBe('GET')
    expect((await fetch(routeUrl(service, 'list', '/'), { headers: { authorization: header } })).status).toBe(200)
  })
})

describe('a download the client abandons', () => {
  it('settles its reservation with the bytes sent and closes the file', async () => {
    // Room for one whole download and part of another: an abandoned download still holding its full reservation leaves no room.
    const chain = await cappedRead({ bytes: 2 * FILE - 1, uses: 10 })
    for (let i = 0; i < 2; i++) {
      const abort = new AbortController()
      const response = await fetch(routeUrl(service, 'files', PATH), { headers: { authorization: await readHeader(chain) }, signal: abort.signal })
      expect(response.status).toBe(200)
      const reader = response.body!.getReader()
      expect((await reader.read()).done).toBe(false)
      abort.abort()
      await reader.cancel().catch(() => undefined)
      expect(await eventually(async () => (await handlesOnFile()) === 0)).toBe(true)
    }
    // Two abandoned downloads charged only what they sent: a whole one still fits.
    const whole = await fetch(routeUrl(service, 'files', PATH), { headers: { authorization: await readHeader(chain) } })
    expect(whole.status).toBe(200)
    expect((await whole.arrayBuffer()).byteLength).toBe(FILE)
    expect(await handlesOnFile()).toBe(0)
  })
})
