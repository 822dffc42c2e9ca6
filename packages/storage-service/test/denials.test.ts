/**
 * Every denial over real HTTP, with its status and the error body
 * RFC 9457 `application/problem+json` `{ type, title, status, detail, code, at, cid, explanation }`: the verifier's code
 * and its `explain()` text (docs/service.md, "Statuses").
 */
import { request } from 'node:http'
import { createClient, memoryStore } from '@capchain/client'
import type { CapchainClient } from '@capchain/client'
import { generateSigner } from '@capchain/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'
import { header, invoke, signIn, url } from './support/session.js'
import type { Session } from './support/session.js'
import { testWallet } from './support/wallet.js'

interface Denial {
  readonly status: number
  readonly code: string
  readonly body: { type: string; status: number; detail: string; code: string; at?: string; cid?: string; explanation: string }
  readonly headers: Headers
}

let service: TestService
let owner: Session
let domain: string
let ownerClient: CapchainClient
let agent: CapchainClient

const unix = () => Math.floor(Date.now() / 1000)

async function denial(response: Response): Promise<Denial> {
  const body = (await response.json()) as Denial['body']
  // Every refusal is the guard's problem body, whatever refused it.
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  expect(body).toMatchObject({ type: `https://capchain.dev/errors/${body.code}`, status: response.status })
  return { status: response.status, code: body.code, body, headers: response.headers }
}

async function send(method: string, path: string, authorization: string | undefined, body?: Uint8Array, route: 'files' | 'list' = 'files') {
  return fetch(url(service, route, path), {
    method,
    headers: { ...(authorization === undefined ? {} : { authorization }), ...(body === undefined ? {} : { 'content-length': String(body.length) }) },
    ...(body === undefined ? {} : { body }),
  })
}

/** The client's own denial, as a `ServiceError` carries it. */
async function clientDenial(run: () => Promise<unknown>): Promise<{ status: number; code: string; explanation: string }> {
  try {
    await run()
  } catch (error) {
    const { status, code, explanation } = error as { status: number; code: string; explanation: string }
    return { status, code, explanation }
  }
  throw new Error('expected a denial')
}

beforeAll(async () => {
  service = await startTestService()
  domain = new URL(service.url).host
  owner = await signIn(domain)
  ownerClient = await createClient({ service: service.url, store: memoryStore() })
  await ownerClient.signIn(testWallet('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba'))
  await ownerClient.storage.put('/photos/cat.jpg', new Uint8Array(600))
  await ownerClient.storage.put('/notes/todo.txt', 'todo')
  agent = await createClient({ service: service.url, store: memoryStore() })
  const grant = await ownerClient.delegate(agent.did, { paths: ['/photos'], ops: ['read', 'list'], maxBytes: 1000 })
  await agent.importDelegation(grant.container)
})
afterAll(() => service.stop())

describe('401: credentials missing, unreadable, not authentic or not valid now', () => {
  it('no Authorization header', async () => {
    const result = await denial(await send('GET', '/a.txt', undefined))
    expect(result).toMatchObject({ status: 401, code: 'ERR_AUTH_MISSING' })
    expect(result.headers.get('www-authenticate')).toBe('UCAN')
    expect(result.body.explanation).toMatch(/^✘ denied \[ERR_AUTH_MISSING\]/)
  })

  it('another scheme', async () => {
    expect(await denial(await send('GET', '/a.txt', 'Bearer abc'))).toMatchObject({ status: 401, code: 'ERR_AUTH_MALFORMED' })
  })

  it('a container that does not decode', async () => {
    const result = await denial(await send('GET', '/a.txt', 'UCAN Cnot*base64'))
    expect(result).toMatchObject({ status: 401, code: 'ERR_CONTAINER_UNDECODABLE' })
  })

  it('a container without an invocation', async () => {
    expect(await denial(await send('GET', '/a.txt', header([owner.session.root.cacao])))).toMatchObject({ status: 401, code: 'ERR_AUTH_MALFORMED' })
  })

  it('a container whose invocation-tagged token does not decode, or with two invocations', async () => {
    const { invocation } = await invoke(owner.session, { op: 'list', path: '/', service: service.did })
    const truncated = invocation.bytes.subarray(0, invocation.bytes.length - 1)
    const broken = await denial(await send('GET', '/', header([truncated, owner.session.root.cacao]), undefined, 'list'))
    expect(broken).toMatchObject({ status: 401, code: 'ERR_TOKEN_UNDECODABLE' })
    expect(broken.body.at).toBe('invocation')
    const { invocation: another } = await invoke(owner.session, { op: 'list', path: '/', service: service.did })
    const two = await denial(await send('GET', '/', header([invocation.bytes, another.bytes, owner.session.root.cacao]), undefined, 'list'))
    expect(two).toMatchObject({ status: 401, code: 'ERR_AUTH_MALFORMED' })
  })

  it('an invocation whose signature was altered', async () => {
    const { invocation } = await invoke(owner.session, { op: 'list', path: '/', service: service.did })
    const tampered = invocation.bytes.slice()
    tampered[10] = tampered[10]! ^ 0xff // inside the 64-byte signature, after the 0x82 0x58 0x40 prefix
    const result = await denial(await send('GET', '/', header([tampered, owner.session.root.cacao]), undefined, 'list'))
    expect(result).toMatchObject({ status: 401, code: 'ERR_SIGNATURE_MISMATCH' })
    expect(result.body.explanation).toContain('✘ ERR_SIGNATURE_MISMATCH')
  })

  it('an expired invocation', async () => {
    const { header: expired } = await invoke(owner.session, { op: 'list', path: '/', service: service.did, expiration: unix() - 120 })
    expect(await denial(await send('GET', '/', expired, undefined, 'list'))).toMatchObject({ status: 401, code: 'ERR_EXPIRED' })
  })
})

