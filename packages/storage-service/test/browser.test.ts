/**
 * The web page in real headless Chromium (Debian's, at /usr/bin/chromium;
 * .ci/run installs it, and this test fails rather than skips without it),
 * with an EIP-1193 wallet injected into the page and backed by a private
 * key in Node. One sign-in signature, then uploads and a download with no
 * further prompt; a folder shared to a second browser profile, whose
 * upload past the quota shows the denial; a revocation, then denied.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleWebPage } from '../src/web/bundle.js'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'
import { testWallet } from './support/wallet.js'
import type { TestWallet } from './support/wallet.js'

const CHROMIUM = '/usr/bin/chromium'
/** Generous: CI runs every test file at once on two cores. */
const POLL = { timeout: 10_000 }
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/browser/', import.meta.url))

let service: TestService
let browser: Browser
let webDir: string
let wallet: TestWallet

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'capchain-web-'))
  // Bundled from the TypeScript sources, like every test imports them, so the page is never stale.
  await bundleWebPage({ outDir: webDir, conditions: ['capchain-source'] })
  service = await startTestService({ webDir })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
  wallet = testWallet()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await service?.stop()
  await rm(webDir, { recursive: true, force: true })
})

/** A fresh browser profile (its own IndexedDB, so its own key) on the service's page, optionally with the wallet. */
async function openPage(withWallet: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('page error:', error))
  if (withWallet) {
    await page.exposeFunction('__capchainWallet', (args: { method: string; params?: unknown[] }) => wallet.request(args))
    await page.addInitScript(() => {
      const bridge = (window as unknown as { __capchainWallet: (args: unknown) => Promise<unknown> }).__capchainWallet
      Object.defineProperty(window, 'ethereum', { value: { request: (args: unknown) => bridge(args) } })
    })
  }
  await page.goto(service.url)
  await expect.poll(() => page.textContent('#my-did'), POLL).toMatch(/^did:key:z6Mk/)
  return page
}

async function expectMessage(page: Page, pattern: RegExp): Promise<void> {
  await expect.poll(async () => `${await page.textContent('#message')}|${await page.textContent('#error-code')}`, POLL).toMatch(pattern)
}

async function upload(page: Page, name: string, content: Buffer): Promise<void> {
  await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: content })
  await page.click('#upload')
}

describe('the web page in headless Chromium', () => {
  it('signs in once, uploads, downloads, shares a folder, shows a quota denial, revokes', async () => {
    const owner = await openPage(true)
    await owner.click('#sign-in')
    await expectMessage(owner, /^signed in as did:pkh:eip155:1:0x/)
    expect(wallet.signatures).toBe(1)

    await owner.fill('#folder', '/photos')
    await upload(owner, 'a.txt', Buffer.from('first file'))
    await expectMessage(owner, /^uploaded \/photos\/a\.txt/)
    await upload(owner, 'b.txt', Buffer.from('second file, a little longer'))
    await expectMessage(owner, /^uploaded \/photos\/b\.txt/)
    await expect.poll(() => owner.locator('#listing tr').count(), POLL).toBe(2)

    await owner.click('button[data-action="open"][data-path="/photos/a.txt"]')
    await expectMessage(owner, /^downloaded \/photos\/a\.txt/)
    expect(await owner.textContent('#preview')).toBe('first file')
    expect(wallet.signatures).toBe(1)

    // A second profile: another agent, no wallet. The owner shares /photos with it, 1000 bytes in all.
    const agent = await openPage(false)
    const agentDid = (await agent.textContent('#my-did'))!
    await owner.fill('#share-to', agentDid)
    await owner.fill('#share-path', '/photos')
    await owner.selectOption('#share-access', 'read-write')
    await owner.fill('#share-quota', '1000')
    await owner.fill('#share-expiry', '1')
    await owner.click('#share')
    await expectMessage(owner, /^shared \/photos with did:key:/)
    const shared = await owner.inputValue('#share-output')
    expect(shared).toMatch(/^C[A-Za-z0-9_-]+$/)

    await agent.fill('#import-input', shared)
    await agent.click('#import')
    await expectMessage(agent, /^using a folder shared by did:key:/)
    await agent.fill('#folder', '/photos')
    await agent.click('#refresh')
    await expect.poll(() => agent.locator('#listing tr').count(), POLL).toBe(2)

    await upload(agent, 'big.bin', Buffer.alloc(2000, 1))
    await expectMessage(agent, /\|ERR_CAP_EXCEEDED$/)
    expect(await agent.isVisible('#error')).toBe(true)
    expect(await agent.textContent('#explanation')).toContain('ERR_CAP_EXCEEDED')

    await owner.click('button[data-action="revoke"]:not([disabled]) >> nth=-1')
    await expectMessage(owner, /^revoked bafy/)
    await agent.click('#refresh')
    await expectMessage(agent, /\|ERR_REVOKED$/)
    expect(await agent.textContent('#explanation')).toMatch(/✘ ERR_REVOKED/)
    expect(wallet.signatures).toBe(1)

    await mkdir(SCREENSHOTS, { recursive: true })
    await owner.screenshot({ path: join(SCREENSHOTS, 'owner.png'), fullPage: true })
    await agent.screenshot({ path: join(SCREENSHOTS, 'agent.png'), fullPage: true })
  }, 60_000)
})
