/**
 * The service's logs over real HTTP: one access line per guarded request
 * (decision, code, who, bytes) through `startStorageService({ logger })`
 * with the bin's line logger, internal errors with their stack and never in
 * the answer, no credentials in any line; the bin's flags. (The bin's
 * start needs the built web page, so its running output is not tested here.)
 */
import { spawn } from 'node:child_process'
import { symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateSigner } from '@capchain/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLineLogger } from '../src/logging/line-logger.js'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'
import { invoke, signIn, url } from './support/session.js'
import type { Session } from './support/session.js'

const REPO = fileURLToPath(new URL('../../..', import.meta.url))

type Line = Record<string, unknown>

describe('the access log of a running service', () => {
  const raw: string[] = []
  let service: TestService
  let owner: Session

  beforeAll(async () => {
    service = await startTestService({ logger: createLineLogger({ format: 'json', level: 'debug', write: (line) => void raw.push(line) }) })
    owner = await signIn(new URL(service.url).host)
  })
  afterAll(() => service.stop())

  const lines = (): Line[] => raw.map((line) => JSON.parse(line) as Line)
  /** Send, read the whole answer, then the access line it was logged with (written once settled). */
  const send = async (method: string, path: string, authorization?: string, body?: string, route: 'files' | 'list' = 'files') => {
    const from = raw.length
    const response = await fetch(url(service, route, path), { method, ...(authorization === undefined ? {} : { headers: { authorization } }), ...(body === undefined ? {} : { body }) })
    const text = await response.text()
    for (;;) {
      const line = lines().slice(from).find((candidate) => candidate.msg === 'capchain request')
      // The line follows the settlement, after the last byte: wait for it, on no clock.
      if (line !== undefined) return { response, text, line }
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  it('logs an allowed upload with who made it and the bytes charged, and never the credentials', async () => {
    const { header, invocation } = await invoke(owner.session, { op: 'write', path: '/a.txt', size: 5, service: service.did })
    const { response, line } = await send('PUT', '/a.txt', header, 'hello')
    expect(response.status).toBe(201)
    expect(line).toMatchObject({
      level: 'info',
      component: 'capchain-guard',
      method: 'PUT',
      route: '/files/*',
      status: 201,
      decision: 'allowed',
      command: '/storage/write',
      issuer: owner.session.key.did(),
      subject: owner.session.subject,
      invocation: invocation.cid.toString(),
    })
    expect(typeof line.time).toBe('string')
    const token = header.slice('UCAN '.length)
    for (const text of raw) expect(text).not.toContain(token.slice(0, 64))
  })

  it('logs each refusal with its code: another signer (403), a replay (409), no credentials (401)', async () => {
    const stranger = await invoke(owner.session, { op: 'read', path: '/a.txt', size: 5, service: service.did, issuer: await generateSigner('Ed25519') })
    expect((await send('GET', '/a.txt', stranger.header)).line).toMatchObject({ status: 403, decision: 'denied', code: 'ERR_PRINCIPAL_MISALIGNED' })
    const { header } = await invoke(owner.session, { op: 'read', path: '/a.txt', size: 5, service: service.did })
    expect((await send('GET', '/a.txt', header)).line).toMatchObject({ status: 200, decision: 'allowed', command: '/storage/read' })
    expect((await send('GET', '/a.txt', header)).line).toMatchObject({ status: 409, decision: 'denied', code: 'ERR_REPLAY' })
    expect((await send('GET', '/a.txt')).line).toMatchObject({ status: 401, decision: 'denied', code: 'ERR_AUTH_MISSING' })
  })

  it('logs an internal error with its stack, and answers 500 without its text', async () => {
    // A directory the service cannot read: a symbolic link to itself (ELOOP), which no request can make.
    const subjectDir = join(service.dataDir, 'files', encodeURIComponent(owner.session.subject))
    await symlink('loop', join(subjectDir, 'loop'))
    const { header } = await invoke(owner.session, { op: 'list', path: '/loop', service: service.did })
    const from = raw.length
    const { response, text, line } = await send('GET', '/loop', header, undefined, 'list')
    expect(response.status).toBe(500)
    expect(JSON.parse(text)).toMatchObject({ code: 'ERR_INTERNAL', detail: 'internal error' })
    expect(text).not.toMatch(/ELOOP|loop/)
    expect(line).toMatchObject({ status: 500, code: 'ERR_INTERNAL', route: '/list/*' })
    const fault = lines().slice(from).find((candidate) => candidate.level === 'error')
    expect(fault).toMatchObject({ msg: 'capchain guard: internal error', err: { code: 'ELOOP' } })
    expect((fault?.err as { stack: string }).stack).toContain('ELOOP')
  })
})

describe('the line logger', () => {
  const at = () => new Date('2026-01-02T03:04:05.000Z')

  it('writes plain text for a person, an error\'s stack indented below, and drops entries below its level', () => {
    const out: string[] = []
    const logger = createLineLogger({ format: 'pretty', write: (line) => void out.push(line), now: at })
    logger.debug({ hidden: true }, 'not shown')
    logger.child!({ component: 'guard' }).info({ status: 200, route: '/files/*', note: 'two words' }, 'capchain request')
    logger.error({ err: new Error('disk gone') }, 'internal error')
    expect(out[0]).toBe('2026-01-02T03:04:05.000Z INFO  capchain request component=guard status=200 route=/files/* note="two words"')
    expect(out[1]).toMatch(/^2026-01-02T03:04:05.000Z ERROR internal error err=\{"type":"Error","message":"disk gone"\}\n {4}Error: disk gone\n {8}at /)
    expect(out).toHaveLength(2)
  })

  it('writes one JSON object per line, errors with their stack', () => {
    const out: string[] = []
    createLineLogger({ format: 'json', level: 'warn', write: (line) => void out.push(line), now: at }).warn({ err: new RangeError('bad') }, 'sweep failed')
    const [line] = out.map((text) => JSON.parse(text) as Line)
    expect(line).toMatchObject({ level: 'warn', time: '2026-01-02T03:04:05.000Z', msg: 'sweep failed', err: { type: 'RangeError', message: 'bad' } })
    expect((line!.err as { stack: string }).stack).toContain('RangeError: bad')
  })
})

describe('capchain-storage --log-format', () => {
  it('refuses an unknown format or level (usage, exit 2)', async () => {
    for (const flags of [['--log-format', 'xml'], ['--log-level', 'trace']]) {
      const child = spawn(process.execPath, ['--conditions=capchain-source', '--import', 'tsx', fileURLToPath(new URL('../src/bin.ts', import.meta.url)), '--data', tmpdir(), ...flags], {
        cwd: REPO,
        stdio: 'ignore',
      })
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2)
    }
  }, 30_000)
})
