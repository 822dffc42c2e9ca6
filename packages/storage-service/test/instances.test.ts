/**
 * Issue 16: four service processes on one PostgreSQL, sharing the service
 * key and the files directory, with requests spread over them. Every
 * guarantee of one instance holds across all four: a cap is spent exactly
 * to its limit, an invocation executes once, a revocation acknowledged by
 * one instance is in force on the others at once (no instance caches
 * revocations: each request reads the table), a killed instance leaves
 * nothing partial and its open reservation for the operator, and a
 * database outage is 503 with Retry-After, then success, with the ledger
 * consistent. The outage runs last: it stops the server.
 */
import { request } from 'node:http'
import { readdir } from 'node:fs/promises'
import { generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { createRevocation } from '@capchain/guard'
import { createStorageGrant, createStorageInvocation } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import { openPostgresStore } from '@capchain/store-postgres'
import type { PostgresStore } from '@capchain/store-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../store-postgres/src/cli.js'
import { START_TIMEOUT_MS, startTestServer } from '../../store-postgres/test/support/postgres.js'
import type { TestServer } from '../../store-postgres/test/support/postgres.js'
import type { Instance } from '../src/demo/scale-instance.js'
import { TEMPORARY_PREFIX } from '../src/index.js'
import { DOMAIN, startCluster } from './support/instances.js'
import type { Cluster } from './support/instances.js'
import { header, invoke, signIn, url } from './support/session.js'
import type { Session } from './support/session.js'

let server: TestServer
let cluster: Cluster
let store: PostgresStore
let owner: Session
let instances: Instance[]

beforeAll(async () => {
  server = await startTestServer({ embedded: true })
  const storeUrl = await server.fresh()
  ;[cluster, owner] = await Promise.all([startCluster(storeUrl, 4), signIn(DOMAIN)])
  instances = cluster.instances
  store = await openPostgresStore({ url: storeUrl, poolSize: 2 })
}, START_TIMEOUT_MS)
afterAll(async () => {
  await store?.close()
  await cluster?.dispose()
  await server?.dispose()
})

const hour = () => Math.floor(Date.now() / 1000) + 3600

/** A grant from the owner's session key to a new agent under `path`. */
async function grantToAgent(ops: StorageOp[], path: string, cap?: { bytes?: number; uses?: number }): Promise<{ agent: Signer; grant: Delegation; chains: Partial<Record<StorageOp, readonly Delegation[]>> }> {
  const agent = await generateSigner('Ed25519')
  const grant = await createStorageGrant({
    issuer: owner.session.key,
    audience: agent.did(),
    subject: owner.session.subject,
    ops,
    path,
    ...(cap === undefined ? {} : { cap }),
    expiration: hour(),
  })
  return { agent, grant: grant.head, chains: grant.chains }
}

/** The `Authorization` header of an agent's invocation through its grant. */
async function agentHeader(agent: Signer, chain: readonly Delegation[], op: StorageOp, path: string, size?: number): Promise<string> {
  const invocation = await createStorageInvocation({
    issuer: agent,
    service: instances[0]!.did,
    op,
    path,
    ...(size === undefined ? {} : { size }),
    chain,
    root: owner.session.root.cid,
    subject: owner.session.subject,
    expiration: hour(),
  })
  return header([invocation.bytes, owner.session.root.cacao, ...chain.map((link) => link.bytes)])
}

const put = (instance: Instance, path: string, authorization: string, body: Uint8Array) =>
  fetch(url(instance, 'files', path), { method: 'PUT', headers: { authorization }, body })
const get = (instance: Instance, path: string, authorization: string) => fetch(url(instance, 'files', path), { headers: { authorization } })
const codeOf = async (response: Response) => (response.ok ? 'allowed' : ((await response.json()) as { code: string }).code)

describe('four instances on one PostgreSQL', () => {
  it('share the key: every instance answers with one DID', () => {
    expect(new Set(instances.map((instance) => instance.did)).size).toBe(1)
  })

  it('spend a cap shared by all four exactly to its limit: 50 concurrent writers, 400 bytes each, through a 10,000-byte grant', async () => {
    const { agent, grant, chains } = await grantToAgent(['write'], '/capped', { bytes: 10_000 })
    const headers = await Promise.all(Array.from({ length: 50 }, (_, i) => agentHeader(agent, chains.write!, 'write', `/capped/${i}.bin`, 400)))
    const responses = await Promise.all(headers.map((authorization, i) => put(instances[i % 4]!, `/capped/${i}.bin`, authorization, new Uint8Array(400).fill(i))))
    const codes = await Promise.all(responses.map(codeOf))
    const accepted = codes.filter((code) => code === 'allowed').length
    expect(accepted * 400).toBe(10_000)
    expect(codes.filter((code) => code !== 'allowed')).toEqual(Array(25).fill('ERR_CAP_EXCEEDED'))
    // The ledger holds what was served, settled: no reservation left open.
    expect((await store.ledger.usage([grant.cid.toString()])).get(grant.cid.toString())).toEqual({ bytes: 10_000, uses: 25 })
    expect(await store.openReservations()).toEqual([])
    const stored = await readdir(`${cluster.filesDir}/${encodeURIComponent(owner.session.subject)}/capped`)
    expect(stored).toHaveLength(25)
  })

  it('execute an invocation sent to all four at once exactly once, 30 times over', async () => {
    const { agent, grant, chains } = await grantToAgent(['write'], '/once', { uses: 1000 })
    for (let round = 0; round < 30; round++) {
      const authorization = await agentHeader(agent, chains.write!, 'write', `/once/${round}.txt`, 2)
      const codes = await Promise.all(instances.map(async (instance) => codeOf(await put(instance, `/once/${round}.txt`, authorization, new Uint8Array([round, round])))))
      expect(codes.filter((code) => code === 'allowed')).toHaveLength(1)
      expect(codes.filter((code) => code !== 'allowed')).toEqual(['ERR_REPLAY', 'ERR_REPLAY', 'ERR_REPLAY'])
    }
    expect((await store.ledger.usage([grant.cid.toString()])).get(grant.cid.toString())).toEqual({ bytes: 60, uses: 30 })
  })

  it('refuse a grant on every other instance as soon as one instance acknowledged its revocation', async () => {
    const path = '/revoked/a.txt'
    const authorization = (await invoke(owner.session, { op: 'write', path, size: 1, service: instances[0]!.did })).header
    expect(await codeOf(await put(instances[0]!, path, authorization, new Uint8Array([1])))).toBe('allowed')
    for (let round = 0; round < 5; round++) {
      const { agent, grant, chains } = await grantToAgent(['read'], '/revoked')
      const reader = instances[(round + 1) % 4]!
      // The near miss: before the revocation, the grant reads.
      expect(await codeOf(await get(reader, path, await agentHeader(agent, chains.read!, 'read', path, 1)))).toBe('allowed')
      const pending = await Promise.all(instances.map(() => agentHeader(agent, chains.read!, 'read', path, 1)))
      const revocation = await createRevocation({ issuer: owner.session.key, service: instances[0]!.did, path: [owner.session.root, grant], expiration: hour() })
      const revoker = instances[round % 4]!
      const revoked = await fetch(new URL('revoke', revoker.url), {
        method: 'POST',
        headers: { authorization: header([revocation.bytes, owner.session.root.cacao, grant.bytes]) },
      })
      expect(revoked.status).toBe(200)
      // The moment the acknowledgement arrives, every instance is asked at once.
      const codes = await Promise.all(instances.map(async (instance, i) => codeOf(await get(instance, path, pending[i]!))))
      expect(codes).toEqual(Array(4).fill('ERR_REVOKED'))
    }
  })

  it('lose nothing when an instance is killed mid-upload: no partial file, the open reservation listed, charged once', async () => {
    const { agent, grant, chains } = await grantToAgent(['write'], '/killed', { bytes: 10_000_000 })
    const cid = grant.cid.toString()
    const path = '/killed/big.bin'
    const size = 1_000_000
    const victim = instances[3]!
    const authorization = await agentHeader(agent, chains.write!, 'write', path, size)
    const upload = request(url(victim, 'files', path), { method: 'PUT', headers: { authorization, 'content-length': String(size) } })
    const broken = new Promise((resolve) => upload.once('error', resolve))
    upload.write(new Uint8Array(size / 2))
    const subjectDir = `${cluster.filesDir}/${encodeURIComponent(owner.session.subject)}/killed`
    // Half the body is on disk in a temporary file: the reservation is open.
    await expect.poll(async () => (await readdir(subjectDir).catch(() => [])).some((name) => name.startsWith(TEMPORARY_PREFIX)), { timeout: 20_000 }).toBe(true)
    victim.process.kill('SIGKILL')
    expect(await victim.exited).toBe('SIGKILL')
    await broken
    instances = instances.filter((instance) => instance !== victim)

    // The owner looks, through another instance (no cap of the grant is charged by it).
    const [reader] = instances
    const service = reader!.did
    expect(await codeOf(await get(reader!, path, (await invoke(owner.session, { op: 'read', path, size, service })).header))).toBe('ERR_NOT_FOUND')
    const listing = await fetch(url(reader!, 'list', '/killed'), { headers: { authorization: (await invoke(owner.session, { op: 'list', path: '/killed', service })).header } })
    expect(await listing.json()).toEqual({ path: '/killed', entries: [] })

    // The operator's command lists the reservation the killed instance left open, charged once.
    const lines: string[] = []
    const out = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line) }
    expect(await runCli(['reservations', cluster.storeUrl], out)).toBe(0)
    const open = lines.map((line) => JSON.parse(line) as { id: string; bytes: number; caps: string[] })
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ bytes: size, caps: [cid] })
    expect((await store.ledger.usage([cid])).get(cid)).toEqual({ bytes: size, uses: 1 })

    // Nothing was stored, so the operator refunds it; a retry through another instance is charged once.
    expect(await runCli(['refund', cluster.storeUrl, open[0]!.id], out)).toBe(0)
    const retry = await agentHeader(agent, chains.write!, 'write', path, size)
    expect(await codeOf(await put(instances[1]!, path, retry, new Uint8Array(size)))).toBe('allowed')
    expect((await store.ledger.usage([cid])).get(cid)).toEqual({ bytes: size, uses: 1 })
    expect(await store.openReservations()).toEqual([])
  })
})

