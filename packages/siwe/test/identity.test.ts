/**
 * The identity of a SIWE root: one per signed message, whatever its CACAO
 * encoding or signature; another message (one field changed) has another.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { cacaoIdentity, createSiweRoot, decodeCacao, verifySiweRoot } from '../src/index.js'
import type { CreateSiweRootInput } from '../src/index.js'
import { personalSign, SECRET_KEY_ADDRESS } from './helpers.js'
import { edited, NOW, PHOTOS_WRITE_POLICY, SESSION } from './root-helpers.js'

const CREATE: CreateSiweRootInput = {
  address: SECRET_KEY_ADDRESS,
  chainId: 1,
  domain: 'photos.example',
  uri: SESSION.did(),
  capabilities: [{ command: '/storage/write', policy: PHOTOS_WRITE_POLICY }],
  issuedAt: new Date((NOW - 60) * 1000).toISOString(),
  expirationTime: new Date((NOW + 3600) * 1000).toISOString(),
  nonce: 'identity0nonce',
  signMessage: async (message) => personalSign(message),
}

describe('cacaoIdentity', () => {
  it('is one for every encoding of one signed message, and the verified root carries it', async () => {
    const root = await createSiweRoot(CREATE)
    const identity = cacaoIdentity(root.fields).toString()
    const r = bytesToHex(root.signature.subarray(0, 64))
    const v = root.signature[64] as number
    const variants = [
      root.cacao,
      edited(root.cacao, (c) => (c.h = { t: 'caip122' })),
      edited(root.cacao, (c) => (c.s = { t: 'eip191', s: `0x${r}${v.toString(16)}` })),
      edited(root.cacao, (c) => (c.s = { t: 'eip191', s: `0x${r.toUpperCase()}${v.toString(16)}` })),
      edited(root.cacao, (c) => (c.s = { t: 'eip191', s: Uint8Array.of(...root.signature.subarray(0, 64), v - 27) })),
      edited(root.cacao, (c) => ((c.p as Record<string, unknown>).iss = `did:pkh:eip155:1:${SECRET_KEY_ADDRESS.toLowerCase()}`)),
    ]
    const links = await Promise.all(variants.map((bytes) => verifySiweRoot(bytes, { now: NOW })))
    expect(new Set(links.map((link) => link.cid.toString())).size).toBe(variants.length)
    for (const link of links) expect(link.identity.toString()).toBe(identity)
    for (const bytes of variants) expect(cacaoIdentity(decodeCacao(bytes).fields).toString()).toBe(identity)
  })

  it('differs for another message of the same wallet: another nonce, expiry or grant', async () => {
    const base = cacaoIdentity((await createSiweRoot(CREATE)).fields).toString()
    const others = await Promise.all([
      createSiweRoot({ ...CREATE, nonce: 'identity1nonce' }),
      createSiweRoot({ ...CREATE, expirationTime: new Date((NOW + 3601) * 1000).toISOString() }),
      createSiweRoot({ ...CREATE, capabilities: [{ command: '/storage/read', policy: PHOTOS_WRITE_POLICY }] }),
    ])
    for (const other of others) expect(cacaoIdentity(other.fields).toString()).not.toBe(base)
  })
})
