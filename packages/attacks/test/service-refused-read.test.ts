/**
 * A download's file is opened by the guard's measure, after the whole chain
 * is verified, right before the caps reserve its size; the caps can still
 * refuse then. The service must close that file: a refusal after the open
 * that left it to the garbage collector would hold a descriptor per refused
 * request.
 *
 * Open file handles are counted structurally: the service runs in this
 * process, so `/proc/self/fd` shows every descriptor it holds on the file.
 */
import { readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { createStorageGrant } from '@capchain/storage'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { invokeOverHttp, refusalCode, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'

const FILE = 1024 * 1024
const PATH = '/measured.bin'

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

/** A read grant from the session key to the agent with room for one download and `spare` bytes more. */
async function cappedRead(spare: number): Promise<readonly Delegation[]> {
  const grant = await createStorageGrant({
    issuer: session.key,
    audience: agent.did(),
    subject: session.subject,
    ops: ['read'],
    path: '/',
    cap: { bytes: FILE + spare, uses: 10 },
    expiration: Math.floor(Date.now() / 1000) + 3600,
  })
  return grant.chains.read!
}

async function download(chain: readonly Delegation[]): Promise<Response> {
  const { header } = await invokeOverHttp(session, { op: 'read', path: PATH, size: FILE, service: service.did, issuer: agent, chain })
  return fetch(routeUrl(service, 'files', PATH), { headers: { authorization: header } })
}

beforeAll(async () => {
  service = await startServiceUnderAttack()
  session = await signInOverHttp(service.domain)
  agent = await generateSigner('Ed25519')
  const { header } = await invokeOverHttp(session, { op: 'write', path: PATH, size: FILE, service: service.did })
  const response = await fetch(routeUrl(service, 'files', PATH), { method: 'PUT', headers: { authorization: header }, body: new Uint8Array(FILE) })
  expect(response.status).toBe(201)
  storedFile = join(service.dataDir, 'files', encodeURIComponent(session.subject), 'measured.bin')
})
afterAll(() => service.stop())

describe('a download the caps refuse once its file is open', () => {
  it('is ERR_CAP_EXCEEDED, and the file is closed before the answer', async () => {
    const chain = await cappedRead(FILE - 1)
    const first = await download(chain)
    expect(first.status).toBe(200)
    expect((await first.arrayBuffer()).byteLength).toBe(FILE)
    // The chain verifies; only the reservation of the measured size, made with the file open, finds the cap spent.
    for (let i = 0; i < 20; i++) expect(await refusalCode(await download(chain))).toBe('ERR_CAP_EXCEEDED')
    expect(await handlesOnFile()).toBe(0)
  })

  it('near miss: with room for the second download, it is served whole, and closed', async () => {
    const chain = await cappedRead(FILE)
    for (let i = 0; i < 2; i++) {
      const response = await download(chain)
      expect(response.status).toBe(200)
      expect((await response.arrayBuffer()).byteLength).toBe(FILE)
    }
    // A served file is closed once its stream has ended, which the client can see its last byte before.
    await vi.waitFor(async () => expect(await handlesOnFile()).toBe(0), { timeout: 5000, interval: 20 })
  })
})