describe('PostgreSQL stopped and started under load', () => {
  it('answers 503 with Retry-After during the outage, succeeds after, and keeps the ledger consistent', async () => {
    const { agent, grant, chains } = await grantToAgent(['write'], '/outage', { bytes: 100_000_000 })
    const cid = grant.cid.toString()
    const outcomes: { status: number; retryAfter: string | null; code: string }[] = []
    let running = true
    let next = 0
    const loops = instances.map(async (instance) => {
      while (running) {
        const path = `/outage/${next++}.bin`
        const authorization = await agentHeader(agent, chains.write!, 'write', path, 100)
        const response = await put(instance, path, authorization, new Uint8Array(100))
        outcomes.push({ status: response.status, retryAfter: response.headers.get('retry-after'), code: await codeOf(response) })
      }
    })
    const count = (status: number) => outcomes.filter((outcome) => outcome.status === status).length
    await expect.poll(() => count(201), { timeout: 20_000 }).toBeGreaterThanOrEqual(10)
    await server.stop()
    await expect.poll(() => count(503), { timeout: 20_000 }).toBeGreaterThanOrEqual(6)
    await server.start()
    const before = count(201)
    await expect.poll(() => count(201), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 10)
    running = false
    await Promise.all(loops)

    expect(new Set(outcomes.map((outcome) => outcome.status))).toEqual(new Set([201, 503]))
    for (const outcome of outcomes.filter((o) => o.status === 503)) {
      expect(outcome.retryAfter).not.toBeNull()
      expect(['ERR_STORE_UNAVAILABLE', 'ERR_REVOCATION_CHECK_FAILED']).toContain(outcome.code)
    }
    // Every success is charged; a request the outage cut short is charged whole (its reservation open, for the operator) or not at all.
    const open = (await store.openReservations()).filter((reservation) => reservation.caps.includes(cid))
    expect(open.length).toBeLessThanOrEqual(count(503))
    const usage = (await store.ledger.usage([cid])).get(cid)
    expect(usage).toEqual({ bytes: 100 * (count(201) + open.length), uses: count(201) + open.length })
  }, 90_000)
})
