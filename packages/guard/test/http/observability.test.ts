/**
 * The guard's logger and tracer over real HTTP (Hono on `@hono/node-server`,
 * Express and Fastify on Node servers): one access line per guarded request with its
 * decision and code, faults with their stack and never in the answer, no
 * credential in any line, and the spans of each step in order.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { encodeContainerString, generateSigner } from '@capchain/core'
import { siweRootFormat } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import { createAdaptorServer } from '@hono/node-server'
import express from 'express'
import type { Request } from 'express'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Hono } from 'hono'
import type { Context } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capchainOf, expressErrorHandler, expressGuard } from '../../src/adapters/express/index.js'
import { capchainOf as fastifyCapchainOf, fastifyErrorHandler, fastifyGuard } from '../../src/adapters/fastify/index.js'
import { capchain } from '../../src/adapters/hono/index.js'
import type { CapchainVariables } from '../../src/adapters/hono/index.js'
import { capStatement } from '../../src/cap/statement.js'
import { createGuard } from '../../src/http/guard.js'
import type { Guard } from '../../src/http/guard.js'
import { SILENT_LOGGER } from '../../src/http/observe/logger.js'
import { ACCESS_MESSAGE } from '../../src/http/observe/request.js'
import { problemResponse } from '../../src/http/problem.js'
import { revokeHandler } from '../../src/http/revoke-handler.js'
import { createRevocation } from '../../src/revoke/create.js'
import type { RunningApp } from './matrix.js'
import { captureLogs, captureSpans } from './support/log-capture.js'
import type { LogCapture, LogLine, SpanCapture } from './support/log-capture.js'
import { listen, SERVER_MAX_HEADER_BYTES } from './support/listen.js'
import { BoomError, lengthOf, noteBody, notesRoutes } from './support/notes.js'
import { delegate, DOMAIN, invoke, signIn, unixNow } from './support/world.js'
import type { Session } from './support/world.js'

/** pino's level numbers. */
const INFO = 30
const ERROR = 50

const honoRoutes = notesRoutes((c: Context) => ({ id: c.req.param('id') ?? '', length: lengthOf(c.req.header('content-length')) }))
const expressRoutes = notesRoutes((req: Request) => ({ id: String(req.params.id ?? ''), length: lengthOf(req.headers['content-length']) }))

function honoApp(guard: Guard): Promise<RunningApp> {
  const app = new Hono<{ Variables: CapchainVariables }>()
  app.get('/notes/:id', capchain(guard, honoRoutes.read), (c) => c.json(noteBody(c.req.param('id'), c.get('capchain'))))
  app.get('/boom/:id', capchain(guard, honoRoutes.boom), () => {
    throw new BoomError()
  })
  const revoke = revokeHandler(guard)
  app.post('/revoke', (c) => revoke(c.req.raw))
  app.onError(async (error) => problemResponse(await guard.problem(error)))
  return listen(createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false, serverOptions: { maxHeaderSize: SERVER_MAX_HEADER_BYTES } }) as Server)
}

function expressApp(guard: Guard): Promise<RunningApp> {
  const app = express()
  app.get('/notes/:id', expressGuard(guard, expressRoutes.read), (req, res) => void res.json(noteBody(String(req.params.id), capchainOf(res))))
  app.get('/boom/:id', expressGuard(guard, expressRoutes.boom), () => {
    throw new BoomError()
  })
  app.use(expressErrorHandler(guard))
  return listen(createServer({ maxHeaderSize: SERVER_MAX_HEADER_BYTES }, app))
}

const idOf = (request: FastifyRequest): string => (request.params as { id?: string }).id ?? ''
const fastifyRoutes = notesRoutes((request: FastifyRequest) => ({ id: idOf(request), length: lengthOf(request.headers['content-length']) }))

async function fastifyApp(guard: Guard): Promise<RunningApp> {
  let server: Server | undefined
  const app: FastifyInstance = Fastify({
    serverFactory: (handler) => {
      server = createServer({ maxHeaderSize: SERVER_MAX_HEADER_BYTES }, handler)
      return server
    },
  })
  app.get('/notes/:id', { preHandler: fastifyGuard(guard, fastifyRoutes.read) }, async (request) => noteBody(idOf(request), fastifyCapchainOf(request)))
  app.get('/boom/:id', { preHandler: fastifyGuard(guard, fastifyRoutes.boom) }, async () => {
    throw new BoomError()
  })
  app.setErrorHandler(fastifyErrorHandler(guard))
  await app.ready()
  return listen(server!)
}

const ADAPTERS = [
  { name: 'hono', start: honoApp },
  { name: 'express', start: expressApp },
  { name: 'fastify', start: fastifyApp },
] as const

