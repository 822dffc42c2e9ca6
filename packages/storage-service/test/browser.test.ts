/**
 * The web page in real headless Chromium (Debian's, at /usr/bin/chromium;
 * .ci/run installs it, and this test fails rather than skips without it),
 * with EIP-1193 wallets injected into the page and backed by private keys
 * in Node. Buttons disabled until they can work and while a request is in
 * flight; one sign-in signature, then uploads and a download with no
 * further prompt; a folder shared to a second, wallet-less browser profile
 * (told what to do), with a quota typed in human units, whose upload past
 * the quota shows the denial and its explanation; a form error with no
 * explanation box; a revocation, then denied; two wallets announced by
 * EIP-6963, one chosen; the favicon and compressed, cacheable assets.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleWebPage } from '../src/web/bundle.js'
import { startTestService } from './support/service.js'
import type { TestService } from './support/service.js'
import { TEST_PRIVATE_KEY, testWallet } from './support/wallet.js'
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
/** A second account, announced by a second EIP-6963 wallet. */
let otherWallet: TestWallet
const OTHER_KEY = '0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f'

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'capchain-web-'))
  // Bundled from the TypeScript sources, like every test imports them, so the page is never stale.
  await bundleWebPage({ outDir: webDir, conditions: ['capchain-source'] })
  service = await startTestService({ webDir })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
  wallet = testWallet(TEST_PRIVATE_KEY)
  otherWallet = testWallet(OTHER_KEY)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await service?.stop()
  await rm(webDir, { recursive: true, force: true })
})

type Bridge = (args: { method: string; params?: unknown[] }) => Promise<unknown>

/**
 * A fresh browser profile (its own IndexedDB, so its own key) on the
 * service's page: with `window.ethereum` only (a wallet from before
 * EIP-6963), with two wallets announced by EIP-6963, or with none.
 * `gate`, when given, holds every signature until it resolves.
 */
async function openPage(wallets: 'legacy' | 'eip6963' | 'none', gate?: Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('page error:', error))
  const bridge =
    (target: TestWallet): Bridge =>
    async (args) => {
      if (args.method === 'personal_sign') await gate
      return target.request(args)
    }
  if (wallets === 'legacy') {
    await page.exposeFunction('__capchainWallet', bridge(wallet))
    await page.addInitScript(() => {
      const request = (window as unknown as { __capchainWallet: (args: unknown) => Promise<unknown> }).__capchainWallet
      Object.defineProperty(window, 'ethereum', { value: { request: (args: unknown) => request(args) } })
    })
  }
  if (wallets === 'eip6963') {
    await page.exposeFunction('__alphaWallet', bridge(wallet))
    await page.exposeFunction('__betaWallet', bridge(otherWallet))
    await page.addInitScript(() => {
      const bridges = window as unknown as Record<string, (args: unknown) => Promise<unknown>>
      const detail = (name: string, bridgeName: string) =>
        Object.freeze({
          info: { uuid: `00000000-0000-4000-8000-00000000000${name.length}`, name, icon: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>', rdns: `test.${name.toLowerCase().replace(' ', '')}` },
          provider: { request: (args: unknown) => bridges[bridgeName]!(args) },
        })
      const announced = [detail('Alpha Wallet', '__alphaWallet'), detail('Beta Wallet, two', '__betaWallet')]
      const announce = () => announced.forEach((d) => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: d })))
      window.addEventListener('eip6963:requestProvider', announce)
      announce()
    })
  }
  await page.goto(service.url)
  await expect.poll(() => page.textContent('#my-did'), POLL).toMatch(/^did:key:z6Mk/)
  return page
}

/** Which of the page's main buttons are enabled, by id. */
async function enabled(page: Page): Promise<Record<string, boolean>> {
  const ids = ['sign-in', 'refresh', 'upload', 'share', 'import']
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await page.isEnabled(`#${id}`)] as const)))
}

async function expectMessage(page: Page, pattern: RegExp): Promise<void> {
  await expect.poll(async () => `${await page.textContent('#message')}|${await page.textContent('#error-code')}`, POLL).toMatch(pattern)
}

async function upload(page: Page, name: string, content: Buffer): Promise<void> {
  await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: content })
  await page.click('#upload')
}

