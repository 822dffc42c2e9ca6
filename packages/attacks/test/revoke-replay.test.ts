/**
 * Security review, item 4: `POST /revoke` sent again must not execute again.
 * The second send of one revocation is `ReplayError` and charges nothing:
 * the revoker's capped chain keeps the uses the replays would have spent.
 */
import { createDelegation } from '@capchain/core'
import { capStatement, createRevocation } from '@capchain/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizationHeader, refusalCode, signInOverHttp, startServiceUnderAttack } from './support/http.js'
import type { HttpSession, ServiceUnderAttack } from './support/http.js'

let service: ServiceUnderAttack
beforeAll(async () => {
  service = await startServiceUnderAttack()
})
afterAll(() => service.stop())

/** A delegation the session key issues (to itself), to be revoked; a fresh one each call. */
const delegation = (session: HttpSession) =>
  createDelegation({ issuer: session.key, audience: session.key.did(), subject: session.subject, command: '/storage/read', policy: [], expiration: Math.floor(Date.now() / 1000) + 3600 })

/** A `/ucan/revoke` of `revoked` by the wallet, through `mandate` (a root granting `/ucan/revoke` under a two-use cap). */
async function revocationHeader(mandate: HttpSession, session: HttpSession, revoked: Awaited<ReturnType<typeof delegation>>): Promise<string> {
  const revocation = await createRevocation({
    issuer: mandate.key,
    service: service.did,
    path: [session.root, revoked],
    proofs: [mandate.root],
    onBehalfOf: mandate.subject,
    expiration: Math.floor(Date.now() / 1000) + 300,
  })
  return authorizationHeader([revocation.bytes, mandate.root.cacao, session.root.cacao, revoked.bytes])
}

const post = (authorization: string) => fetch(new URL('revoke', service.url), { method: 'POST', headers: { authorization } })

describe('POST /revoke sent again', () => {
  it('is ReplayError on every resend, and only the first send spends a use', async () => {
    const session = await signInOverHttp(service.domain, { capabilities: [{ command: '/storage/read', policy: [] }] })
    const mandate = await signInOverHttp(service.domain, { capabilities: [{ command: '/ucan/revoke', policy: [capStatement({ uses: 2 })] }] })
    const header = await revocationHeader(mandate, session, await delegation(session))
    expect(await refusalCode(await post(header))).toBeUndefined()
    for (let i = 0; i < 3; i++) expect(await refusalCode(await post(header))).toBe('ERR_REPLAY')

    // The replays charged nothing: the cap's second use is still there for another revocation, and a third is over the cap.
    expect(await refusalCode(await post(await revocationHeader(mandate, session, await delegation(session))))).toBeUndefined()
    expect(await refusalCode(await post(await revocationHeader(mandate, session, await delegation(session))))).toBe('ERR_CAP_EXCEEDED')
  })
})