for (const { name, start } of ADAPTERS) {
  describe(`${name}: access log and spans`, () => {
    let logs: LogCapture
    let traces: SpanCapture
    let guard: Guard
    let app: RunningApp
    let session: Session
    beforeAll(async () => {
      logs = captureLogs()
      traces = captureSpans()
      const key = await generateSigner('Ed25519')
      guard = createGuard({
        service: key.did(),
        store: createMemoryStore(),
        rootFormats: [siweRootFormat({ domains: [DOMAIN] })],
        logger: logs.logger,
        tracer: traces.tracer,
      })
      app = await start(guard)
      session = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 1000, uses: 10 })] }])
    })
    afterAll(() => app.close())

    /** GET `path`, then the access line of that request (the only one of its path after `from`). */
    const request = async (path: string, authorization?: string): Promise<{ response: Response; body: string; line: LogLine }> => {
      const from = logs.lines.length
      const response = await fetch(`${app.url}${path}`, authorization === undefined ? {} : { headers: { authorization } })
      const body = await response.text()
      const line = await logs.next((candidate) => candidate.msg === ACCESS_MESSAGE, from)
      return { response, body, line }
    }
    const accessLines = (from: number): LogLine[] => logs.lines.slice(from).filter((line) => line.msg === ACCESS_MESSAGE)

    it('writes one line for an allowed request: who, what, the settlement, and never the credentials', async () => {
      const from = logs.lines.length
      const { header, invocation } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' } })
      const { response, line } = await request('/notes/n1', header)
      expect(response.status).toBe(200)
      expect(line).toMatchObject({
        level: INFO,
        component: 'capchain-guard',
        method: 'GET',
        route: '/notes/:id',
        status: 200,
        decision: 'allowed',
        issuer: session.key.did(),
        subject: session.subject,
        command: '/notes/read',
        invocation: invocation.cid.toString(),
        bytes: 0,
      })
      expect(line.code).toBeUndefined()
      expect(typeof line.durationMs).toBe('number')
      expect(accessLines(from)).toHaveLength(1)
      // Not the header, nor any token or signature in it.
      const token = header.slice('UCAN '.length)
      for (const text of logs.raw) {
        expect(text).not.toContain(token)
        expect(text).not.toContain(token.slice(0, 64))
        expect(text.toLowerCase()).not.toContain('authorization')
      }
    })

    it('writes the code of each refusal: escalation (403), replay (409), missing credentials (401)', async () => {
      const reader = await signIn([{ command: '/notes/list', policy: [] }])
      const escalated = await invoke(guard, reader, { command: '/notes/read', args: { id: 'n1' } })
      const denied = await request('/notes/n1', escalated.header)
      expect(denied.response.status).toBe(403)
      expect(denied.line).toMatchObject({ status: 403, decision: 'denied', code: 'ERR_COMMAND_ESCALATION', invocation: escalated.invocation.cid.toString() })
      // A refused request names no issuer or subject: they are claims the guard did not accept.
      expect(denied.line.issuer).toBeUndefined()
      expect(denied.line.subject).toBeUndefined()

      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n2' } })
      expect((await request('/notes/n2', header)).line).toMatchObject({ status: 200, decision: 'allowed' })
      expect((await request('/notes/n2', header)).line).toMatchObject({ status: 409, decision: 'denied', code: 'ERR_REPLAY' })

      traces.reset()
      expect((await request('/notes/n1')).line).toMatchObject({ status: 401, decision: 'denied', code: 'ERR_AUTH_MISSING' })
      // Refused at the credentials step, whose span says so by its code.
      expect(traces.spans().map((span) => [span.name, span.status])).toEqual([
        ['capchain.request', { code: 2, message: 'ERR_AUTH_MISSING' }],
        ['capchain.credentials', { code: 2, message: 'ERR_AUTH_MISSING' }],
      ])
      expect((await request('/notes/n1', 'Bearer secret-token-value')).line).toMatchObject({ status: 401, code: 'ERR_AUTH_MALFORMED' })
      expect(logs.raw.join('\n')).not.toContain('secret-token-value')
    })

    it('logs a handler fault with its stack, answers 500 without its message, and refunds', async () => {
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'b1' } })
      const from = logs.lines.length
      const { response, body, line } = await request('/boom/b1', header)
      expect(response.status).toBe(500)
      expect(JSON.parse(body)).toMatchObject({ code: 'ERR_INTERNAL', detail: 'internal error' })
      expect(body).not.toContain('the handler failed')
      expect(line).toMatchObject({ status: 500, decision: 'allowed', route: '/boom/:id', bytes: 0 })
      // Hono hands the adapter what the handler threw; Express and Fastify hand it to the guard's error handler.
      expect(line.code).toBe('ERR_INTERNAL')
      const fault = logs.lines.slice(from).find((candidate) => candidate.level === ERROR)
      expect(fault).toMatchObject({ err: { type: 'BoomError', message: 'the handler failed' } })
      expect((fault?.err as { stack: string }).stack).toContain('observability.test.ts')
    })

    it('traces an allowed request step by step, the store\'s steps under the chain check', async () => {
      traces.reset()
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n3' } })
      expect((await request('/notes/n3', header)).response.status).toBe(200)
      const spans = traces.spans()
      expect(spans.map((span) => span.name)).toEqual([
        'capchain.request',
        'capchain.credentials',
        'capchain.verify',
        'capchain.admit',
        'capchain.handler',
        'capchain.settle',
      ])
      const [request_, , verify] = spans
      for (const span of spans.slice(1)) {
        const parent = span.name === 'capchain.admit' ? verify! : request_!
        expect(span.parentSpanContext?.spanId, span.name).toBe(parent.spanContext().spanId)
        expect(span.spanContext().traceId).toBe(request_!.spanContext().traceId)
      }
      expect(request_!.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.route': '/notes/:id',
        'http.response.status_code': 200,
        'capchain.decision': 'allowed',
        'capchain.subject': session.subject,
      })
      expect(request_!.status.code).toBe(0)
    })

    it('marks a denied request\'s span as an error with its code, and stops at the step that refused', async () => {
      traces.reset()
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'other' } })
      expect((await request('/notes/n4', header)).response.status).toBe(403)
      const spans = traces.spans()
      expect(spans.map((span) => span.name)).toEqual(['capchain.request', 'capchain.credentials', 'capchain.verify'])
      expect(spans[0]!.attributes).toMatchObject({ 'capchain.decision': 'denied', 'capchain.code': 'ERR_ARGS_MISMATCH', 'http.response.status_code': 403 })
      expect(spans[0]!.status).toEqual({ code: 2, message: 'ERR_ARGS_MISMATCH' })
      expect(spans[2]!.status).toEqual({ code: 2, message: 'ERR_ARGS_MISMATCH' })
    })
  })
}