describe('the web page in headless Chromium', () => {
  it('signs in once, uploads, downloads, shares a folder, shows a quota denial, revokes; each button enabled only when it can work', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const owner = await openPage('legacy', gate)
    // Only window.ethereum: no choice to make, no hint; nothing but signing in can work yet.
    expect(await enabled(owner)).toEqual({ 'sign-in': true, refresh: false, upload: false, share: false, import: false })
    expect(await owner.isVisible('#no-wallet')).toBe(false)
    expect(await owner.isVisible('#wallet-choice')).toBe(false)
    expect(await owner.getAttribute('#refresh', 'title')).toBe('Sign in, or use a shared folder, first')

    await owner.click('#sign-in')
    // The wallet holds the signature: while it is in flight, sign-in cannot be clicked again.
    await expect.poll(() => owner.isDisabled('#sign-in'), POLL).toBe(true)
    expect(await owner.getAttribute('#sign-in', 'title')).toBe('Wait for the current request to finish')
    release()
    await expectMessage(owner, /^signed in as did:pkh:eip155:1:0x/)
    expect(wallet.signatures).toBe(1)
    // Upload waits for a file; share for the other agent's DID; import for a pasted string.
    expect(await enabled(owner)).toEqual({ 'sign-in': true, refresh: true, upload: false, share: false, import: false })

    await owner.fill('#folder', '/photos')
    await upload(owner, 'a.txt', Buffer.from('first file'))
    await expectMessage(owner, /^uploaded \/photos\/a\.txt \(10 B\)\|$/)
    await upload(owner, 'b.txt', Buffer.alloc(1500, 'b'))
    await expectMessage(owner, /^uploaded \/photos\/b\.txt \(1\.5 KB\)\|$/)
    await expect.poll(() => owner.locator('#listing tr').count(), POLL).toBe(2)
    expect(await owner.locator('#listing tr td:nth-child(2)').allTextContents()).toEqual(['10 B', '1.5 KB'])

    await owner.click('button[data-action="open"][data-path="/photos/a.txt"]')
    await expectMessage(owner, /^downloaded \/photos\/a\.txt/)
    expect(await owner.textContent('#preview')).toBe('first file')
    expect(await owner.textContent('#download-size')).toBe('10 B')
    expect(wallet.signatures).toBe(1)

    // A second profile: another agent, no wallet at all. It is told what it can do instead.
    const agent = await openPage('none')
    expect(await agent.isVisible('#no-wallet')).toBe(true)
    expect(await agent.textContent('#no-wallet')).toMatch(/install a wallet extension.*Use a shared folder.*pnpm demo/s)
    expect(await enabled(agent)).toEqual({ 'sign-in': false, refresh: false, upload: false, share: false, import: false })
    await mkdir(SCREENSHOTS, { recursive: true })
    await agent.screenshot({ path: join(SCREENSHOTS, 'no-wallet.png'), fullPage: true })

    const agentDid = (await agent.textContent('#my-did'))!
    await owner.fill('#share-to', agentDid)
    await owner.fill('#share-path', '/photos')
    await owner.selectOption('#share-access', 'read-write')
    await owner.fill('#share-expiry', '1')
    // A quota no one can read is a form error, not a denial: no explanation box.
    await owner.fill('#share-quota', '12 parsecs')
    await owner.click('#share')
    await expectMessage(owner, /^\|ERR_SIZE_INPUT$/)
    expect(await owner.textContent('#error-title')).toBe('Not done')
    expect(await owner.textContent('#error-message')).toContain('"12 parsecs" has the unknown unit parsecs')
    expect(await owner.isVisible('#explanation')).toBe(false)
    await owner.fill('#share-quota', '1.5 KB')
    await owner.click('#share')
    await expectMessage(owner, /^shared \/photos with did:key:\S+, up to 1\.5 KB\|$/)
    expect(await owner.textContent('#access')).toContain('up to 1.5 KB')
    const shared = await owner.inputValue('#share-output')
    expect(shared).toMatch(/^C[A-Za-z0-9_-]+$/)

    await agent.fill('#import-input', shared)
    expect((await enabled(agent)).import).toBe(true)
    await agent.click('#import')
    await expectMessage(agent, /^using a folder shared by did:key:/)
    // Files work under the share; sharing needs a session, signing in a wallet.
    expect(await enabled(agent)).toEqual({ 'sign-in': false, refresh: true, upload: false, share: false, import: true })
    await agent.fill('#folder', '/photos')
    await agent.click('#refresh')
    await expect.poll(() => agent.locator('#listing tr').count(), POLL).toBe(2)

    // 2000 bytes against a quota of 1.5 KB (1500 bytes).
    await upload(agent, 'big.bin', Buffer.alloc(2000, 1))
    await expectMessage(agent, /\|ERR_CAP_EXCEEDED$/)
    expect(await agent.isVisible('#error')).toBe(true)
    expect(await agent.textContent('#error-title')).toBe('Denied')
    expect(await agent.isVisible('#explanation')).toBe(true)
    expect(await agent.textContent('#explanation')).toContain('ERR_CAP_EXCEEDED')

    await owner.click('button[data-action="revoke"]:not([disabled]) >> nth=-1')
    await expectMessage(owner, /^revoked bafy/)
    expect(await owner.locator('button[data-action="revoke"][data-revoked="true"]').count()).toBe(1)
    expect(await owner.isDisabled('button[data-action="revoke"][data-revoked="true"]')).toBe(true)
    await agent.click('#refresh')
    await expectMessage(agent, /\|ERR_REVOKED$/)
    expect(await agent.textContent('#explanation')).toMatch(/✘ ERR_REVOKED/)
    expect(wallet.signatures).toBe(1)

    await owner.screenshot({ path: join(SCREENSHOTS, 'owner.png'), fullPage: true })
    await agent.screenshot({ path: join(SCREENSHOTS, 'agent.png'), fullPage: true })
    console.log(`screenshots: ${SCREENSHOTS}{owner,agent,no-wallet,wallet-choice}.png`)
  }, 60_000)

  it('lists the wallets announced by EIP-6963 and signs in with the one chosen', async () => {
    const page = await openPage('eip6963')
    await expect.poll(() => page.locator('#wallet-choice option').allTextContents(), POLL).toEqual(['Alpha Wallet', 'Beta Wallet, two'])
    expect(await page.isVisible('#wallet-choice')).toBe(true)
    expect(await page.isVisible('#no-wallet')).toBe(false)
    await page.selectOption('#wallet-choice', { label: 'Beta Wallet, two' })
    const before = { alpha: wallet.signatures, beta: otherWallet.signatures }
    await page.click('#sign-in')
    await expectMessage(page, new RegExp(`^signed in as did:pkh:eip155:1:${otherWallet.address}\\|$`))
    expect({ alpha: wallet.signatures, beta: otherWallet.signatures }).toEqual({ alpha: before.alpha, beta: before.beta + 1 })
    await mkdir(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOTS, 'wallet-choice.png'), fullPage: true })
  }, 30_000)

  it('has a favicon, and its script and style come compressed with a validator the browser revalidates', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const scripts: Response[] = []
    page.on('response', (response) => {
      if (response.url().endsWith('/app.js')) scripts.push(response)
    })
    await page.goto(service.url)
    await expect.poll(() => page.textContent('#my-did'), POLL).toMatch(/^did:key:z6Mk/)
    const icon = await page.getAttribute('link[rel="icon"]', 'href')
    const served = await page.request.get(new URL(icon!, service.url).toString())
    expect(served.headers()['content-type']).toBe('image/svg+xml')
    expect(await served.text()).toMatch(/^<svg /)

    // What the browser itself was sent: compressed, kept, with an ETag it sends back on reload.
    const headers = await scripts[0]!.allHeaders()
    expect(['gzip', 'br']).toContain(headers['content-encoding'])
    expect(headers['cache-control']).toBe('no-cache')
    expect(headers.etag).toMatch(/^"[\w-]+-(gzip|br)"$/)
    await page.reload()
    await expect.poll(() => scripts.length, POLL).toBe(2)
    expect((await scripts[1]!.request().allHeaders())['if-none-match']).toBe(headers.etag)
    expect(scripts[1]!.status()).toBe(304)
    await context.close()
  }, 30_000)
})
