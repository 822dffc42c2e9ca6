/**
 * The Ed25519 acceptance rule in a real browser: core's WebCrypto backend in
 * Debian's headless Chromium (BoringSSL, not the OpenSSL behind Node's
 * WebCrypto) must give the `node` backend's verdict on every Wycheproof
 * vector and on the edge cases where implementations differ, above all an
 * `R` with a small-order component, which our shared pre-checks leave to the
 * backend (src/principal/ed25519/backends.ts, "Residual gap"). The noble
 * backend is run in the page too. `.ci/run` installs Chromium; without it
 * this test fails rather than skips.
 */
import { fileURLToPath } from 'node:url'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ed25519Backends } from '../src/principal/index.js'
import { hexToBytes, readVectorJson } from './vectors.js'

ed.hashes.sha512 ??= sha512

interface WycheproofFile {
  testGroups: Array<{ publicKey: { pk: string }; tests: Array<{ tcId: number; msg: string; sig: string; result: string }> }>
}

interface Case {
  readonly name: string
  readonly publicKey: Uint8Array
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n
const le = (bytes: Uint8Array): bigint => bytes.reduceRight((n, b) => (n << 8n) | BigInt(b), 0n)
const toLE32 = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))

/** The cases of principal-ed25519.test.ts where libraries differ, built the same way. */
function edgeCases(): Case[] {
  const T8 = ed.Point.fromBytes(hexToBytes('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'))
  const seed = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
  const { scalar: a, pointBytes: A } = ed.utils.getExtendedPublicKey(seed)
  const message = new TextEncoder().encode('capchain edge case')
  const forge = (R: Uint8Array, r: bigint, key: Uint8Array = A): Uint8Array =>
    concat(R, toLE32((r + (le(sha512(concat(R, key, message))) % L) * a) % L))
  const honest = ed.sign(message, seed)
  const identityWithSign = ed.Point.ZERO.toBytes()
  identityWithSign[31] = 0x80
  return [
    { name: 'honest', publicKey: A, message, signature: honest },
    { name: 'S + L', publicKey: A, message, signature: concat(honest.subarray(0, 32), toLE32(le(honest.subarray(32)) + L)) },
    { name: 'R with a small-order component', publicKey: A, message, signature: forge(ed.Point.BASE.multiply(12345n).add(T8).toBytes(), 12345n) },
    { name: 'R = identity', publicKey: A, message, signature: forge(ed.Point.ZERO.toBytes(), 0n) },
    { name: 'R = identity, sign bit set', publicKey: A, message, signature: forge(identityWithSign, 0n) },
    { name: 'R = identity as y = p + 1', publicKey: A, message, signature: forge(toLE32(P + 1n), 0n) },
    { name: 'small-order A (identity), R = [S]B', publicKey: ed.Point.ZERO.toBytes(), message, signature: concat(ed.Point.BASE.multiply(987654321n).toBytes(), toLE32(987654321n)) },
    { name: 'truncated signature', publicKey: A, message, signature: honest.subarray(0, 63) },
  ]
}

function wycheproofCases(): Case[] {
  const file = readVectorJson<WycheproofFile>('wycheproof/ed25519_test.json')
  return file.testGroups.flatMap((group) =>
    group.tests.map((t) => ({ name: `wycheproof tcId ${t.tcId}`, publicKey: hexToBytes(group.publicKey.pk), message: hexToBytes(t.msg), signature: hexToBytes(t.sig) })),
  )
}

let browser: Browser
let page: Page
const cases = [...wycheproofCases(), ...edgeCases()]
const expected: boolean[] = []

beforeAll(async () => {
  for (const c of cases) expected.push(await ed25519Backends.node.verify(c.publicKey, c.message, c.signature))
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./browser/ed25519-page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['capchain-source'],
    logLevel: 'warning',
  })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true })
  page = await browser.newPage()
  // An https origin: WebCrypto's subtle API exists only in a secure context.
  await page.route('https://capchain.test/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>ed25519</title>' }),
  )
  await page.goto('https://capchain.test/')
  await page.addScriptTag({ type: 'module', content: bundled.outputFiles[0]!.text })
  await page.waitForFunction(() => 'capchainEd25519' in globalThis)
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

async function verdictsInPage(backend: 'webcrypto' | 'noble'): Promise<boolean[]> {
  const plain = cases.map((c) => ({ publicKey: [...c.publicKey], message: [...c.message], signature: [...c.signature] }))
  return page.evaluate(
    ([name, list]) =>
      (globalThis as unknown as { capchainEd25519: { verifyAll(b: string, l: unknown): Promise<boolean[]> } }).capchainEd25519.verifyAll(name, list),
    [backend, plain] as const,
  )
}

describe('Ed25519 in Chromium', () => {
  it('the expected verdicts are the rule: Wycheproof valid and the honest and identity-R cases only', () => {
    const accepted = cases.filter((_, i) => expected[i]).map((c) => c.name)
    expect(accepted).toContain('honest')
    expect(accepted).toContain('R = identity')
    expect(accepted).not.toContain('R with a small-order component')
    expect(accepted.filter((name) => name.startsWith('wycheproof'))).toHaveLength(88)
  })

  it('has native WebCrypto Ed25519 (no fallback)', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { capchainEd25519: { webcryptoAvailable: boolean } }).capchainEd25519.webcryptoAvailable)).toBe(true)
    const name = await page.evaluate(async () => (await crypto.subtle.importKey('raw', new Uint8Array(32).fill(1), { name: 'Ed25519' }, false, ['verify'])).algorithm.name)
    expect(name).toBe('Ed25519')
  })

  for (const backend of ['webcrypto', 'noble'] as const) {
    it(`${backend} backend: the node backend's verdict on every case`, async () => {
      const verdicts = await verdictsInPage(backend)
      const mismatches = cases.filter((_, i) => verdicts[i] !== expected[i]).map((c, i) => `${c.name}: expected ${expected[i]}`)
      expect(mismatches).toEqual([])
      expect(verdicts).toHaveLength(cases.length)
    })
  }
})