describe('tracing a store without admitInvocation', () => {
  it('traces its three calls under the chain check, in the order the guard makes them', async () => {
    const traces = captureSpans()
    const { ledger, replay, revocations, close } = createMemoryStore()
    const guard = createGuard({
      service: (await generateSigner('Ed25519')).did(),
      store: { ledger, replay, revocations, close },
      rootFormats: [siweRootFormat({ domains: [DOMAIN] })],
      tracer: traces.tracer,
    })
    const app = await honoApp(guard)
    try {
      const session = await signIn([{ command: '/notes', policy: [capStatement({ bytes: 1000, uses: 10 })] }])
      const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: 'n1' } })
      expect((await fetch(`${app.url}/notes/n1`, { headers: { authorization: header } })).status).toBe(200)
      const spans = traces.spans()
      expect(spans.map((span) => span.name)).toEqual([
        'capchain.request',
        'capchain.credentials',
        'capchain.verify',
        'capchain.revocation',
        'capchain.replay',
        'capchain.reserve',
        'capchain.handler',
        'capchain.settle',
      ])
      for (const span of spans.slice(3, 6)) expect(span.parentSpanContext?.spanId, span.name).toBe(spans[2]!.spanContext().spanId)
    } finally {
      await app.close()
    }
  })
})

describe('POST /revoke (the guard\'s handler, any framework)', () => {
  it('writes one line per revocation: allowed for a revoker upstream, denied with its code for a stranger', async () => {
    const logs = captureLogs()
    const guard = createGuard({
      service: (await generateSigner('Ed25519')).did(),
      store: createMemoryStore(),
      rootFormats: [siweRootFormat({ domains: [DOMAIN] })],
      logger: logs.logger,
    })
    const app = await honoApp(guard)
    try {
      const session = await signIn()
      const link = await delegate(session, await generateSigner('Ed25519'))
      const revoke = async (issuer: Session['key']): Promise<LogLine> => {
        const revocation = await createRevocation({ issuer, service: guard.config.service, path: [session.root, link], expiration: unixNow() + 300 })
        const authorization = `UCAN ${encodeContainerString([revocation.bytes, session.root.cacao, link.bytes])}`
        const from = logs.lines.length
        await (await fetch(`${app.url}/revoke`, { method: 'POST', headers: { authorization } })).text()
        return logs.next((line) => line.msg === ACCESS_MESSAGE, from)
      }
      expect(await revoke(await generateSigner('Ed25519'))).toMatchObject({ route: '/revoke', status: 403, decision: 'denied', code: 'ERR_REVOKER_NOT_UPSTREAM' })
      expect(await revoke(session.key)).toMatchObject({
        method: 'POST',
        route: '/revoke',
        status: 200,
        decision: 'allowed',
        command: '/ucan/revoke',
        issuer: session.key.did(),
        // A revocation is invoked on the revoker's own behalf.
        subject: session.key.did(),
      })
    } finally {
      await app.close()
    }
  })
})

describe('without a logger or tracer', () => {
  it('writes nothing: the guard is silent unless its service gives it a logger', async () => {
    const guard = createGuard({ service: (await generateSigner('Ed25519')).did(), store: createMemoryStore() })
    expect(guard.logger).toBe(SILENT_LOGGER)
  })
})
