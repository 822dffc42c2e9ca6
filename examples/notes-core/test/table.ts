/**
 * The table every notes example runs over real HTTP on 127.0.0.1: the app
 * the example serves (`start`), a real SIWE sign-in by a local wallet, real
 * signed invocations in `Authorization`. Every allowed case has its near
 * misses; every refusal is the guard's problem body whatever the framework.
 */
import { localWallet } from '@capchain/client/local-wallet'
import { encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, DID, IPLDMap, IPLDValue, Signer } from '@capchain/core'
import { capStatement, createRevocation, DISCOVERY_PATH, PROBLEM_CONTENT_TYPE } from '@capchain/guard'
import type { GuardEvent, ProblemBody } from '@capchain/guard'
import { cacaoIdentity, createSiweSession } from '@capchain/siwe'
import type { RootCapability, SiweRoot, SiweSession } from '@capchain/siwe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGENT_CAP, invocationHeader, runClient, TEST_WALLET_SECRET } from '../src/client/index.js'
import type { InvokeInput } from '../src/client/index.js'
import { createNotesService, MAX_NOTE_BYTES, NOTES_DISCOVERY, NOTES_DOMAIN } from '../src/index.js'
import type { NotesService, RunningServer } from '../src/index.js'

export type StartNotes = (service: NotesService) => Promise<RunningServer>

/** Another wallet than the client's (a public test key too). */
const OTHER_WALLET_SECRET = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'

const unixNow = (): number => Math.floor(Date.now() / 1000)

