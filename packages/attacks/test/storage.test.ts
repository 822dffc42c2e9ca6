/**
 * Attacks on the storage service (`authorizeStorageRequest`, `revokeDelegation`):
 * paths that read one way to a policy and another to a file system,
 * replayed invocations, revocations by outsiders, racing quotas.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateSigner } from '@capchain/core/principal'
import { createInvocation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import { evaluatePolicy } from '@capchain/policy'
import {
  CapExceededError,
  createRevocation,
  InvalidStoragePathError,
  pathScopeStatement,
  ReplayError,
  revokeDelegation,
  RevokerNotUpstreamError,
} from '@capchain/storage'
import type { PathRejection } from '@capchain/storage'
import { openSqliteStore } from '@capchain/store-sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accepted, authorize, denied, memoryStore, NOW, principals, storageGrant, storageInvocation } from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals
/** space → alice: read, list under /photos. */
let photos: readonly Delegation[]

beforeAll(async () => {
  p = await principals()
  photos = (await storageGrant({ issuer: p.space, audience: p.alice.did(), ops: ['read'], path: '/photos' })).chains.read!
})

describe('path traversal and look-alike paths through authorizeStorageRequest', () => {
  const attacks: [string, string, PathRejection][] = [
    ['a dot-dot segment', '/photos/../secret', 'dot-segment'],
    ['percent-encoded dots', '/photos/%2e%2e/secret', 'percent'],
    ['a percent-encoded slash', '/photos/..%2fsecret', 'percent'],
    ['NFD (decomposed é)', '/photos/cafe\u0301.jpg', 'not-nfc'],
    ['a fullwidth solidus U+FF0F', '/photos/..\uFF0Fsecret', 'lookalike'],
    ['a division slash U+2215', '/photos/..\u2215secret', 'lookalike'],
    ['fullwidth full stops (NFKC ‥ → ..)', '/photos/\uFF0E\uFF0E/secret', 'not-nfkc'],
    ['a backslash', '/photos/..\\secret', 'backslash'],
    ['a trailing dot (Windows drops it)', '/photos/secret.', 'segment-edge'],
    ['a NUL byte', '/photos/a.jpg\u0000.png', 'control'],
  ]

  it.each(attacks)('refuses %s before any policy sees it (InvalidStoragePathError)', async (_what, path, reason) => {
    // The scope policy is a `like` over the raw string: on its own it would let these through.
    if (path.startsWith('/photos/')) expect(evaluatePolicy([pathScopeStatement('/photos')], { path, size: 1 }).ok).toBe(true)
    // The client helper refuses to sign such a path, so the attacker signs the invocation herself.
    const invocation = await createInvocation({
      issuer: p.alice,
      subject: p.space.did(),
      audience: p.service.did(),
      command: '/storage/read',
      args: { path, size: 1 },
      proofs: photos.map((d) => d.cid),
      expiration: NOW + 300,
    })
    const error = denied(await authorize(invocation, photos, memoryStore(), p.service), InvalidStoragePathError, 'ERR_STORAGE_PATH_INVALID')
    expect(error).toMatchObject({ reason, at: 'args.path' })
  })
})

describe('replay', () => {
  it('executes an invocation at most once (ReplayError)', async () => {
    const store = memoryStore()
    const invocation = await storageInvocation({ issuer: p.alice, service: p.service.did(), op: 'read', path: '/photos/a.jpg', size: 10, chain: photos })
    accepted(await authorize(invocation, photos, store, p.service))
    denied(await authorize(invocation, photos, store, p.service), ReplayError, 'ERR_REPLAY')
    // Still refused just before its window ends (exp + skew), with the proofs sent another way.
    denied(await authorize(invocation, photos, store, p.service, { now: NOW + 300 + 60, proofs: photos.map((d) => d.bytes).reverse() }), ReplayError, 'ERR_REPLAY')
  })
})

describe('revocation', () => {
  it('refuses a revocation by a principal outside the chain, and the grant keeps working (RevokerNotUpstreamError)', async () => {
    const store = memoryStore()
    const read = async () => authorize(await storageInvocation({ issuer: p.alice, service: p.service.did(), op: 'read', path: '/photos/a.jpg', size: 1, chain: photos }), photos, store, p.service)
    accepted(await read())
    const revocation = await createRevocation({ issuer: p.mallory, service: p.service.did(), path: photos, expiration: NOW + 300 })
    const error = denied(
      await revokeDelegation({ invocation: revocation.bytes, proofs: photos.map((d) => d.bytes), service: p.service.did(), store, now: NOW }),
      RevokerNotUpstreamError,
      'ERR_REVOKER_NOT_UPSTREAM',
    )
    expect(error.cid).toBe(photos.at(-1)!.cid.toString())
    expect(await store.revocations.lookup(photos.map((d) => d.cid.toString()))).toEqual([])
    accepted(await read())
  })
})

describe('quota race', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capchain-attacks-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('never lets 50 concurrent requests spend past a nearly spent cap in the SQLite store (CapExceededError)', async () => {
    const store = openSqliteStore(join(dir, 'race.db'))
    try {
      const agent = await generateSigner('Ed25519')
      const capped = await storageGrant({ issuer: p.space, audience: agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 1000, uses: 100 } })
      const chain = capped.chains.read!
      const request = async (size: number, i: number) =>
        authorize(await storageInvocation({ issuer: agent, service: p.service.did(), op: 'read', path: `/photos/${i}.jpg`, size, chain }), chain, store, p.service)
      // Spend 730 of the 1,000 bytes: 270 are left.
      const early = accepted(await request(730, 1000))
      await early.value.reservation.commit()
      // 50 requests of 30 bytes at once: at most 9 fit.
      const invocations = await Promise.all(Array.from({ length: 50 }, (_, i) => storageInvocation({ issuer: agent, service: p.service.did(), op: 'read', path: `/photos/${i}.jpg`, size: 30, chain })))
      const results = await Promise.all(invocations.map((invocation) => authorize(invocation, chain, store, p.service)))
      const granted = results.filter((result) => result.ok)
      expect(granted).toHaveLength(9)
      for (const result of results) if (!result.ok) denied(result, CapExceededError, 'ERR_CAP_EXCEEDED')
      await Promise.all(granted.map((result) => (result.ok ? result.value.reservation.commit() : undefined)))
      const usage = (await store.ledger.usage([capped.head.cid.toString()])).get(capped.head.cid.toString())!
      expect(usage.bytes).toBeLessThanOrEqual(1000)
      expect(usage).toEqual({ bytes: 730 + 9 * 30, uses: 10 })
    } finally {
      await store.close()
    }
  })
})
