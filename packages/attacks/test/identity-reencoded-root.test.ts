/**
 * Security review, item 1: a cap signed into a SIWE root must not be
 * multiplied by re-encoding the CACAO. The session key re-encodes the root
 * without the wallet (hex signature in any letter case, `caip122` header,
 * `v` as 0/1, lower-case `p.iss`); every spelling verifies, and every one
 * must spend the same cap and fall to the same revocation, because state is
 * keyed by the root's identity, not by the CID of the bytes received.
 */
import { dagCborCid } from '@capchain/core'
import { bytesToHex } from '@noble/hashes/utils.js'
import { capStatement, createRevocation, createStorageInvocation } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizationHeader, refusalCode, routeUrl, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'
import { editCacao } from './support/siwe.js'

let service: ServiceUnderAttack
beforeAll(async () => {
  service = await startServiceUnderAttack()
})
afterAll(() => service.stop())

/** Every spelling of one signed root the session key can make on its own. */
function reencodings(session: HttpSession): Record<string, Uint8Array> {
  const { cacao, signature } = session.root
  const r = bytesToHex(signature.subarray(0, 64))
  const v = (signature[64] as number).toString(16)
  const mixed = [...r].map((digit, i) => (i % 2 === 0 ? digit.toUpperCase() : digit)).join('')
  return {
    'hex signature, lower case': editCacao(cacao, (c) => (c.s.s = `0x${r}${v}`)),
    'hex signature, upper case': editCacao(cacao, (c) => (c.s.s = `0x${r.toUpperCase()}${v}`)),
    'hex signature, mixed case': editCacao(cacao, (c) => (c.s.s = `0x${mixed}${v}`)),
    'caip122 header': editCacao(cacao, (c) => (c.h.t = 'caip122')),
    'v as 0/1': editCacao(cacao, (c) => (c.s.s = Uint8Array.of(...signature.subarray(0, 64), (signature[64] as number) - 27))),
    'lower-case p.iss': editCacao(cacao, (c) => (c.p.iss = String(c.p.iss).toLowerCase())),
  }
}

/** A request under `root` (any spelling), named in the invocation's `prf` by the CID of those bytes. */
async function send(session: HttpSession, root: Uint8Array, op: StorageOp, path: string, body?: string): Promise<Response> {
  const invocation = await createStorageInvocation({
    issuer: session.key,
    service: service.did,
    op,
    path,
    // A read may return up to 64 bytes; a write declares its body.
    size: body?.length ?? 64,
    chain: [],
    root: dagCborCid(root),
    subject: session.subject,
    expiration: Math.floor(Date.now() / 1000) + 300,
  })
  const headers = { authorization: authorizationHeader([invocation.bytes, root]) }
  return fetch(routeUrl(service, 'files', path), body === undefined ? { method: 'GET', headers } : { method: 'PUT', headers, body })
}

describe('a SIWE root re-encoded by its session key', () => {
  it('spends one cap: a one-use root writes once, every other spelling is CapExceededError', async () => {
    const session = await signInOverHttp(service.domain, { capabilities: [{ command: '/storage', policy: [capStatement({ uses: 1 })] }] })
    const spellings = reencodings(session)
    expect(new Set([session.root.cid, ...Object.values(spellings).map(dagCborCid)].map(String)).size).toBe(7)
    expect(await refusalCode(await send(session, session.root.cacao, 'write', '/id/first.txt', 'one'))).toBeUndefined()
    for (const [how, bytes] of Object.entries(spellings)) {
      expect(await refusalCode(await send(session, bytes, 'write', `/id/${how.replaceAll(' ', '-')}.txt`, 'more')), how).toBe('ERR_CAP_EXCEEDED')
    }
  })

  it('near miss: another root the wallet signs is another statement, with its own use', async () => {
    const cap = [{ command: '/storage', policy: [capStatement({ uses: 1 })] }]
    const first = await signInOverHttp(service.domain, { capabilities: cap })
    const second = await signInOverHttp(service.domain, { capabilities: cap })
    expect(await refusalCode(await send(first, first.root.cacao, 'write', '/id/a.txt', 'a'))).toBeUndefined()
    expect(await refusalCode(await send(second, reencodings(second)['caip122 header']!, 'write', '/id/b.txt', 'b'))).toBeUndefined()
    expect(await refusalCode(await send(second, second.root.cacao, 'write', '/id/c.txt', 'c'))).toBe('ERR_CAP_EXCEEDED')
  })

  it('falls to one revocation: after the wallet revokes one spelling, every spelling is RevokedError', async () => {
    const session = await signInOverHttp(service.domain)
    const spellings = reencodings(session)
    await send(session, session.root.cacao, 'write', '/id/kept.txt', 'kept')
    for (const bytes of Object.values(spellings)) expect(await refusalCode(await send(session, bytes, 'read', '/id/kept.txt'))).toBeUndefined()

    // The wallet revokes one spelling (caip122) of the session's root, through a second root granting only /ucan/revoke.
    const named = spellings['caip122 header']!
    const mandate = await signInOverHttp(service.domain, { capabilities: [{ command: '/ucan/revoke', policy: [] }] })
    const revocation = await createRevocation({
      issuer: mandate.key,
      service: service.did,
      path: [{ cid: dagCborCid(named) }],
      proofs: [mandate.root],
      onBehalfOf: mandate.subject,
      expiration: Math.floor(Date.now() / 1000) + 300,
    })
    const header = authorizationHeader([revocation.bytes, mandate.root.cacao, named])
    expect(await refusalCode(await fetch(new URL('revoke', service.url), { method: 'POST', headers: { authorization: header } }))).toBeUndefined()

    expect(await refusalCode(await send(session, session.root.cacao, 'read', '/id/kept.txt'))).toBe('ERR_REVOKED')
    for (const [how, bytes] of Object.entries(spellings)) expect(await refusalCode(await send(session, bytes, 'read', '/id/kept.txt')), how).toBe('ERR_REVOKED')
  })
})
