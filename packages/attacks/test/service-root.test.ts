/**
 * Review item 6 (issue 14): `PUT /files` (path `/`) replaced the subject's
 * root directory with a file. The storage profile now refuses `/` as the
 * target of write and delete (`InvalidStoragePathError`, reason `root`),
 * before any policy or file: the root can still be listed.
 */
import { createInvocation } from '@capchain/core'
import type { IPLDMap } from '@capchain/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizationHeader, invokeOverHttp, refusalCode, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'

let service: ServiceUnderAttack
let session: HttpSession

beforeAll(async () => {
  service = await startServiceUnderAttack()
  session = await signInOverHttp(service.domain)
  const { header } = await invokeOverHttp(session, { op: 'write', path: '/kept.txt', size: 4, service: service.did })
  expect((await fetch(routeUrl(service, 'files', '/kept.txt'), { method: 'PUT', headers: { authorization: header }, body: 'kept' })).status).toBe(201)
})
afterAll(() => service.stop())

/** A storage invocation of `/` under the session's root, built by hand: the package's builder refuses it. */
async function rootInvocation(command: string, args: IPLDMap): Promise<string> {
  const invocation = await createInvocation({
    issuer: session.key,
    subject: session.subject,
    audience: service.did,
    command,
    args,
    proofs: [session.root.cid],
    expiration: Math.floor(Date.now() / 1000) + 300,
  })
  return authorizationHeader([invocation.bytes, session.root.cacao])
}

async function listRoot(): Promise<unknown> {
  const { header } = await invokeOverHttp(session, { op: 'list', path: '/', service: service.did })
  const response = await fetch(routeUrl(service, 'list', '/'), { headers: { authorization: header } })
  expect(response.status).toBe(200)
  return ((await response.json()) as { entries: { name: string }[] }).entries.map((entry) => entry.name)
}

describe('the subject root as a target', () => {
  it('PUT /files: 400 ERR_STORAGE_PATH_INVALID, the tree untouched', async () => {
    const header = await rootInvocation('/storage/write', { path: '/', size: 5 })
    const response = await fetch(new URL('files', service.url), { method: 'PUT', headers: { authorization: header }, body: 'evil!' })
    expect(response.status).toBe(400)
    expect((await response.json()) as { code: string; detail: string }).toMatchObject({
      code: 'ERR_STORAGE_PATH_INVALID',
      detail: expect.stringContaining('(root)'),
    })
    expect(await listRoot()).toEqual(['kept.txt'])
  })

  it('DELETE /files/: 400 ERR_STORAGE_PATH_INVALID', async () => {
    const header = await rootInvocation('/storage/delete', { path: '/' })
    const response = await fetch(new URL('files/', service.url), { method: 'DELETE', headers: { authorization: header } })
    expect(response.status).toBe(400)
    expect(await refusalCode(response)).toBe('ERR_STORAGE_PATH_INVALID')
    expect(await listRoot()).toEqual(['kept.txt'])
  })

  it('near misses: a file just below the root is written and deleted', async () => {
    const write = await invokeOverHttp(session, { op: 'write', path: '/x', size: 1, service: service.did })
    expect((await fetch(routeUrl(service, 'files', '/x'), { method: 'PUT', headers: { authorization: write.header }, body: 'x' })).status).toBe(201)
    const remove = await invokeOverHttp(session, { op: 'delete', path: '/x', service: service.did })
    expect((await fetch(routeUrl(service, 'files', '/x'), { method: 'DELETE', headers: { authorization: remove.header } })).status).toBe(200)
  })
})
