/**
 * The table every adapter runs over real HTTP: one notes app per adapter
 * (support/notes.ts) on 127.0.0.1, real SIWE roots, real fetch. Each case
 * that is allowed has its near misses; every refusal is the same problem
 * body whatever the adapter.
 */
import { encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import type { SiweRoot } from '@capchain/siwe'
import type { Usage } from '@capchain/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capStatement } from '../../src/cap/statement.js'
import type { GuardEvent } from '../../src/http/config.js'
import type { Guard } from '../../src/http/guard.js'
import { PROBLEM_CONTENT_TYPE } from '../../src/http/problem.js'
import type { ProblemBody } from '../../src/http/problem.js'
import { createRevocation } from '../../src/revoke/create.js'
import { BOOM_BYTES, STREAM_BYTES } from './support/notes.js'
import { delegate, invoke, notesGuard, signIn, unixNow } from './support/world.js'
import type { Session } from './support/world.js'

/** A notes app listening on 127.0.0.1 (a header limit of 1 MiB, so the guard's own limit is what answers). */
export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  close(): Promise<void>
}

export type StartApp = (guard: Guard) => Promise<RunningApp>

/** Run the whole table against the app `start` serves. */
export function guardMatrix(adapter: string, start: StartApp): void {
  describe(`${adapter}: the guarded notes app over HTTP`, () => {
    let guard: Guard
    let app: RunningApp
    let session: Session
    const events: GuardEvent[] = []
    beforeAll(async () => {
      guard = await notesGuard(events)
      app = await start(guard)
      session = await signIn()
    })
    afterAll(() => app.close())

    const get = (path: string, authorization?: string, signal?: AbortSignal) =>
      fetch(`${app.url}${path}`, { ...(authorization === undefined ? {} : { headers: { authorization } }), ...(signal === undefined ? {} : { signal }) })
    const put = (path: string, authorization: string, body: string) => fetch(`${app.url}${path}`, { method: 'PUT', headers: { authorization }, body })
    const usageOf = async (key: string): Promise<Usage | undefined> => (await guard.config.store.ledger.usage([key])).get(key)
    /** The problem body of a refusal, checked to be one. */
    const problem = async (response: Response, status: number): Promise<ProblemBody> => {
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE)
      const body = (await response.json()) as ProblemBody
      expect(body).toMatchObject({ status, type: `https://capchain.dev/errors/${body.code}` })
      expect(typeof body.explanation).toBe('string')
      return body
    }
    /**
     * Usage of `key` once `done` holds: settlement runs when the response is
     * over, after the client has it (bounded by the test's timeout, never
     * asserted on time). Open reservations count in the usage too.
     */
    const until = async (key: string, done: (usage: Usage) => boolean): Promise<Usage> => {
      for (;;) {
        const usage = (await usageOf(key)) ?? { bytes: 0, uses: 0 }
        if (done(usage)) return usage
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }

    it('serves an allowed request, handing the handler the authorization', async () => {
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' } })
      const response = await get('/notes/n1', header)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ id: 'n1', subject: session.subject, command: '/notes/read' })
    })

    it('serves an upload whose invocation states its size (and charges it)', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 1000 })] }])
      const { header } = await invoke(guard, capped, { command: '/notes/write', args: { id: 'n1', size: 11 } })
      const response = await put('/notes/n1', header, 'hello world')
      expect(response.status).toBe(201)
      expect(await response.json()).toEqual({ id: 'n1', size: 11 })
      expect(await usageOf(capped.capKey)).toEqual({ bytes: 11, uses: 1 })
    })

    it('refuses an invocation signed by another key than the session key', async () => {
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' }, issuer: await generateSigner('Ed25519') })
      const body = await problem(await get('/notes/n1', header), 403)
      expect(body.code).toBe('ERR_PRINCIPAL_MISALIGNED')
    })

    it('refuses a command the root does not grant (escalation), and the route\'s command only', async () => {
      const reader = await signIn([{ command: '/notes/read', policy: [] }])
      const write = await invoke(guard, reader, { command: '/notes/write', args: { id: 'n1', size: 2 } })
      expect((await problem(await put('/notes/n1', write.header, 'hi'), 403)).code).toBe('ERR_COMMAND_ESCALATION')
      // Near miss: the command the root grants, on a route that executes another, is the route's refusal.
      const read = await invoke(guard, reader, { command: '/notes/read', args: { id: 'n1', size: 2 } })
      const body = await problem(await put('/notes/n1', read.header, 'hi'), 403)
      expect(body).toMatchObject({ code: 'ERR_COMMAND_MISMATCH', at: 'payload.cmd' })
    })

    it('refuses args that are not the request\'s: another note id, a larger body than stated', async () => {
      const other = await invoke(guard, session, { command: '/notes/read', args: { id: 'n2' } })
      const mismatch = await problem(await get('/notes/n1', other.header), 403)
      expect(mismatch).toMatchObject({ code: 'ERR_ARGS_MISMATCH', at: 'args.id' })
      // Refused before the chain is verified: drawn as the invocation alone, its args shown, no proof verified to draw it.
      expect(mismatch.explanation).toMatch(/^✘ denied \[ERR_ARGS_MISMATCH\] at args\.id/)
      expect(mismatch.explanation).toContain(`invocation ${other.invocation.cid.toString()}`)
      expect(mismatch.explanation).toContain('args {"id": "n2"}')
      expect(mismatch.explanation).not.toContain('prf[')
      const small = await invoke(guard, session, { command: '/notes/write', args: { id: 'n1', size: 5 } })
      expect(await problem(await put('/notes/n1', small.header, 'hello world'), 403)).toMatchObject({ code: 'ERR_ARGS_MISMATCH', at: 'args.size' })
      const extra = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1', path: '/other' } })
      expect(await problem(await get('/notes/n1', extra.header), 403)).toMatchObject({ code: 'ERR_ARGS_MISMATCH', at: 'args.path' })
    })

    it('refuses an invocation addressed to another service', async () => {
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' }, audience: (await generateSigner('Ed25519')).did() })
      expect((await problem(await get('/notes/n1', header), 403)).code).toBe('ERR_AUDIENCE_MISMATCH')
    })

    it('refuses a chain with an expired link, and serves the same chain with a live one (near miss)', async () => {
      const invoker = await generateSigner('Ed25519')
      const expired = await delegate(session, invoker, unixNow() - 3600)
      const dead = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' }, issuer: invoker, chain: [expired] })
      const body = await problem(await get('/notes/n1', dead.header), 401)
      expect(body.code).toBe('ERR_EXPIRED')
      const live = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' }, issuer: invoker, chain: [await delegate(session, invoker)] })
      expect((await get('/notes/n1', live.header)).status).toBe(200)
    })

    /** `POST /revoke` of the last link of `path`, signed by `issuer` on its own behalf. */
    const revoke = async (issuer: Signer, path: readonly (Delegation | SiweRoot)[]): Promise<Response> => {
      const revocation = await createRevocation({ issuer, service: guard.config.service, path, expiration: unixNow() + 300 })
      const tokens = [revocation.bytes, ...path.map((link) => ('cacao' in link ? link.cacao : link.bytes))]
      return fetch(`${app.url}/revoke`, { method: 'POST', headers: { authorization: `UCAN ${encodeContainerString(tokens)}` } })
    }

    it('refuses a chain whose delegation was revoked through POST /revoke; the same chain was served before', async () => {
      const invoker = await generateSigner('Ed25519')
      const link = await delegate(session, invoker)
      const before = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' }, issuer: invoker, chain: [link] })
      expect((await get('/notes/n1', before.header)).status).toBe(200)
      // Near miss: a key that issued nothing in the path cannot revoke it.
      const stranger = await generateSigner('Ed25519')
      const refused = await revoke(stranger, [session.root, link])
      expect((await problem(refused, 403)).code).toBe('ERR_REVOKER_NOT_UPSTREAM')
      const accepted = await revoke(session.key, [session.root, link])
      expect(accepted.status).toBe(200)
      expect(await accepted.json()).toEqual({ revoked: link.cid.toString(), revoker: session.key.did(), recorded: true })
      const after = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' }, issuer: invoker, chain: [link] })
      expect((await problem(await get('/notes/n1', after.header), 403)).code).toBe('ERR_REVOKED')
    })

    it('refuses a replayed invocation', async () => {
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' } })
      expect((await get('/notes/n1', header)).status).toBe(200)
      expect((await problem(await get('/notes/n1', header), 409)).code).toBe('ERR_REPLAY')
    })

    it('never over-spends a cap under 50 concurrent requests', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ uses: 10 })] }])
      const headers = await Promise.all(Array.from({ length: 50 }, () => invoke(guard, capped, { command: '/notes/read', args: { id: 'n1' } })))
      const responses = await Promise.all(headers.map(({ header }) => get('/notes/n1', header)))
      const codes = await Promise.all(responses.map(async (response) => (response.ok ? (await response.body?.cancel(), 'ok') : (await response.json()).code)))
      expect(codes.filter((code) => code === 'ok')).toHaveLength(10)
      expect(codes.filter((code) => code === 'ERR_CAP_EXCEEDED')).toHaveLength(40)
      expect(await usageOf(capped.capKey)).toEqual({ bytes: 0, uses: 10 })
    })

    it('answers HEAD as the GET it stands for: the invocation is spent, one use charged, and no bytes for a body never sent', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 2 * STREAM_BYTES, uses: 2 })] }])
      const { header } = await invoke(guard, capped, { command: '/notes/read', args: { id: 's1' } })
      const head = await fetch(`${app.url}/stream/s1`, { method: 'HEAD', headers: { authorization: header } })
      expect(head.status).toBe(200)
      expect(await head.text()).toBe('')
      // Settled, not left open: the use is charged and the reservation of the body given back.
      expect(await until(capped.capKey, ({ bytes }) => bytes === 0)).toEqual({ bytes: 0, uses: 1 })
      // The same invocation is spent, for GET as for HEAD (near miss).
      expect((await problem(await get('/stream/s1', header), 409)).code).toBe('ERR_REPLAY')
      // A route that charges its work charges it for HEAD too: the handler ran.
      const work = await invoke(guard, capped, { command: '/notes/read', args: { id: 'e1' } })
      expect((await fetch(`${app.url}/export/e1`, { method: 'HEAD', headers: { authorization: work.header } })).status).toBe(200)
      expect(await until(capped.capKey, ({ uses }) => uses === 2)).toEqual({ bytes: STREAM_BYTES, uses: 2 })
    })

    it('refuses missing credentials with a UCAN challenge', async () => {
      const response = await get('/notes/n1')
      expect(response.headers.get('www-authenticate')).toBe('UCAN')
      expect(await problem(response, 401)).toMatchObject({ code: 'ERR_AUTH_MISSING', at: 'authorization' })
    })

    it('refuses garbage credentials: another scheme, a container that does not decode', async () => {
      const bearer = await get('/notes/n1', 'Bearer abc')
      expect(bearer.headers.get('www-authenticate')).toBe('UCAN')
      expect((await problem(bearer, 401)).code).toBe('ERR_AUTH_MALFORMED')
      expect((await problem(await get('/notes/n1', 'UCAN !!!not-a-container'), 401)).code).toBe('ERR_CONTAINER_UNDECODABLE')
    })

    it('refuses a header over the limit, and a gzip container inflating past it', async () => {
      expect((await problem(await get('/notes/n1', `UCAN ${'A'.repeat(70 * 1024)}`), 431)).code).toBe('ERR_CONTAINER_TOO_LARGE')
      const bomb = `UCAN ${encodeContainerString([new Uint8Array(4 * 1024 * 1024)], 'base64url+gzip')}`
      expect(bomb.length).toBeLessThan(64 * 1024)
      expect((await problem(await get('/notes/n1', bomb), 431)).code).toBe('ERR_CONTAINER_TOO_LARGE')
    })

    it('refunds the reservation when the handler throws', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 10 * BOOM_BYTES, uses: 10 })] }])
      const { header } = await invoke(guard, capped, { command: '/notes/read', args: { id: 'b1' } })
      const faults = events.filter((event) => event.kind === 'fault').length
      expect((await problem(await get('/boom/b1', header), 500)).code).toBe('ERR_INTERNAL')
      // The handler's error stays in the service's log, not in the body.
      expect(events.filter((event) => event.kind === 'fault').slice(faults)).toEqual([{ kind: 'fault', error: expect.objectContaining({ message: 'the handler failed' }) }])
      // Refunded: the next request finds the whole cap, and is charged as usual.
      const next = await invoke(guard, capped, { command: '/notes/read', args: { id: 'b2' } })
      expect((await get('/boom/b2', next.header)).status).toBe(500)
      expect(await until(capped.capKey, (usage) => usage.uses === 0)).toEqual({ bytes: 0, uses: 0 })
    })

    /** Read `path` until 256 KiB arrived, then go away; the bytes received. */
    const abandon = async (path: string, authorization: string): Promise<number> => {
      const abort = new AbortController()
      const response = await get(path, authorization, abort.signal)
      const reader = response.body!.getReader()
      let received = 0
      while (received < 256 * 1024) received += (await reader.read()).value!.byteLength
      abort.abort()
      return received
    }

    it('charges a whole download everything, and an abandoned one the bytes sent', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 2 * STREAM_BYTES, uses: 2 })] }])
      const whole = await invoke(guard, capped, { command: '/notes/read', args: { id: 's1' } })
      const all = await get('/stream/s1', whole.header)
      expect((await all.arrayBuffer()).byteLength).toBe(STREAM_BYTES)
      expect(await until(capped.capKey, ({ uses }) => uses === 1)).toEqual({ bytes: STREAM_BYTES, uses: 1 })

      const partial = await invoke(guard, capped, { command: '/notes/read', args: { id: 's2' } })
      const received = await abandon('/stream/s2', partial.header)
      // Reserved, it counts the whole stream; settled, only what left.
      const usage = await until(capped.capKey, ({ bytes }) => bytes < 2 * STREAM_BYTES)
      expect(usage.uses).toBe(2)
      const charged = usage.bytes - STREAM_BYTES
      expect(charged).toBeGreaterThanOrEqual(received)
      expect(charged).toBeLessThan(STREAM_BYTES)
    })

    it('charges everything reserved when the route charges its work, not its response, and the client goes away (near miss)', async () => {
      const capped = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 2 * STREAM_BYTES - 1 })] }])
      const { header } = await invoke(guard, capped, { command: '/notes/read', args: { id: 'e1' } })
      const settlements = events.length
      await abandon('/export/e1', header)
      await until(capped.capKey, () => events.slice(settlements).some((event) => event.kind === 'settled'))
      expect(events.slice(settlements)).toContainEqual({ kind: 'settled', subject: capped.subject, command: '/notes/read', refunded: false, charged: STREAM_BYTES })
      expect(await usageOf(capped.capKey)).toEqual({ bytes: STREAM_BYTES, uses: 1 })
      // Nothing was given back: a second export no longer fits the cap.
      const next = await invoke(guard, capped, { command: '/notes/read', args: { id: 'e2' } })
      expect((await problem(await get('/export/e2', next.header), 403)).code).toBe('ERR_CAP_EXCEEDED')
    })
  })
}
