/**
 * The page's files over real HTTP (issue 17): compressed as the request
 * accepts (brotli, gzip, or none when neither is acceptable), each coding
 * with its own ETag, revalidated with 304, kept by caches (`no-cache`, not
 * `no-store`), and the favicon served from the code.
 */
import { request } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAVICON_SVG } from '../src/web/favicon.js'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'

const SCRIPT = `/* app.js */ ${'console.log("capchain");\n'.repeat(200)}`

let webDir: string
let service: TestService

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'capchain-web-assets-'))
  await Promise.all([writeFile(join(webDir, 'index.html'), '<!doctype html>'), writeFile(join(webDir, 'app.css'), 'body {}'), writeFile(join(webDir, 'app.js'), SCRIPT)])
  service = await startTestService({ webDir })
})
afterAll(async () => {
  await service.stop()
  await rm(webDir, { recursive: true, force: true })
})

interface Raw {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: Buffer
}

/** A GET with exactly these headers and the body as sent (fetch would add its own Accept-Encoding and decompress). */
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(new URL(path, service.url), { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

describe("the page's files", () => {
  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['gzip;q=0, br;q=0', undefined],
    ['deflate', undefined],
    ['*', undefined],
    ['', undefined],
  ])('Accept-Encoding %j: served %s, the same bytes once decoded', async (accept, coding) => {
    const response = await get('/app.js', accept === '' ? {} : { 'accept-encoding': accept })
    expect(response.status).toBe(200)
    expect(response.headers['content-encoding']).toBe(coding)
    expect(response.headers.vary).toBe('Accept-Encoding')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
    const decoded = coding === 'br' ? brotliDecompressSync(response.body) : coding === 'gzip' ? gunzipSync(response.body) : response.body
    expect(decoded.toString()).toBe(SCRIPT)
    if (coding !== undefined) expect(response.body.length).toBeLessThan(SCRIPT.length / 4)
  })

  it('gives each coding its own ETag and answers 304 to a matching one, 200 to any other', async () => {
    const plain = await get('/app.js')
    const gzipped = await get('/app.js', { 'accept-encoding': 'gzip' })
    const brotli = await get('/app.js', { 'accept-encoding': 'br' })
    const tags = [plain, gzipped, brotli].map((response) => response.headers.etag as string)
    expect(new Set(tags).size).toBe(3)
    const [identityTag, gzipTag] = tags as [string, string, string]

    const revalidated = await get('/app.js', { 'accept-encoding': 'gzip', 'if-none-match': gzipTag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body.length).toBe(0)
    expect(revalidated.headers.etag).toBe(gzipTag)
    expect((await get('/app.js', { 'accept-encoding': 'gzip', 'if-none-match': `"other", W/${gzipTag}` })).status).toBe(304)
    // Near misses: another coding's tag, another file's, a stale one.
    expect((await get('/app.js', { 'accept-encoding': 'gzip', 'if-none-match': identityTag })).status).toBe(200)
    expect((await get('/app.css', { 'if-none-match': identityTag })).status).toBe(200)
    expect((await get('/app.js', { 'if-none-match': '"stale"' })).status).toBe(200)
  })

  it('serves the favicon from the code, as SVG, without a file in the page directory', async () => {
    const icon = await get('/favicon.svg')
    expect(icon.status).toBe(200)
    expect(icon.headers['content-type']).toBe('image/svg+xml')
    expect(icon.body.toString()).toBe(FAVICON_SVG)
    expect(icon.body.toString()).not.toMatch(/<script|on\w+=/i)
  })
})
