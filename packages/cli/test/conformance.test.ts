import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'
import { vectorsDir } from '@capchain/test-support'

const ucanDir = join(vectorsDir, 'ucan-1.0.0')
const fixtureFiles = readdirSync(ucanDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(ucanDir, f))

describe('capchain conformance on the public ucan-wg/spec 1.0.0 fixtures', () => {
  let code: number
  let stdout: string
  let stderr: string
  let lines: string[]

  beforeAll(async () => {
    ;({ code, stdout, stderr } = await runCli(['conformance', ...fixtureFiles]))
    lines = stdout.trim().split('\n')
  })

  it('runs all three fixture files', () => {
    expect(fixtureFiles.map((f) => f.split('/').pop()).sort()).toEqual(['delegation.json', 'invocation.json', 'policy.json'])
  })

  it('passes every case and exits 0', () => {
    expect(stderr).toBe('')
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([])
    expect(code).toBe(0)
  })

  it('prints one line per case and ends with exactly "N passed, 0 failed"', () => {
    const cases = lines.slice(0, -1)
    expect(cases.every((l) => l.startsWith('ok   '))).toBe(true)
    // 1 delegation + 20 invocation cases + every policy statement of the 10 policy groups
    expect(cases.filter((l) => l.includes('invocation.json')).length).toBe(20)
    expect(cases.filter((l) => l.includes('delegation.json')).length).toBe(1)
    expect(lines.at(-1)).toBe(`${cases.length} passed, 0 failed`)
  })
})

describe('capchain conformance reports failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capchain-conformance-'))

  it('fails a case whose expectation is wrong, and exits 1', async () => {
    const file = join(dir, 'policy-wrong.json')
    writeFileSync(file, JSON.stringify({ valid: [{ args: { a: 1 }, policies: [[['==', '.a', 2]]] }], invalid: [] }))
    const { code, stdout } = await runCli(['conformance', file])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^FAIL policy-wrong\.json: valid\[0\]\.policies\[0\]/m)
    expect(stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed')
  })

  it('exits 2 for a file that is not a fixture', async () => {
    const file = join(dir, 'other.json')
    writeFileSync(file, JSON.stringify({ hello: 'world' }))
    const { code, stderr } = await runCli(['conformance', file])
    expect(code).toBe(2)
    expect(stderr).toContain('not a fixture format')
  })

  it('exits 2 on an unknown flag', async () => {
    const { code, stderr } = await runCli(['conformance', '--strict', join(dir, 'other.json')])
    expect(code).toBe(2)
    expect(stderr).toContain("unknown option '--strict'")
  })

  it('exits 2 for a file that is not JSON', async () => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{"valid": [')
    expect((await runCli(['conformance', file])).code).toBe(2)
  })
})
