/**
 * The guard bench's app: `GET /ping/:id` answering a small JSON, in Hono on
 * `@hono/node-server` on 127.0.0.1, behind the guard's Hono middleware
 * (`capchain`), behind one timed raw verify (verify-in-front.ts), or with nothing
 * in front (the baseline). The handler is the same in all three, so only
 * what stands in front differs.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { problemResponse } from '@capchain/guard'
import type { Guard, GuardedRoute } from '@capchain/guard'
import { capchain } from '@capchain/guard/hono'
import type { CapchainVariables } from '@capchain/guard/hono'
import { Hono } from 'hono'
import type { Context } from 'hono'
import { PING_COMMAND, PING_ID } from './guard-chains.js'
import type { RawSignature } from './ucan1.js'
import { verifyInFront } from './verify-in-front.js'
import type { VerifyTimer } from './verify-timer.js'

export const PING_PATH = `/ping/${PING_ID}`
/** What the handler answers, exactly: the load generator checks every body against it. */
export const PING_BODY = JSON.stringify({ id: PING_ID, pong: true })
/** The guard reads credentials up to its default 64 KiB; Node's own header limit is 16 KiB. */
const MAX_HEADER_BYTES = 65_536

export const pingRoute: GuardedRoute<Context> = { command: PING_COMMAND, args: (c) => ({ id: c.req.param('id') ?? '' }) }

export interface RunningApp {
  readonly url: string
  close(): Promise<void>
}

/** What stands in front of the handler: nothing, the guard, or one raw verify of `signatures` in turn, timed by `timer`. */
export type PingFront =
  | { readonly kind: 'open' }
  | { readonly kind: 'guard'; readonly guard: Guard }
  | { readonly kind: 'verify'; readonly signatures: readonly RawSignature[]; readonly timer: VerifyTimer }

/** The ping app behind `front`. */
export function pingApp(front: PingFront): Hono<{ Variables: CapchainVariables }> {
  const app = new Hono<{ Variables: CapchainVariables }>()
  const pong = (c: Context) => c.json({ id: c.req.param('id'), pong: true })
  if (front.kind === 'open') app.get('/ping/:id', pong)
  else if (front.kind === 'verify') {
    app.get('/ping/:id', verifyInFront(front.signatures, front.timer), pong)
    // A bench bug, answered with its reason and counted in the phase's statuses, not a stack trace per request.
    app.onError((error, c) => c.text(error.message, 500))
  }
  else {
    const { guard } = front
    app.get('/ping/:id', capchain(guard, pingRoute), pong)
    app.onError(async (error) => problemResponse(await guard.problem(error)))
  }
  return app
}

/**
 * Serve the ping app behind `front`, run `use` on its URL, close it.
 *
 * @throws {Error} the server could not listen, or what `use` throws
 */
export async function withApp<T>(front: PingFront, use: (url: string) => Promise<T>): Promise<T> {
  const app = await serve(pingApp(front))
  try {
    return await use(app.url)
  } finally {
    await app.close()
  }
}

/**
 * Serve `app` on an ephemeral port of 127.0.0.1, as `@hono/node-server`
 * serves by default: it replaces the global `Request` and `Response` with
 * its own, for good, so a handler's `c.json(…)` is written straight to the
 * socket. Without that (`overrideGlobalObjects: false`) every body goes
 * through an undici `Response` and a `ReadableStream`: on the 2-core VM of
 * 2026-12-07, 42 µs more server CPU per request on the open route and 70
 * more on a guarded one, a cost the default spares the apps this bench
 * stands for. The bench process serves these apps after its comparisons
 * and the storage service's load test; the tests that serve them run with
 * a worker of their own (scripts/own-modules.mjs).
 *
 * @throws {Error} the server could not listen
 */
export async function serve(app: Hono<{ Variables: CapchainVariables }>): Promise<RunningApp> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1', serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } }) as Server
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${PING_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      }),
  }
}
