/**
 * The storage service under HTTP load (`pnpm bench --service`): `GET
 * /files/bench/small.txt` (1 KiB) with a depth-3 chain, against the same
 * route with authorization off (`authorization: { off: 'for-benchmarks' }`,
 * which the bin can never set).
 *
 * - The service (`startStorageService`, Hono on `@hono/node-server`, its
 *   SQLite store in a temporary directory, as configured by default) runs on
 *   this process's main thread, on 127.0.0.1; the load generator
 *   (autocannon) in a child process of its own (service-load.ts), the two
 *   pinned to a CPU each when the caller says (`pinning`). With two cores,
 *   each gets one; the ratio between the two phases is what matters, not
 *   the absolute requests/s. Each phase also has this process's CPU time
 *   per response and its utilization (load-phase.ts).
 * - Every authorized request carries a new invocation (the service executes
 *   an invocation at most once), all signed before the phase: signing is the
 *   client's cost, not the service's. The pool is sized from the warm-up's
 *   rate. The baseline sends the same headers (round its pool), so the
 *   client's work and the bytes on the wire are the same in both phases:
 *   only the service's handling differs.
 * - Each phase is time-bounded, after a warm-up of a fixed number of
 *   requests; any status but 200, a body that is not the file, an error, a
 *   timeout or a reused invocation makes the run invalid.
 *
 * Chains, each of depth 3 (three delegations, then the invocation):
 * - `siwe`: a wallet's SIWE root (a CACAO) → session key → agent 1 → agent 2,
 *   who invokes; what the service is for. 1 secp256k1 (recovered once,
 *   then its verdict served from `siweRootFormat`'s cache) + 3 Ed25519
 *   signatures.
 * - `did:key`: the subject's Ed25519 did:key → agent 1 → agent 2 → agent 3,
 *   who invokes; 4 Ed25519 signatures.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeContainerString } from '@capchain/core'
import type { Delegation, DID, Signer } from '@capchain/core'
import { addressFromPublicKey, createSiweRoot, didPkh } from '@capchain/siwe'
import { createStorageGrant, createStorageInvocation } from '@capchain/storage'
import { startStorageService } from '@capchain/storage-service'
import { createMemoryStore } from '@capchain/store'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { fastSigner, seedOf } from './keys.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import { personalSign } from './siwe.js'

export const FILE_PATH = '/bench/small.txt'
export const FILE_BYTES = 1024
export const FILE_CONTENT = 'capchain bench\n'.repeat(Math.ceil(FILE_BYTES / 15)).slice(0, FILE_BYTES)
export type ChainKind = 'siwe' | 'did:key'

/** A depth-3 chain to the file, and the headers its holder sends. */
export interface ServiceChain {
  readonly kind: ChainKind
  readonly subject: DID
  /** An upload of the file by the subject's own authority. */
  writeHeader(): Promise<string>
  /** `count` new read invocations through the whole chain, each in its container with every proof. */
  readHeaders(count: number): Promise<string[]>
}

const header = (tokens: readonly Uint8Array[]) => `UCAN ${encodeContainerString(tokens)}`
const inAnHalfHour = () => Math.floor(Date.now() / 1000) + 1800

/** In parallel batches (the signer is node:crypto; CBOR and hashing are synchronous anyway). */
async function many<T>(count: number, make: () => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < count; i += 256) out.push(...(await Promise.all(Array.from({ length: Math.min(256, count - i) }, make))))
  return out
}

/** Two more links below `parent` (or from `issuer` as the subject), each to the next agent: the read chain, root first. */
async function readGrants(issuer: Signer, agents: readonly Signer[], subject: DID, parent: readonly Delegation[], expiration: number): Promise<readonly Delegation[]> {
  let chain = parent
  let from = issuer
  for (const agent of agents) {
    const grant = await createStorageGrant({ issuer: from, audience: agent.did(), subject, parent: chain, ops: ['read'], path: '/bench', expiration })
    chain = grant.chains.read!
    from = agent
  }
  return chain
}

