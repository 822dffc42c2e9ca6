/**
 * The client in Node against a real service on a loopback port: one wallet
 * signature, then files, sharing, import, revocation, all signed by the
 * client's own key. The service comes from the workspace's sources (it
 * depends on this package, so this package cannot depend on it).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { testWallet } from '../../storage-service/test/support/wallet.js'
import type { TestWallet } from '../../storage-service/test/support/wallet.js'
import { createClient, DelegationImportError, fileStore, memoryStore, NoAuthorityError, NotSignedInError, ServiceError } from '../src/index.js'
import type { CapchainClient, Progress } from '../src/index.js'

let service: TestService
let wallet: TestWallet
let home: string
let owner: CapchainClient

async function denied(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ServiceError)) throw error ?? new Error('expected a denial')
  return error.code
}

beforeAll(async () => {
  service = await startTestService()
  home = await mkdtemp(join(tmpdir(), 'capchain-client-'))
  wallet = testWallet()
  owner = await createClient({ service: service.url, store: fileStore(join(home, 'owner')) })
})
afterAll(async () => {
  await service.stop()
  await rm(home, { recursive: true, force: true })
})

describe('signIn', () => {
  it('asks the wallet for exactly one signature and names the client key in the SIWE root', async () => {
    expect(owner.session()).toBeUndefined()
    const session = await owner.signIn(wallet, { statement: 'Sign in to the tests.' })
    expect(wallet.signatures).toBe(1)
    expect(session.subject).toBe(`did:pkh:eip155:1:${wallet.address}`)
    expect(session.domain).toBe(new URL(service.url).host)
    expect(owner.session()).toEqual(session)
  })

  it('is kept with the key: a new client on the same directory needs no new signature', async () => {
    const again = await createClient({ service: service.url, store: fileStore(join(home, 'owner')) })
    expect(again.did).toBe(owner.did)
    expect(again.session()?.cid).toBe(owner.session()?.cid)
    await again.storage.put('/hello.txt', 'hi')
    expect(wallet.signatures).toBe(1)
  })
})

describe('storage', () => {
  it('puts, gets, lists and deletes, reporting progress on large bodies', async () => {
    const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 256)
    const up: Progress[] = []
    expect(await owner.storage.put('/data/blob.bin', body, { onProgress: (p) => up.push(p) })).toEqual({ path: '/data/blob.bin', size: body.length })
    expect(up.length).toBeGreaterThan(10)
    expect(up.at(-1)).toEqual({ loaded: body.length, total: body.length })
    expect(up.every((p, i) => i === 0 || p.loaded > up[i - 1]!.loaded)).toBe(true)

    const down: Progress[] = []
    const file = await owner.storage.get('/data/blob.bin', { onProgress: (p) => down.push(p) })
    expect(file.size).toBe(body.length)
    // Buffer comparison: a deep equality over 3 M elements would block the event loop for seconds.
    expect(Buffer.from(await file.bytes()).equals(body)).toBe(true)
    expect(down.at(-1)).toEqual({ loaded: body.length, total: body.length })

    const stream = new Blob(['streamed ', 'text']).stream()
    await owner.storage.put('/data/note.txt', stream, { size: 13 })
    expect(await (await owner.storage.get('/data/note.txt')).text()).toBe('streamed text')

    expect((await owner.storage.list('/data')).entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ['blob.bin', 'file', body.length],
      ['note.txt', 'file', 13],
    ])
    await owner.storage.delete('/data/note.txt')
    expect(await denied(() => owner.storage.get('/data/note.txt'))).toBe('ERR_NOT_FOUND')
    expect(wallet.signatures).toBe(1)
  })

  it('refuses a stream of unknown size before signing anything', async () => {
    await expect(owner.storage.put('/x', new Blob(['x']).stream())).rejects.toMatchObject({ code: 'ERR_CLIENT_INPUT' })
  })
})

describe('delegate, export, import, revoke', () => {
  it('shares two folders under one quota of uses, as a string another client imports', async () => {
    await owner.storage.put('/photos/a.jpg', 'photo')
    await owner.storage.put('/music/b.mp3', 'song')
    await owner.storage.put('/private/c.txt', 'secret')
    const agent = await createClient({ service: service.url, store: memoryStore() })
    const grant = await owner.delegate(agent.did, { paths: ['/photos', '/music'], ops: ['read'], maxUses: 2, expiresIn: 600 })
    expect(grant).toMatchObject({ audience: agent.did, paths: ['/photos', '/music'], ops: ['read'], maxUses: 2, revoked: false })
    expect(owner.exportDelegation(grant.cid)).toBe(grant.container)

    const imported = await agent.importDelegation(grant.container)
    expect(imported).toMatchObject({ subject: owner.session()!.subject, issuer: owner.did })
    expect(await (await agent.storage.get('/photos/a.jpg')).text()).toBe('photo')
    expect(await (await agent.storage.get('/music/b.mp3')).text()).toBe('song')
    expect(await denied(() => agent.storage.get('/private/c.txt'))).toBe('ERR_POLICY_VIOLATION')
    expect(await denied(() => agent.storage.list('/photos'))).toBe('ERR_COMMAND_ESCALATION')
    expect(await denied(() => agent.storage.get('/photos/a.jpg'))).toBe('ERR_CAP_EXCEEDED')
  })

  it('revokes a grant with no wallet prompt; the agent is then denied', async () => {
    const agent = await createClient({ service: service.url, store: memoryStore() })
    const grant = await owner.delegate(agent.did, { paths: ['/photos'] })
    await agent.importDelegation(grant.container)
    expect((await agent.storage.list('/photos')).entries.map((e) => e.name)).toEqual(['a.jpg'])
    expect(await owner.revoke(grant.cid)).toEqual({ revoked: grant.cid, revoker: owner.did, recorded: true })
    expect(owner.issued().find((issued) => issued.cid === grant.cid)?.revoked).toBe(true)
    expect(await denied(() => agent.storage.list('/photos'))).toBe('ERR_REVOKED')
    expect(wallet.signatures).toBe(1)
  })

  it('lets a holder delegate further, attenuated, from an imported grant', async () => {
    const agent = await createClient({ service: service.url, store: memoryStore() })
    const bot = await createClient({ service: service.url, store: memoryStore() })
    const grant = await owner.delegate(agent.did, { paths: ['/photos'], ops: ['read'] })
    const imported = await agent.importDelegation(grant.container)
    const sub = await agent.delegate(bot.did, { via: imported.cid, paths: ['/photos/a.jpg'], ops: ['read'] })
    await bot.importDelegation(sub.container)
    expect(await (await bot.storage.get('/photos/a.jpg')).text()).toBe('photo')
    await owner.revoke(grant.cid)
    expect(await denied(() => bot.storage.get('/photos/a.jpg'))).toBe('ERR_REVOKED')
  })

  it('refuses what it cannot use or revoke', async () => {
    const stranger = await createClient({ service: service.url, store: memoryStore() })
    await expect(stranger.storage.list('/')).rejects.toThrow(NoAuthorityError)
    await expect(stranger.delegate(owner.did)).rejects.toThrow(NotSignedInError)
    const grant = await owner.delegate(owner.did, { paths: ['/photos'] })
    await expect(stranger.importDelegation(grant.container)).rejects.toThrow(DelegationImportError)
    await expect(stranger.importDelegation('not a container')).rejects.toThrow(DelegationImportError)
    await expect(stranger.revoke(grant.cid)).rejects.toMatchObject({ code: 'ERR_UNKNOWN_DELEGATION' })
    await expect(owner.revoke(owner.session()!.cid)).rejects.toMatchObject({ code: 'ERR_CLIENT_INPUT' })
  })
})
