/**
 * Every route over real HTTP on a loopback port, as a client meets them:
 * the service's DID, upload, download, list, delete, revoke, and the web page.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'
import { invoke, signIn, url } from './support/session.js'
import type { Session } from './support/session.js'

let service: TestService
let owner: Session
let domain: string

beforeAll(async () => {
  service = await startTestService()
  domain = new URL(service.url).host
  owner = await signIn(domain)
})
afterAll(() => service.stop())

const send = async (method: string, target: string, header: string, body?: Uint8Array) =>
  fetch(target, { method, headers: { authorization: header, ...(body === undefined ? {} : { 'content-length': String(body.length) }) }, ...(body === undefined ? {} : { body }) })

describe('GET /info', () => {
  it("names the service's DID, the audience of every invocation", async () => {
    const response = await fetch(new URL('info', service.url))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ did: service.did, authorization: 'UCAN <container>', rootFormats: ['SIWE (CAIP-74 CACAO)'] })
  })

  it("publishes the limits its chains are verified under, the service's own where tighter than the verifier's", async () => {
    const { limits } = (await (await fetch(new URL('info', service.url))).json()) as { limits: Record<string, number> }
    expect(limits).toMatchObject({ maxChainLength: 8, maxPolicySteps: 100_000, maxProofs: 32, maxHeaderBytes: 64 * 1024 })
  })

  it('publishes the discovery document: the info, POST /revoke and the command of each storage route', async () => {
    const response = await fetch(new URL('.well-known/capchain', service.url))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      did: service.did,
      revoke: { method: 'POST', path: '/revoke', command: '/ucan/revoke' },
      routes: [
        { method: 'PUT', path: '/files/*', command: '/storage/write' },
        { method: 'GET', path: '/files/*', command: '/storage/read' },
        { method: 'DELETE', path: '/files/*', command: '/storage/delete' },
        { method: 'GET', path: '/list/*', command: '/storage/list' },
      ],
    })
  })

  it('keeps its DID across restarts: the key is saved with the store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'capchain-restart-'))
    const { startStorageService } = await import('../src/index.js')
    const first = await startStorageService({ dataDir, webDir: false })
    await first.close()
    const second = await startStorageService({ dataDir, webDir: false })
    await second.close()
    expect(second.did).toBe(first.did)
    await rm(dataDir, { recursive: true, force: true })
  })
})

describe('PUT, GET, GET /list, DELETE', () => {
  const content = new TextEncoder().encode('hello, storage')

  it('stores a file under the subject, atomically, and answers 201', async () => {
    const { header } = await invoke(owner.session, { op: 'write', path: '/docs/hello.txt', size: content.length, service: service.did })
    const response = await send('PUT', url(service, 'files', '/docs/hello.txt'), header, content)
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({ path: '/docs/hello.txt', size: content.length })
    const dir = join(service.dataDir, 'files', encodeURIComponent(owner.session.subject), 'docs')
    expect(await readdir(dir)).toEqual(['hello.txt'])
    expect(await readFile(join(dir, 'hello.txt'), 'utf8')).toBe('hello, storage')
  })

  it('streams the file back, declaring at most the size the invocation allows', async () => {
    const { header } = await invoke(owner.session, { op: 'read', path: '/docs/hello.txt', size: 1000, service: service.did })
    const response = await send('GET', url(service, 'files', '/docs/hello.txt'), header)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(content.length))
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(await response.text()).toBe('hello, storage')
  })

  it('lists a directory, and the subject root even when empty', async () => {
    const { header } = await invoke(owner.session, { op: 'list', path: '/docs', service: service.did })
    const response = await send('GET', url(service, 'list', '/docs'), header)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { path: string; entries: { name: string; type: string; size: number }[] }
    expect(body.path).toBe('/docs')
    expect(body.entries).toMatchObject([{ name: 'hello.txt', path: '/docs/hello.txt', type: 'file', size: content.length }])

    const stranger = await signIn(domain, '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
    const root = await invoke(stranger.session, { op: 'list', path: '/', service: service.did })
    const empty = await send('GET', url(service, 'list', '/'), root.header)
    expect(empty.status).toBe(200)
    expect(await empty.json()).toEqual({ path: '/', entries: [] })
  })

  it('keeps subjects apart: the same path of another wallet is another file', async () => {
    const other = await signIn(domain, '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')
    const { header } = await invoke(other.session, { op: 'read', path: '/docs/hello.txt', size: 1000, service: service.did })
    const response = await send('GET', url(service, 'files', '/docs/hello.txt'), header)
    expect(response.status).toBe(404)
    expect(((await response.json()) as { code: string }).code).toBe('ERR_NOT_FOUND')
  })

  it('deletes a file, then an empty directory', async () => {
    const file = await invoke(owner.session, { op: 'delete', path: '/docs/hello.txt', service: service.did })
    const deleted = await send('DELETE', url(service, 'files', '/docs/hello.txt'), file.header)
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ path: '/docs/hello.txt', deleted: true })
    const dir = await invoke(owner.session, { op: 'delete', path: '/docs', service: service.did })
    expect((await send('DELETE', url(service, 'files', '/docs'), dir.header)).status).toBe(200)
    const again = await invoke(owner.session, { op: 'delete', path: '/docs', service: service.did })
    expect((await send('DELETE', url(service, 'files', '/docs'), again.header)).status).toBe(404)
  })

  it('decodes percent-encoded names to exactly the path the invocation names', async () => {
    const path = '/photos/été 2024/plage.jpg'
    const { header } = await invoke(owner.session, { op: 'write', path, size: 3, service: service.did })
    const response = await send('PUT', url(service, 'files', path), header, Uint8Array.of(1, 2, 3))
    expect(response.status).toBe(201)
    expect(await readdir(join(service.dataDir, 'files', encodeURIComponent(owner.session.subject), 'photos'))).toEqual(['été 2024'])
  })
})

describe('the web page', () => {
  it('is served with a strict content security policy when the service has one', async () => {
    const webDir = await mkdtemp(join(tmpdir(), 'capchain-web-'))
    await Promise.all(['index.html', 'app.css', 'app.js'].map((name) => writeFile(join(webDir, name), `/* ${name} */`)))
    const withPage = await startTestService({ webDir })
    try {
      const page = await fetch(withPage.url)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
      const script = await fetch(new URL('app.js', withPage.url))
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(await script.text()).toBe('/* app.js */')
    } finally {
      await withPage.stop()
      await rm(webDir, { recursive: true, force: true })
    }
  })
})
