/**
 * The guard bench's app: `GET /ping/:id` answering a small JSON, in Hono on
 * `@hono/node-server` on 127.0.0.1, behind the guard's Hono middleware
 * (`capchain`) or with nothing in front (the baseline). The handler is the
 * same in both, so only the guard differs.
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

/** The ping app, guarded by `guard`, or open when it is `undefined`. */
export function pingApp(guard: Guard | undefined): Hono<{ Variables: CapchainVariables }> {
  const app = new Hono<{ Variables: CapchainVariables }>()
  const pong = (c: Context) => c.json({ id: c.req.param('id'), pong: true })
  if (guard === undefined) app.get('/ping/:id', pong)
  else {
    app.get('/ping/:id', capchain(guard, pingRoute), pong)
    app.onError(async (error) => problemResponse(await guard.problem(error)))
  }
  return app
}

/**
 * Serve `app` on an ephemeral port of 127.0.0.1.
 *
 * @throws {Error} the server could not listen
 */
export async function serve(app: Hono<{ Variables: CapchainVariables }>): Promise<RunningApp> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1', overrideGlobalObjects: false, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } }) as Server
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