/** The SIWE chain, signed for `domain` (default the service's own `127.0.0.1:port`, which it trusts by default). */
export async function siweChain(service: { did: DID; port: number; domain?: string }): Promise<ServiceChain> {
  const secret = seedOf('service-wallet')
  const address = addressFromPublicKey(secp256k1.getPublicKey(secret, false))
  const subject = didPkh(1, address)
  const session = fastSigner(seedOf('service-session'))
  const agents = [fastSigner(seedOf('service-agent-1')), fastSigner(seedOf('service-agent-2'))]
  const expiration = Math.floor(Date.now() / 1000) + 3 * 3600
  const root = await createSiweRoot({
    signMessage: async (message) => personalSign(message, secret),
    address,
    chainId: 1,
    domain: service.domain ?? `127.0.0.1:${service.port}`,
    uri: session.did(),
    capabilities: [{ command: '/storage', policy: [] }],
    issuedAt: new Date(Date.now() - 60_000),
    expirationTime: new Date(expiration * 1000),
  })
  const chain = await readGrants(session, agents, subject, [], expiration)
  const invoker = agents[agents.length - 1]!
  return {
    kind: 'siwe',
    subject,
    async writeHeader() {
      const op = { service: service.did, op: 'write', path: FILE_PATH, size: FILE_BYTES, root: root.cid, subject, expiration: inAnHalfHour() } as const
      return header([(await createStorageInvocation({ ...op, issuer: session, chain: [] })).bytes, root.cacao])
    },
    readHeaders(count) {
      const proofs = [root.cacao, ...chain.map((d) => d.bytes)]
      const expires = inAnHalfHour()
      return many(count, async () => {
        const invocation = await createStorageInvocation({
          issuer: invoker, service: service.did, op: 'read', path: FILE_PATH, size: FILE_BYTES, chain, root: root.cid, subject, expiration: expires,
        })
        return header([invocation.bytes, ...proofs])
      })
    },
  }
}

/** The did:key subject of the did:key chain, which the service must be told to serve (`subjects.didKeys`). */
export function didKeySubject(): DID {
  return fastSigner(seedOf('service-owner')).did()
}

export async function didKeyChain(service: { did: DID }): Promise<ServiceChain> {
  const owner = fastSigner(seedOf('service-owner'))
  const agents = [1, 2, 3].map((i) => fastSigner(seedOf(`service-key-agent-${i}`)))
  const subject = owner.did()
  const chain = await readGrants(owner, agents, subject, [], Math.floor(Date.now() / 1000) + 3 * 3600)
  const invoker = agents[agents.length - 1]!
  return {
    kind: 'did:key',
    subject,
    async writeHeader() {
      const invocation = await createStorageInvocation({ issuer: owner, service: service.did, op: 'write', path: FILE_PATH, size: FILE_BYTES, chain: [], expiration: inAnHalfHour() })
      return header([invocation.bytes])
    },
    readHeaders(count) {
      const proofs = chain.map((d) => d.bytes)
      const expires = inAnHalfHour()
      return many(count, async () => {
        const invocation = await createStorageInvocation({ issuer: invoker, service: service.did, op: 'read', path: FILE_PATH, size: FILE_BYTES, chain, expiration: expires })
        return header([invocation.bytes, ...proofs])
      })
    },
  }
}

/** Uploads the file through the service, as its subject. */
export async function uploadFile(service: { readonly url: string }, chain: ServiceChain): Promise<void> {
  const response = await fetch(fileUrl(service), {
    method: 'PUT',
    headers: { authorization: await chain.writeHeader(), 'content-length': String(FILE_BYTES) },
    body: FILE_CONTENT,
  })
  if (response.status !== 201) throw new Error(`upload of the bench file: ${response.status} ${await response.text()}`)
}

export const fileUrl = (service: { url: string }) => new URL(`files${FILE_PATH}`, service.url).toString()

