/**
 * The load generator's process (src/service-load.ts `runLoad`): it runs
 * the load and is gone when `runLoad` settles, after a run as after a
 * timeout; the serving process's CPU, and its garbage collection, are
 * counted around the load. No speed is asserted; a run's duration is
 * checked to be its own, not rounded up to autocannon's next second.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { PING_BODY, withApp } from '../src/guard-app.js'
import { LoadGeneratorError, loadIsValid, runLoad } from '../src/service-load.js'

/** This process's children whose command line contains `text` (the URL a generator was given: a port of its own). */
function childrenWith(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent's pid is the 4th field of `stat`, after the command in parentheses (which may contain spaces).
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)
      } catch {
        return false // gone meanwhile
      }
    })
    .map(Number)
}

describe('runLoad', () => {
  it('loads the route from a process of its own, gone once it resolves, and counts the server\'s CPU', async () => {
    await withApp({ kind: 'open' }, async (url) => {
      const result = await runLoad({ url, headers: ['UCAN a', 'UCAN b'], connections: 2, amount: 30, expectBody: PING_BODY, pool: 'cycle' })
      expect(result.statusCodes).toEqual({ 200: 30 })
      expect(loadIsValid(result)).toBe(true)
      expect(result.headersUsed).toBe(30)
      expect(result.serverCpuUsPerRequest).toBeGreaterThan(0)
      expect(result.serverUtilization).toBeGreaterThan(0)
      expect(childrenWith(url)).toEqual([])
    })
  })

  it('lasts the time it was given, or its requests, not until the next whole second', async () => {
    await withApp({ kind: 'open' }, async (url) => {
      const timed = await runLoad({ url, headers: ['UCAN a'], connections: 2, seconds: 0.3, expectBody: PING_BODY, pool: 'cycle' })
      // At autocannon's default sampling (1 s) this run read 1.0 s, and its requests/s were counted over all of it.
      expect(timed.seconds).toBeGreaterThanOrEqual(0.3)
      expect(timed.seconds).toBeLessThan(0.9)
      expect(timed.requestsPerSecond).toBeCloseTo(timed.statusCodes['200']! / timed.seconds, -1)
      const counted = await runLoad({ url, headers: ['UCAN a'], connections: 2, amount: 20, expectBody: PING_BODY, pool: 'cycle' })
      expect(counted.statusCodes).toEqual({ 200: 20 })
      expect(counted.seconds).toBeLessThan(0.9)
    })
  })

  it('counts the garbage collection the route causes in this process, within its CPU', async () => {
    // A route that allocates a few MB a request: young-generation collections on every one.
    const server = createHttpServer((_request, response) => {
      const garbage = Array.from({ length: 100_000 }, (_, i) => ({ i }))
      response.end(garbage.length > 0 ? PING_BODY : '')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/p1`
      const result = await runLoad({ url, headers: ['UCAN a'], connections: 2, amount: 40, expectBody: PING_BODY, pool: 'cycle' })
      expect(loadIsValid(result)).toBe(true)
      expect(result.serverGcUsPerRequest).toBeGreaterThan(0)
      expect(result.serverGcUsPerRequest).toBeLessThan(result.serverCpuUsPerRequest)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('kills a generator that does not finish in time, and fails with the reason', async () => {
    // A server that accepts connections and never answers: a hung service.
    const sockets: Socket[] = []
    const server = createServer((socket) => sockets.push(socket))
    const connection = new Promise<void>((resolve) => server.once('connection', () => resolve()))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/p1`
    try {
      const run = runLoad({ url, headers: ['UCAN a'], connections: 1, amount: 1, expectBody: PING_BODY, pool: 'cycle' }, { limitMs: 2500 })
      // Once it is loading, the generator is a child of this process, with the URL on its command line (the
      // race: a generator slower to start than its limit fails here, rather than hanging the test).
      await Promise.race([connection, run.catch(() => undefined)])
      expect(childrenWith(url)).toHaveLength(1)
      await expect(run).rejects.toThrow(LoadGeneratorError)
      await expect(run).rejects.toMatchObject({ timedOut: true, message: expect.stringContaining('did not finish within 2.5 s') })
      expect(childrenWith(url)).toEqual([])
    } finally {
      for (const socket of sockets) socket.destroy()
      server.close()
    }
  })
})