describe('403: authentic, but not allowed', () => {
  it('a session signed in for another domain', async () => {
    const elsewhere = await signIn('evil.example')
    const { header: h } = await invoke(elsewhere.session, { op: 'list', path: '/', service: service.did })
    const result = await denial(await send('GET', '/', h, undefined, 'list'))
    expect(result).toMatchObject({ status: 403, code: 'ERR_ROOT_REJECTED' })
    expect(result.body.detail).toContain('evil.example')
  })

  it('an invocation addressed to another service', async () => {
    const other = await generateSigner('Ed25519')
    const { header: h } = await invoke(owner.session, { op: 'list', path: '/', service: other.did() })
    expect(await denial(await send('GET', '/', h, undefined, 'list'))).toMatchObject({ status: 403, code: 'ERR_AUDIENCE_MISMATCH' })
  })

  it('an invocation by a key the root did not delegate to', async () => {
    const thief = await generateSigner('Ed25519')
    const { header: h } = await invoke(owner.session, { op: 'list', path: '/', service: service.did, issuer: thief })
    expect(await denial(await send('GET', '/', h, undefined, 'list'))).toMatchObject({ status: 403, code: 'ERR_PRINCIPAL_MISALIGNED' })
  })

  it('a URL path other than args.path', async () => {
    const { header: h } = await invoke(owner.session, { op: 'read', path: '/notes/todo.txt', size: 10, service: service.did })
    const result = await denial(await send('GET', '/photos/cat.jpg', h))
    expect(result).toMatchObject({ status: 403, code: 'ERR_STORAGE_PATH_MISMATCH', body: { at: 'args.path' } })
  })

  it('a method other than the invoked operation', async () => {
    const { header: h } = await invoke(owner.session, { op: 'read', path: '/x.txt', size: 1, service: service.did })
    expect(await denial(await send('PUT', '/x.txt', h, Uint8Array.of(1)))).toMatchObject({ status: 403, code: 'ERR_STORAGE_OPERATION' })
  })

  it('an operation the grant does not include', async () => {
    const result = await clientDenial(() => agent.storage.put('/photos/new.jpg', 'x'))
    expect(result).toMatchObject({ status: 403, code: 'ERR_COMMAND_ESCALATION' })
    expect(result.explanation).toContain('✘ ERR_COMMAND_ESCALATION')
  })

  it('a path outside the grant', async () => {
    const result = await clientDenial(async () => (await agent.storage.get('/notes/todo.txt')).bytes())
    expect(result).toMatchObject({ status: 403, code: 'ERR_POLICY_VIOLATION' })
  })

  it('past the quota: 403, as a cap never refills', async () => {
    expect((await (await agent.storage.get('/photos/cat.jpg')).bytes()).length).toBe(600)
    const result = await clientDenial(async () => (await agent.storage.get('/photos/cat.jpg')).bytes())
    expect(result).toMatchObject({ status: 403, code: 'ERR_CAP_EXCEEDED' })
    expect(result.explanation).toMatch(/allows 1000 bytes; 600 are spent and this request needs 600/)
  })
})