export interface ServiceBenchOptions extends PhaseOptions {
  readonly chains: readonly ChainKind[]
  /** `sqlite` (default): the service's own store, as deployed; `memory`: to see what the SQLite store costs. */
  readonly store?: 'sqlite' | 'memory'
  readonly onProgress?: (message: string) => void
}

export type ServicePhase = PhaseResult

export interface ServiceReport {
  readonly route: string
  readonly loadGenerator: string
  /** Where the service and the load generator ran: pinned to a CPU each, or why not. */
  readonly pinning: string
  readonly connections: number
  readonly seconds: number
  readonly store: 'sqlite' | 'memory'
  /** The route with authorization off: no credentials read, nothing checked. */
  readonly unauthorized: ServicePhase
  /** Per chain kind: the route with its depth-3 chain, a new invocation per request. */
  readonly authorized: Readonly<Partial<Record<ChainKind, ServicePhase & { readonly ratio: number; readonly signatures: string }>>>
  /** Every phase had only 200s with the file, no error, no reused invocation. */
  readonly valid: boolean
}

const SIGNATURES: Record<ChainKind, string> = {
  siwe: '1 secp256k1 (recovered once, then cached) + 3 Ed25519',
  'did:key': '4 Ed25519',
}

export async function runServiceBench(options: ServiceBenchOptions): Promise<ServiceReport> {
  const progress = options.onProgress ?? (() => undefined)
  const dataDir = await mkdtemp(join(tmpdir(), 'capchain-bench-service-'))
  try {
    const authorized: Partial<Record<ChainKind, ServicePhase & { ratio: number; signatures: string }>> = {}
    const results: Partial<Record<ChainKind, ServicePhase>> = {}
    let baselineSubject: DID | undefined
    const store = options.store ?? 'sqlite'
    const service = await startStorageService({
      dataDir,
      webDir: false,
      subjects: { didKeys: [didKeySubject()] },
      ...(store === 'memory' ? { store: createMemoryStore() } : {}),
    })
    try {
      for (const kind of options.chains) {
        const chain = kind === 'siwe' ? await siweChain(service) : await didKeyChain(service)
        await uploadFile(service, chain)
        baselineSubject ??= chain.subject
        results[kind] = await loadPhase(progress, { label: `service: authorized, ${kind} depth 3`, url: fileUrl(service), expectBody: FILE_CONTENT, headersFor: (n) => chain.readHeaders(n), pool: 'fresh' }, options)
      }
    } finally {
      await service.close()
    }
    // The same data directory and file, the same route, authorization off; the same headers are sent.
    const headerPool = await (await siweChain({ did: service.did, port: service.port })).readHeaders(2000)
    const open = await startStorageService({ dataDir, webDir: false, authorization: { off: 'for-benchmarks', subject: baselineSubject! } })
    let unauthorized: ServicePhase
    try {
      unauthorized = await loadPhase(progress, { label: 'service: authorization off', url: fileUrl(open), expectBody: FILE_CONTENT, headersFor: async () => headerPool, pool: 'cycle' }, options)
    } finally {
      await open.close()
    }
    for (const kind of options.chains) {
      const r = results[kind]!
      authorized[kind] = { ...r, ratio: Number((r.requestsPerSecond / unauthorized.requestsPerSecond).toFixed(3)), signatures: SIGNATURES[kind] }
    }
    return {
      route: `GET /files${FILE_PATH} (${FILE_BYTES} bytes), ${store === 'memory' ? 'in-memory store (diagnostic)' : 'SQLite store in a temporary directory'}`,
      loadGenerator: `autocannon ${options.connections} connections, pipelining 1, in a child process of its own, against the service on this process's main thread, on 127.0.0.1`,
      pinning: options.pinning?.description ?? 'none',
      connections: options.connections,
      seconds: options.seconds,
      store,
      unauthorized,
      authorized,
      valid: unauthorized.valid && Object.values(authorized).every((r) => r.valid),
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}
