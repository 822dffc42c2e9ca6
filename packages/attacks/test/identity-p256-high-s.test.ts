/**
 * Issue 18: P-256 accepts high-S signatures (WebCrypto never normalises S),
 * so anyone who sees a P-256 token can make its high-S twin, a second valid
 * encoding with another CID. Both must be one statement to every piece of
 * state: one replay record, one cap ledger entry, one revocation, because
 * state is keyed by the link's identity (the CID of the low-S form), not by
 * the CID of the bytes received. Real tokens, real SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { envelopeIdentity } from '@capchain/core/envelope'
import { generateSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { decodeDelegation, decodeInvocation } from '@capchain/core/token'
import type { Delegation, Invocation } from '@capchain/core/token'
import {
  authorizeStorageRequest,
  checkCapGrant,
  createRevocation,
  createStorageGrant,
  createStorageInvocation,
  revokeDelegation,
} from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import type { StateStore } from '@capchain/store'
import { openSqliteStore } from '@capchain/store-sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ecdsaTwin, isHighS, P256_N, withSignature } from './support/index.js'

const NOW = 1_709_251_200

let dir: string
let store: StateStore
let user: Signer
let session: Signer
let service: Signer

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capchain-high-s-'))
  store = openSqliteStore(join(dir, 'state.db'))
  ;[user, session, service] = await Promise.all([generateSigner('P-256'), generateSigner('P-256'), generateSigner('Ed25519')])
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The token's high-S twin: the same signed payload, `s` replaced by `n − s`. */
function twinOf<T extends Delegation | Invocation>(token: T): Uint8Array {
  const twin = ecdsaTwin(token.envelope.signature, P256_N)
  expect(isHighS(twin, P256_N)).toBe(true)
  return withSignature(token, twin)
}

async function invoke(chain: readonly Delegation[], op: StorageOp = 'read', path = '/notes/a.txt'): Promise<Invocation> {
  return createStorageInvocation({ issuer: session, service: service.did(), op, path, size: 1, chain, expiration: NOW + 300, issuedAt: NOW })
}

async function authorize(invocation: Uint8Array, proofs: readonly Uint8Array[], op: StorageOp = 'read', path = '/notes/a.txt') {
  const result = await authorizeStorageRequest({ invocation, proofs: [...proofs], service: service.did(), store, now: NOW, op, path, size: 1 })
  if (result.ok) await result.value.reservation.commit()
  return result
}

const code = (result: { ok: boolean; error?: { code: string } }): string | undefined => (result.ok ? undefined : result.error?.code)

describe('a P-256 token and its high-S twin', () => {
  it('both verify, with different CIDs and one identity', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', expiration: NOW + 3600 })
    const twin = decodeDelegation(twinOf(head))
    expect(twin.cid.equals(head.cid)).toBe(false)
    expect(envelopeIdentity(twin.envelope).equals(head.cid)).toBe(true)
    const viaLow = await authorize((await invoke([head])).bytes, [head.bytes])
    const viaHigh = await authorize((await invoke([twin])).bytes, [twin.bytes])
    expect(code(viaLow)).toBeUndefined()
    expect(code(viaHigh)).toBeUndefined()
  })

  it('share one replay record: an invocation sent again as its high-S twin is ERR_REPLAY', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', expiration: NOW + 3600 })
    const invocation = await invoke([head])
    const twin = twinOf(invocation)
    expect(decodeInvocation(twin).cid.equals(invocation.cid)).toBe(false)
    expect(code(await authorize(twin, [head.bytes]))).toBeUndefined()
    expect(code(await authorize(invocation.bytes, [head.bytes]))).toBe('ERR_REPLAY')
  })

  it('near miss: another invocation (another nonce) is not a replay', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', expiration: NOW + 3600 })
    expect(code(await authorize(twinOf(await invoke([head])), [head.bytes]))).toBeUndefined()
    expect(code(await authorize((await invoke([head])).bytes, [head.bytes]))).toBeUndefined()
  })

  it('share one cap: a one-use grant spent through the low-S form is ERR_CAP_EXCEEDED through the twin', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', cap: { uses: 1 }, expiration: NOW + 3600 })
    const twin = decodeDelegation(twinOf(head))
    expect(code(await authorize((await invoke([head])).bytes, [head.bytes]))).toBeUndefined()
    expect(code(await authorize((await invoke([twin])).bytes, [twin.bytes]))).toBe('ERR_CAP_EXCEEDED')
  })

  it('count one spend when a sub-grant is built: what the low-S form spent is seen through the twin (checkCapGrant)', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', cap: { uses: 3 }, expiration: NOW + 3600 })
    const twin = decodeDelegation(twinOf(head))
    expect(code(await authorize((await invoke([head])).bytes, [head.bytes]))).toBeUndefined()
    expect(code(await authorize((await invoke([head])).bytes, [head.bytes]))).toBeUndefined()
    // One use is left, whichever encoding the delegator holds; the refusal names the ancestor as held.
    for (const parent of [head, twin]) {
      await expect(checkCapGrant({ parent: [parent], cap: { uses: 2 }, ledger: store.ledger })).rejects.toMatchObject({
        code: 'ERR_CAP_GRANT_EXCEEDED',
        available: 1,
        cid: parent.cid.toString(),
      })
      await expect(checkCapGrant({ parent: [parent], cap: { uses: 1 }, ledger: store.ledger })).resolves.toBeUndefined()
    }
  })

  it('near miss: another one-use grant from the same key has its own use', async () => {
    const first = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', cap: { uses: 1 }, expiration: NOW + 3600 })
    const second = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', cap: { uses: 1 }, expiration: NOW + 3600 })
    expect(code(await authorize((await invoke([first.head])).bytes, [first.head.bytes]))).toBeUndefined()
    const twin = decodeDelegation(twinOf(second.head))
    expect(code(await authorize((await invoke([twin])).bytes, [twin.bytes]))).toBeUndefined()
  })

  it('fall to one revocation: revoking the twin revokes the low-S form, and the revocation resent as its twin is ERR_REPLAY', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', expiration: NOW + 3600 })
    const twin = decodeDelegation(twinOf(head))
    expect(code(await authorize((await invoke([head])).bytes, [head.bytes]))).toBeUndefined()
    const revocation = await createRevocation({ issuer: user, service: service.did(), path: [twin], expiration: NOW + 300 })
    const revoke = (bytes: Uint8Array) => revokeDelegation({ invocation: bytes, proofs: [twin.bytes], service: service.did(), store, now: NOW })
    const recorded = await revoke(revocation.bytes)
    expect(code(recorded)).toBeUndefined()
    expect(code(await revoke(twinOf(revocation)))).toBe('ERR_REPLAY')
    expect(code(await authorize((await invoke([head])).bytes, [head.bytes]))).toBe('ERR_REVOKED')
    expect(code(await authorize((await invoke([twin])).bytes, [twin.bytes]))).toBe('ERR_REVOKED')
  })

  it('near miss: a flipped bit in the twin is ERR_SIGNATURE_MISMATCH', async () => {
    const { head } = await createStorageGrant({ issuer: user, audience: session.did(), ops: ['read'], path: '/', expiration: NOW + 3600 })
    const signature = ecdsaTwin(head.envelope.signature, P256_N)
    signature[40] = (signature[40] ?? 0) ^ 1
    const broken = decodeDelegation(withSignature(head, signature))
    expect(code(await authorize((await invoke([broken])).bytes, [broken.bytes]))).toBe('ERR_SIGNATURE_MISMATCH')
  })
})
