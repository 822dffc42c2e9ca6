/**
 * `authorization: { off: 'for-benchmarks', subject }`, the baseline of
 * packages/bench's load test: what it serves, and that nothing else can
 * turn it on. The bin cannot: it has no such option, and the service it
 * starts refuses a request without credentials.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { DID } from '@capchain/core'
import { describe, expect, it } from 'vitest'
import { startStorageService } from '../src/index.js'
import { startTestService } from './support/service.js'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const BIN_SOURCE = fileURLToPath(new URL('../src/bin.ts', import.meta.url))
/** The built bin, as installed (`pnpm test` builds first): the source one has no bundled page to serve. */
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const SUBJECT = 'did:pkh:eip155:1:0x0000000000000000000000000000000000000001' as DID

describe('authorization off, for benchmarks', () => {
  it("serves the subject's files with no credentials, and no other route", async () => {
    const service = await startTestService({ authorization: { off: 'for-benchmarks', subject: SUBJECT } })
    try {
      const dir = join(service.dataDir, 'files', encodeURIComponent(SUBJECT), 'bench')
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, 'small.txt'), 'hello')
      const read = await fetch(new URL('files/bench/small.txt', service.url))
      expect(read.status).toBe(200)
      expect(await read.text()).toBe('hello')
      expect((await fetch(new URL('files/bench/none.txt', service.url))).status).toBe(404)
      expect((await fetch(new URL('files/bench/x', service.url), { method: 'PUT', body: 'x' })).status).toBe(404)
      expect((await fetch(new URL('files/bench/small.txt', service.url), { method: 'DELETE' })).status).toBe(404)
      expect((await fetch(new URL('list/bench', service.url))).status).toBe(404)
      expect((await fetch(new URL('revoke', service.url), { method: 'POST' })).status).toBe(404)
    } finally {
      await service.stop()
    }
  })

  it('is refused off loopback, and in any other spelling', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'capchain-auth-off-'))
    try {
      await expect(startStorageService({ dataDir, webDir: false, hostname: '0.0.0.0', authorization: { off: 'for-benchmarks', subject: SUBJECT } })).rejects.toThrow(/loopback/)
      await expect(startStorageService({ dataDir, webDir: false, authorization: 'off' as never })).rejects.toThrow(/authorization must be/)
      await expect(startStorageService({ dataDir, webDir: false, authorization: { off: true } as never })).rejects.toThrow(/authorization must be/)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('cannot be turned on from the bin', async () => {
    expect(await readFile(BIN_SOURCE, 'utf8')).not.toMatch(/authorization|for-benchmarks/)
    const dataDir = await mkdtemp(join(tmpdir(), 'capchain-auth-off-bin-'))
    const run = (args: string[]) =>
      spawn(process.execPath, [BIN, '--data', dataDir, '--port', '0', ...args], {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    try {
      for (const flag of [['--authorization', 'off-for-benchmarks'], ['--authorization=off'], ['--no-authorization']]) {
        const refused = run(flag)
        expect(await new Promise((resolve) => refused.once('exit', resolve)), flag.join(' ')).toBe(2)
      }
      const child = run([])
      try {
        const line = (await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next()).value as string
        const url = /at (\S+)/.exec(line)![1]!
        const response = await fetch(new URL('files/bench/small.txt', url))
        expect(response.status).toBe(401)
        expect(((await response.json()) as { code: string }).code).toBe('ERR_AUTH_MISSING')
      } finally {
        child.kill('SIGTERM')
        await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)))
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 30_000)
})
