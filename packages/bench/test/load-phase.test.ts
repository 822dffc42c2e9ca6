/**
 * A load phase's steps on the ping app: both warm-ups, then the timed run
 * (by request count here), with the serving process's CPU counted. The
 * bench's other tests run phases without warm-ups (a warm-up of 0 is
 * none), to stay short.
 */
import { describe, expect, it } from 'vitest'
import { PING_BODY, withApp } from '../src/guard-app.js'
import { loadPhase } from '../src/load-phase.js'

const HEADERS = ['UCAN unread-by-the-open-route']
// Taken before anything in this file serves: it runs in a worker of its own (scripts/own-modules.mjs).
const UNDICI_RESPONSE = globalThis.Response

describe('loadPhase', () => {
  it('runs the first and the timed warm-up, then a timed run of the requests asked for', async () => {
    const steps: string[] = []
    const result = await withApp({ kind: 'open' }, (url) =>
      loadPhase(
        (message) => steps.push(message),
        { label: 'ping', url, expectBody: PING_BODY, headersFor: async () => [...HEADERS], pool: 'cycle', onTimedRun: () => steps.push('timed run') },
        { seconds: 0.1, warmupRequests: 5, warmupSeconds: 0.05, timedRequests: 20, connections: 2 },
      ),
    )
    expect(result.valid).toBe(true)
    expect(result.responses).toBe(20)
    expect(result.statusCodes).toEqual({ 200: 20 })
    // The timed warm-up ran (its rate is the one kept), before the timed run.
    expect(result.warmupRequestsPerSecond).toBeGreaterThan(0)
    // This process served the timed run: its CPU time per response, and how busy it was meanwhile.
    expect(result.serverCpuUsPerRequest).toBeGreaterThan(0)
    expect(result.serverUtilization).toBeGreaterThan(0)
    expect(steps[0]).toBe('ping: warm-up, 5 requests then 0.05 s…')
    expect(steps.indexOf('timed run')).toBe(steps.findIndex((step) => step.includes('20 requests of load')) + 1)
  })

  it('serves the ping app as @hono/node-server does by default, its own Response in place of the global one', async () => {
    // Near miss: with `overrideGlobalObjects: false` the global stays undici's and every body is streamed.
    const seen = await withApp({ kind: 'open' }, async (url) => {
      const response = await fetch(url)
      return { status: response.status, body: await response.text(), global: globalThis.Response }
    })
    expect(seen).toMatchObject({ status: 200, body: PING_BODY })
    expect(seen.global).not.toBe(UNDICI_RESPONSE)
    expect(new seen.global('x')).toBeInstanceOf(UNDICI_RESPONSE)
  })
})
