/**
 * docs/interop.md stays in step with the tests: every test file and test
 * title it links exists, and every "(peer bug)" test of this package is
 * listed among its peer bugs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url))
const TESTS = fileURLToPath(new URL('./', import.meta.url))
const page = readFileSync(`${DOCS}interop.md`, 'utf8')

/** Links from the page to files of the repository: [text](../path). */
const fileLinks = [...page.matchAll(/\]\((\.\.\/[^)#\s]+)\)/g)].map((match) => match[1]!)
/** Links whose text is a test title: [`title`](../path.test.ts). */
const titleLinks = [...page.matchAll(/\[`([^`]+)`\]\((\.\.\/[^)#\s]+\.test\.ts)\)/g)]
  .map((match) => ({ title: match[1]!, path: match[2]! }))
  .filter(({ title }) => !title.endsWith('.test.ts'))
const peerBugs = page.slice(page.indexOf('## Peer bugs'))

describe('docs/interop.md', () => {
  it('links only files that exist, among them every test file of this package', () => {
    for (const link of fileLinks) expect(existsSync(`${DOCS}${link}`), link).toBe(true)
    const listed = new Set(fileLinks.map((link) => link.split('/').at(-1)))
    for (const file of readdirSync(TESTS).filter((name) => name.endsWith('.test.ts') && name !== 'interop-doc.test.ts')) {
      expect(listed.has(file), `${file} has no row`).toBe(true)
    }
  })

  it('links each test title to the file that has that test', () => {
    expect(titleLinks.length).toBeGreaterThan(0)
    for (const { title, path } of titleLinks) {
      const source = readFileSync(`${DOCS}${path}`, 'utf8')
      expect(source.includes(`it('${title}'`) || source.includes(`it("${title}"`), `${title} in ${path}`).toBe(true)
    }
  })

  it('lists every test named "(peer bug)" under Peer bugs', () => {
    const named = readdirSync(TESTS)
      .filter((name) => name.endsWith('.test.ts'))
      .flatMap((name) => [...readFileSync(`${TESTS}${name}`, 'utf8').matchAll(/it\('([^']*\(peer bug\))'/g)].map((match) => match[1]!))
    expect(named.length).toBeGreaterThan(0)
    for (const title of named) expect(peerBugs, title).toContain(`[\`${title}\`]`)
  })
})