describe('409, 413, 411, 400, 404', () => {
  it('409: the same invocation twice', async () => {
    const { header: h } = await invoke(owner.session, { op: 'list', path: '/', service: service.did })
    expect((await send('GET', '/', h, undefined, 'list')).status).toBe(200)
    expect(await denial(await send('GET', '/', h, undefined, 'list'))).toMatchObject({ status: 409, code: 'ERR_REPLAY' })
  })

  it('409: a file where a directory is needed', async () => {
    const file = await invoke(owner.session, { op: 'write', path: '/block', size: 1, service: service.did })
    expect((await send('PUT', '/block', file.header, Uint8Array.of(1))).status).toBe(201)
    const under = await invoke(owner.session, { op: 'write', path: '/block/inner.txt', size: 1, service: service.did })
    expect(await denial(await send('PUT', '/block/inner.txt', under.header, Uint8Array.of(1)))).toMatchObject({ status: 409, code: 'ERR_PATH_CONFLICT' })
  })

  it('404: a missing file, refused after the check, explained with the chain the guard checked', async () => {
    const { header: h, invocation } = await invoke(owner.session, { op: 'read', path: '/missing.txt', size: 10, service: service.did })
    const result = await denial(await send('GET', '/missing.txt', h))
    expect(result).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND', body: { at: 'args.path' } })
    expect(result.body.explanation).toMatch(/^✘ denied \[ERR_NOT_FOUND\] at args\.path/)
    expect(result.body.explanation).toContain(invocation.cid.toString())
  })

  it('413: a body larger than the invocation declares', async () => {
    const { header: h } = await invoke(owner.session, { op: 'write', path: '/big.bin', size: 10, service: service.did })
    expect(await denial(await send('PUT', '/big.bin', h, new Uint8Array(11)))).toMatchObject({ status: 413, code: 'ERR_STORAGE_SIZE_EXCEEDED' })
  })

  it('413: a file larger than the read declares', async () => {
    const put = await invoke(owner.session, { op: 'write', path: '/five.txt', size: 5, service: service.did })
    expect((await send('PUT', '/five.txt', put.header, new TextEncoder().encode('12345'))).status).toBe(201)
    const { header: h } = await invoke(owner.session, { op: 'read', path: '/five.txt', size: 2, service: service.did })
    expect(await denial(await send('GET', '/five.txt', h))).toMatchObject({ status: 413, code: 'ERR_STORAGE_SIZE_EXCEEDED' })
  })

  it('411: a chunked upload', async () => {
    const { header: h } = await invoke(owner.session, { op: 'write', path: '/chunked.bin', size: 3, service: service.did })
    const response = await fetch(url(service, 'files', '/chunked.bin'), {
      method: 'PUT',
      headers: { authorization: h },
      body: new ReadableStream({ start: (c) => (c.enqueue(Uint8Array.of(1, 2, 3)), c.close()) }),
      duplex: 'half',
    } as RequestInit)
    expect(await denial(response)).toMatchObject({ status: 411, code: 'ERR_LENGTH_REQUIRED' })
  })

  it('400: a Content-Length below the declared size', async () => {
    const { header: h } = await invoke(owner.session, { op: 'write', path: '/short.bin', size: 10, service: service.did })
    expect(await denial(await send('PUT', '/short.bin', h, new Uint8Array(9)))).toMatchObject({ status: 400, code: 'ERR_CONTENT_LENGTH_MISMATCH' })
  })

  it('400: an invocation that lives longer than an hour', async () => {
    const { header: h } = await invoke(owner.session, { op: 'list', path: '/', service: service.did, expiration: unix() + 7200 })
    expect(await denial(await send('GET', '/', h, undefined, 'list'))).toMatchObject({ status: 400, code: 'ERR_STORAGE_EXPIRY' })
  })

  it('400: a URL path that is not canonical, before the file system is touched', async () => {
    const { header: h } = await invoke(owner.session, { op: 'read', path: '/notes/todo.txt', size: 10, service: service.did })
    const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // node:http sends the target as written; a WHATWG URL would resolve the dot segments first.
      const target = { host: '127.0.0.1', port: service.port, path: '/files/photos/%2E%2E/notes/todo.txt', headers: { authorization: h } }
      const req = request(target, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(raw.status).toBe(400)
    expect(JSON.parse(raw.body)).toMatchObject({ code: 'ERR_STORAGE_PATH_INVALID', at: 'url' })
  })
})
