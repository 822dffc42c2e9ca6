/**
 * `POST /revoke` over real HTTP: a grant revoked by the session key that
 * issued it (no wallet prompt), a whole session revoked by the wallet (one
 * more prompt), and the revocations the service refuses.
 */
import { createClient, memoryStore, ServiceError } from '@capchain/client'
import type { CapchainClient, ClientStore, IssuedRecord } from '@capchain/client'
import { dagCborCid, decodeContainer, encodeContainerString } from '@capchain/core'
import { createRevocation } from '@capchain/storage'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'
import { invoke, signIn } from './support/session.js'
import { testWallet } from './support/wallet.js'
import type { TestWallet } from './support/wallet.js'

let service: TestService
let wallet: TestWallet
let owner: CapchainClient
let agentStore: ClientStore
let agent: CapchainClient
let grant: IssuedRecord

/** `allowed`, or the service's status and code. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (error) {
    if (error instanceof ServiceError) return `${error.status} ${error.code}`
    throw error
  }
  return 'allowed'
}
const read = (client: CapchainClient, path: string) => outcome(async () => (await client.storage.get(path)).bytes())
const postRevoke = (authorization?: string) =>
  fetch(new URL('revoke', service.url), { method: 'POST', ...(authorization === undefined ? {} : { headers: { authorization } }) })
const errorCode = async (response: Response) => `${response.status} ${((await response.json()) as { code: string }).code}`

beforeAll(async () => {
  service = await startTestService()
  wallet = testWallet()
  owner = await createClient({ service: service.url, store: memoryStore() })
  await owner.signIn(wallet)
  await owner.storage.put('/shared/a.txt', 'a')
  agentStore = memoryStore()
  agent = await createClient({ service: service.url, store: agentStore })
  grant = await owner.delegate(agent.did, { paths: ['/shared'], ops: ['read'] })
  await agent.importDelegation(grant.container)
})
afterAll(() => service.stop())

describe('POST /revoke', () => {
  it("refuses a revocation by the grant's own audience: it is not upstream", async () => {
    const tokens = new Map(decodeContainer(grant.container).tokens.map((bytes) => [dagCborCid(bytes).toString(), bytes]))
    const invocation = await createRevocation({
      issuer: await agentStore.key(),
      service: service.did,
      path: grant.witness.map((cid) => ({ cid: CID.parse(cid) })),
      expiration: Math.floor(Date.now() / 1000) + 300,
    })
    const witness = grant.witness.map((cid) => tokens.get(cid)!)
    expect(await errorCode(await postRevoke(`UCAN ${encodeContainerString([invocation.bytes, ...witness])}`))).toBe('403 ERR_REVOKER_NOT_UPSTREAM')
    expect(await read(agent, '/shared/a.txt')).toBe('allowed')
  })

  it('refuses a request that is not a revocation, and one without credentials', async () => {
    const { session } = await signIn(new URL(service.url).host)
    const { header } = await invoke(session, { op: 'list', path: '/', service: service.did })
    expect(await errorCode(await postRevoke(header))).toBe('400 ERR_REVOCATION_INVALID')
    expect(await errorCode(await postRevoke())).toBe('401 ERR_AUTH_MISSING')
  })

  it('revokes a grant with the session key that issued it, without the wallet', async () => {
    expect(await read(agent, '/shared/a.txt')).toBe('allowed')
    expect(await owner.revoke(grant.cid)).toEqual({ revoked: grant.cid, revoker: owner.did, recorded: true })
    expect(owner.issued().find((issued) => issued.cid === grant.cid)?.revoked).toBe(true)
    expect(await read(agent, '/shared/a.txt')).toBe('403 ERR_REVOKED')
    expect(await read(owner, '/shared/a.txt')).toBe('allowed')
    expect(wallet.signatures).toBe(1)
  })

  it('revokes the whole session, and every grant under it, with one more wallet signature', async () => {
    const second = await owner.delegate(agent.did, { paths: ['/shared'], ops: ['read'] })
    await agent.importDelegation(second.container)
    expect(await read(agent, '/shared/a.txt')).toBe('allowed')

    const session = owner.session()!
    expect(await owner.revoke(session.cid, { provider: wallet })).toEqual({ revoked: session.cid, revoker: session.subject, recorded: true })
    expect(wallet.signatures).toBe(2)
    expect(owner.session()).toBeUndefined()
    expect(await outcome(() => owner.storageVia(session.cid).list('/'))).toBe('403 ERR_REVOKED')
    expect(await read(agent, '/shared/a.txt')).toBe('403 ERR_REVOKED')
  })
})