/** Run the whole table against the notes app `start` serves. */
export function notesTable(framework: string, start: StartNotes): void {
  describe(`notes on ${framework}: the guarded notes API over HTTP`, () => {
    let service: NotesService
    let app: RunningServer
    let session: SiweSession
    const events: GuardEvent[] = []
    beforeAll(async () => {
      service = await createNotesService({ log: (event) => void events.push(event) })
      app = await start(service)
      session = await signIn()
    })
    afterAll(() => app.close())

    /** The client's wallet (or `secret`'s) signs in, granting `abilities` (default all of `/notes`) to a fresh session key. */
    const signIn = (abilities: readonly RootCapability[] = [{ command: '/notes', policy: [] }], secret?: string): Promise<SiweSession> =>
      createSiweSession({ provider: localWallet(secret ?? TEST_WALLET_SECRET), domain: NOTES_DOMAIN, abilities, expiresIn: 3600 })
    /** An invocation under `as`'s root (default the session's), signed by its session key unless `issuer` says otherwise. */
    const signed = (command: string, args: IPLDMap, options: Partial<InvokeInput> & { as?: SiweSession } = {}): Promise<string> => {
      const { as: who = session, ...overrides } = options
      return invocationHeader({ issuer: who.key, subject: who.subject, audience: service.guard.config.service, root: who.root, command, args, ...overrides })
    }
    const call = (method: string, path: string, authorization?: string, body?: BodyInit): Promise<Response> =>
      fetch(`${app.url}${path}`, {
        method,
        ...(authorization === undefined ? {} : { headers: { authorization } }),
        ...(body === undefined ? {} : { body, duplex: 'half' }),
      } as RequestInit)
    const write = async (id: string, text: string, options: Partial<InvokeInput> & { as?: SiweSession } = {}): Promise<Response> =>
      call('PUT', `/notes/${id}`, await signed('/notes/write', { id, size: Buffer.byteLength(text) }, options), text)
    const read = async (id: string, options: Partial<InvokeInput> & { as?: SiweSession } = {}): Promise<Response> =>
      call('GET', `/notes/${id}`, await signed('/notes/read', { id }, options))
    /** A delegation of `/notes` from the session key to `to`, under `policy`. */
    const delegate = async (to: Signer, policy: IPLDValue[] = [], expiration?: number): Promise<Delegation> =>
      (await session.delegate({ to: to.did(), command: '/notes', policy, ...(expiration === undefined ? {} : { expiration }) })).delegation
    const usageOf = async (root: SiweRoot) => {
      const key = cacaoIdentity(root.fields).toString()
      return (await service.guard.config.store.ledger.usage([key])).get(key) ?? { bytes: 0, uses: 0 }
    }
    /** The problem body of a refusal, checked to be one. */
    const problem = async (response: Response, status: number): Promise<ProblemBody> => {
      const body = (await response.json()) as ProblemBody
      expect({ status: response.status, code: body.code }).toMatchObject({ status })
      expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE)
      expect(body).toMatchObject({ status, type: `https://capchain.dev/errors/${body.code}` })
      return body
    }

    it('serves /info and the discovery document: the service DID, SIWE roots, the three routes', async () => {
      const info = await (await call('GET', '/info')).json()
      expect(info).toMatchObject({ did: service.guard.config.service, authorization: 'UCAN <container>', rootFormats: ['SIWE (CAIP-74 CACAO)'] })
      const discovery = await (await call('GET', DISCOVERY_PATH)).json()
      expect(discovery).toMatchObject({ did: service.guard.config.service, routes: NOTES_DISCOVERY, revoke: { method: 'POST', path: '/revoke', command: '/ucan/revoke' } })
    })

    it('writes, reads and shares a note the chain allows', async () => {
      const written = await write('n1', 'hello')
      expect(written.status).toBe(200)
      expect(await written.json()).toEqual({ id: 'n1', text: 'hello', size: 5, sharedWith: [] })
      const friend = (await generateSigner('Ed25519')).did()
      const shared = await call('POST', `/notes/n1/share?to=${friend}`, await signed('/notes/share', { id: 'n1', to: friend }))
      expect(shared.status).toBe(200)
      expect(await shared.json()).toEqual({ id: 'n1', text: 'hello', size: 5, sharedWith: [friend] })
      const got = await read('n1')
      expect(got.status).toBe(200)
      expect(await got.json()).toEqual({ id: 'n1', text: 'hello', size: 5, sharedWith: [friend] })
    })

    it('keeps each wallet\'s notes its own, and answers a note that does not exist with 404', async () => {
      expect((await write('mine', 'private')).status).toBe(200)
      const other = await signIn(undefined, OTHER_WALLET_SECRET)
      expect(other.subject).not.toBe(session.subject)
      expect(await problem(await read('mine', { as: other }), 404)).toMatchObject({ code: 'ERR_NOTE_NOT_FOUND', at: 'args.id' })
      expect(await problem(await read('never-written'), 404)).toMatchObject({ code: 'ERR_NOTE_NOT_FOUND' })
    })

    it('refuses a sign-in made on another domain than the service trusts', async () => {
      const elsewhere = await createSiweSession({ provider: localWallet(TEST_WALLET_SECRET), domain: 'notes.example', abilities: [{ command: '/notes', policy: [] }], expiresIn: 3600 })
      expect((await problem(await read('n1', { as: elsewhere }), 403)).code).toBe('ERR_ROOT_REJECTED')
    })

    it('refuses an invocation signed by another key than the session key', async () => {
      const response = await read('n1', { issuer: await generateSigner('Ed25519') })
      expect((await problem(response, 403)).code).toBe('ERR_PRINCIPAL_MISALIGNED')
    })

    it('refuses an escalated command: a reader cannot write or share, and reads (near miss)', async () => {
      const reader = await signIn([{ command: '/notes/read', policy: [] }])
      expect((await problem(await write('n1', 'hi', { as: reader }), 403)).code).toBe('ERR_COMMAND_ESCALATION')
      const friend = (await generateSigner('Ed25519')).did()
      const share = await call('POST', `/notes/n1/share?to=${friend}`, await signed('/notes/share', { id: 'n1', to: friend }, { as: reader }))
      expect((await problem(share, 403)).code).toBe('ERR_COMMAND_ESCALATION')
      expect((await read('n1', { as: reader })).status).toBe(200)
      // The command the root grants, on a route that executes another, is the route's refusal.
      const readOnWrite = await call('PUT', '/notes/n1', await signed('/notes/read', { id: 'n1', size: 2 }, { as: reader }), 'hi')
      expect(await problem(readOnWrite, 403)).toMatchObject({ code: 'ERR_COMMAND_MISMATCH', at: 'payload.cmd' })
    })

    it('refuses another note id: in the args, and past a delegation limited to one note', async () => {
      const other = await call('GET', '/notes/n1', await signed('/notes/read', { id: 'n2' }))
      expect(await problem(other, 403)).toMatchObject({ code: 'ERR_ARGS_MISMATCH', at: 'args.id' })
      expect((await write('n2', 'second')).status).toBe(200)
      const agent = await generateSigner('Ed25519')
      const onlyN1 = await delegate(agent, [['==', '.id', 'n1']])
      expect((await problem(await read('n2', { issuer: agent, chain: [onlyN1] }), 403)).code).toBe('ERR_POLICY_VIOLATION')
      expect((await read('n1', { issuer: agent, chain: [onlyN1] })).status).toBe(200)
    })

    it('refuses a larger size: a body longer than stated, a write over the cap, one over the note limit, one with no length', async () => {
      const longer = await call('PUT', '/notes/n1', await signed('/notes/write', { id: 'n1', size: 5 }), 'hello world')
      expect(await problem(longer, 403)).toMatchObject({ code: 'ERR_ARGS_MISMATCH', at: 'args.size' })
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 10 })] }])
      expect((await problem(await write('c1', 'eleven byte', { as: capped }), 403)).code).toBe('ERR_CAP_EXCEEDED')
      expect((await write('c1', 'ten bytes!', { as: capped })).status).toBe(200)
      expect(await usageOf(capped.root)).toEqual({ bytes: 10, uses: 1 })
      const huge = 'x'.repeat(MAX_NOTE_BYTES + 1)
      expect((await problem(await write('big', huge), 413)).code).toBe('ERR_NOTE_TOO_LARGE')
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('hi'))
          controller.close()
        },
      })
      const unsized = await call('PUT', '/notes/n1', await signed('/notes/write', { id: 'n1', size: 2 }), chunked)
      expect((await problem(unsized, 411)).code).toBe('ERR_LENGTH_REQUIRED')
    })

    it('refuses an invocation addressed to another service', async () => {
      const response = await read('n1', { audience: (await generateSigner('Ed25519')).did() })
      expect((await problem(response, 403)).code).toBe('ERR_AUDIENCE_MISMATCH')
    })

    it('refuses a chain with an expired delegation, and serves the same chain with a live one (near miss)', async () => {
      const agent = await generateSigner('Ed25519')
      const expired = await delegate(agent, [], unixNow() - 3600)
      expect((await problem(await read('n1', { issuer: agent, chain: [expired] }), 401)).code).toBe('ERR_EXPIRED')
      expect((await read('n1', { issuer: agent, chain: [await delegate(agent)] })).status).toBe(200)
    })

    it('refuses a replayed invocation; the same request freshly signed is served (near miss)', async () => {
      const header = await signed('/notes/read', { id: 'n1' })
      expect((await call('GET', '/notes/n1', header)).status).toBe(200)
      expect((await problem(await call('GET', '/notes/n1', header), 409)).code).toBe('ERR_REPLAY')
      expect((await read('n1')).status).toBe(200)
    })

    /** `POST /revoke` of the last link of `path`, signed by `issuer` on its own behalf. */
    const revoke = async (issuer: Signer, path: readonly (Delegation | SiweRoot)[]): Promise<Response> => {
      const revocation = await createRevocation({ issuer, service: service.guard.config.service as DID, path, expiration: unixNow() + 300 })
      const tokens = [revocation.bytes, ...path.map((link) => ('cacao' in link ? link.cacao : link.bytes))]
      return call('POST', '/revoke', `UCAN ${encodeContainerString(tokens)}`)
    }

    it('refuses a delegation revoked through POST /revoke; only a key upstream may revoke it', async () => {
      const agent = await generateSigner('Ed25519')
      const link = await delegate(agent)
      expect((await read('n1', { issuer: agent, chain: [link] })).status).toBe(200)
      expect((await problem(await revoke(await generateSigner('Ed25519'), [session.root, link]), 403)).code).toBe('ERR_REVOKER_NOT_UPSTREAM')
      expect((await read('n1', { issuer: agent, chain: [link] })).status).toBe(200)
      const accepted = await revoke(session.key, [session.root, link])
      expect(accepted.status).toBe(200)
      expect(await accepted.json()).toEqual({ revoked: link.cid.toString(), revoker: session.key.did(), recorded: true })
      expect((await problem(await read('n1', { issuer: agent, chain: [link] }), 403)).code).toBe('ERR_REVOKED')
    })

    it('refuses once a cap is exhausted; a refusal of the handler gives its use back', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ uses: 2 })] }])
      expect((await write('u1', 'one', { as: capped })).status).toBe(200)
      // No such note: the handler refuses, the adapter refunds the use.
      expect((await problem(await read('missing', { as: capped }), 404)).code).toBe('ERR_NOTE_NOT_FOUND')
      expect((await read('u1', { as: capped })).status).toBe(200)
      expect((await problem(await read('u1', { as: capped }), 403)).code).toBe('ERR_CAP_EXCEEDED')
      expect(await usageOf(capped.root)).toEqual({ bytes: 3, uses: 2 })
    })

    it('shares only with a DID, and past a delegation limited to one reader only with that reader', async () => {
      const notADid = await call('POST', '/notes/n1/share?to=bob', await signed('/notes/share', { id: 'n1', to: 'bob' }))
      expect(await problem(notADid, 400)).toMatchObject({ code: 'ERR_SHARE_TARGET', at: 'query.to' })
      const noMethodId = await call('POST', '/notes/n1/share?to=did:key:', await signed('/notes/share', { id: 'n1', to: 'did:key:' }))
      expect((await problem(noMethodId, 400)).code).toBe('ERR_SHARE_TARGET')
      const missing = await call('POST', '/notes/n1/share', await signed('/notes/share', { id: 'n1' }))
      expect((await problem(missing, 400)).code).toBe('ERR_SHARE_TARGET')
      const agent = await generateSigner('Ed25519')
      const friend = (await generateSigner('Ed25519')).did()
      const stranger = (await generateSigner('Ed25519')).did()
      const toFriend = await delegate(agent, [['==', '.to', friend]])
      const share = async (to: string) => call('POST', `/notes/n1/share?to=${to}`, await signed('/notes/share', { id: 'n1', to }, { issuer: agent, chain: [toFriend] }))
      expect((await problem(await share(stranger), 403)).code).toBe('ERR_POLICY_VIOLATION')
      const shared = await share(friend)
      expect(shared.status).toBe(200)
      expect((await shared.json()).sharedWith).toContain(friend)
    })

    it('runs the example client: the owner writes, reads and shares; the capped agent is refused another note, then its cap', async () => {
      const lines: string[] = []
      const steps = await runClient(app.url, (line) => void lines.push(line))
      expect(steps.map(({ step, status, code }) => [step, status, code])).toEqual([
        ['owner PUT /notes/n1', 200, undefined],
        ['owner GET /notes/n1', 200, undefined],
        [expect.stringMatching(/^owner POST \/notes\/n1\/share\?to=did:key:/), 200, undefined],
        ['agent PUT /notes/n1', 200, undefined],
        ['agent GET /notes/n1', 200, undefined],
        ['agent GET /notes/n2', 403, 'ERR_POLICY_VIOLATION'],
        ['agent PUT /notes/n1', 403, 'ERR_CAP_EXCEEDED'],
        ['agent GET /notes/n1', 200, undefined],
        ['agent GET /notes/n1', 403, 'ERR_CAP_EXCEEDED'],
      ])
      expect(steps[4]?.body).toMatchObject({ id: 'n1', text: 'the agent was here' })
      expect(lines[0]).toContain(`signed in as ${session.subject}`)
      expect(lines).toContainEqual(expect.stringContaining(`capped at ${AGENT_CAP.bytes} bytes and ${AGENT_CAP.uses} uses`))
    })
  })
}
