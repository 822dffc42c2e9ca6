/**
 * The browser key: an Ed25519 WebCrypto key pair whose private half is
 * non-extractable, as a core `Signer`, kept in IndexedDB (fake-indexeddb
 * here, which structured-clones the `CryptoKey` as a browser does).
 */
import 'fake-indexeddb/auto'
import { createDelegation, decodeDelegation } from '@capchain/core'
import { verifyDelegation } from '@capchain/verifier'
import { describe, expect, it } from 'vitest'
import { indexedDbStore, NonExtractableKeyError, WebCryptoSigner } from '../src/index.js'

describe('WebCryptoSigner', () => {
  it('signs UCAN tokens that verify, and never exports its secret', async () => {
    const signer = await WebCryptoSigner.generate()
    expect(signer.did()).toMatch(/^did:key:z6Mk/)
    expect(signer.cryptoKey.extractable).toBe(false)
    const delegation = await createDelegation({ issuer: signer, audience: signer.did(), subject: signer.did(), command: '/storage', expiration: null })
    const result = await verifyDelegation([decodeDelegation(delegation.bytes)])
    expect(result.ok).toBe(true)
    expect(() => signer.exportSecret()).toThrow(NonExtractableKeyError)
    expect(() => signer.exportSecret()).toThrow(expect.objectContaining({ code: 'ERR_KEY_NOT_EXTRACTABLE' }))
    const message = new TextEncoder().encode('hello')
    expect(await signer.verify(message, await signer.sign(message))).toBe(true)
  })
})

describe('indexedDbStore', () => {
  it('keeps one non-extractable key per database, and the records beside it', async () => {
    const first = await indexedDbStore('capchain-test').key()
    const again = await indexedDbStore('capchain-test').key()
    expect(again.did()).toBe(first.did())
    expect((again as WebCryptoSigner).cryptoKey.extractable).toBe(false)
    expect((await indexedDbStore('capchain-other').key()).did()).not.toBe(first.did())

    const records = { version: 1 as const, sessions: [], issued: [], imported: [] }
    await indexedDbStore('capchain-test').save(records)
    expect(await indexedDbStore('capchain-test').load()).toEqual(records)
  })
})
