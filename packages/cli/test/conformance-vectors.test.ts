/**
 * `capchain conformance` on capchain's own published vectors (test-vectors/,
 * docs/conformance.md), run through the built binary as users run it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'

const vectorsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-vectors')
const vectorFiles = readdirSync(vectorsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => join(vectorsDir, name))

interface Fixture {
  valid?: unknown[]
  invalid?: { error: Record<string, unknown> }[]
  sequences?: { steps: { error?: Record<string, unknown> }[] }[]
}

const readFixture = (path: string): Fixture => JSON.parse(readFileSync(path, 'utf8')) as Fixture

/** Cases a file holds: one per invocation case, one per sequence step. */
function caseCount(fixture: Fixture): number {
  const steps = (fixture.sequences ?? []).reduce((n, sequence) => n + sequence.steps.length, 0)
  return (fixture.valid?.length ?? 0) + (fixture.invalid?.length ?? 0) + steps
}

describe('capchain conformance test-vectors/*.json', () => {
  let code: number
  let stdout: string
  let stderr: string
  let lines: string[]

  beforeAll(async () => {
    ;({ code, stdout, stderr } = await runCli(['conformance', ...vectorFiles]))
    lines = stdout.trim().split('\n')
  })
  const total = vectorFiles.reduce((n, file) => n + caseCount(readFixture(file)), 0)

  it('runs every published file', () => {
    expect(vectorFiles.map((file) => file.split('/').pop())).toEqual([
      'evm-policy.json',
      'limits.json',
      'malformed.json',
      'powerline.json',
      'proof-order.json',
      'recap.json',
      'sequences.json',
      'siwe-root.json',
      'storage-policy.json',
    ])
  })

  it('passes every case and exits 0', () => {
    expect(stderr).toBe('')
    expect(lines.filter((line) => !line.startsWith('ok   ')).slice(0, -1)).toEqual([])
    expect(code).toBe(0)
  })

  it('prints one line per case and step, then "N passed, 0 failed"', () => {
    expect(lines.length - 1).toBe(total)
    for (const file of vectorFiles) {
      const name = file.split('/').pop()!
      expect(lines.filter((line) => line.startsWith(`ok   ${name}: `)).length, name).toBe(caseCount(readFixture(file)))
    }
    expect(lines.at(-1)).toBe(`${total} passed, 0 failed`)
  })
})

describe('capchain conformance on altered vectors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capchain-vectors-'))
  /** A copy of a published file, changed by `edit`, in the temp folder. */
  const altered = (name: string, edit: (fixture: Fixture) => void): string => {
    const fixture = readFixture(join(vectorsDir, name))
    edit(fixture)
    const path = join(dir, name)
    writeFileSync(path, JSON.stringify(fixture))
    return path
  }

  it('fails a case whose expected code is wrong, and exits 1', async () => {
    const file = altered('storage-policy.json', (fixture) => {
      fixture.invalid![0]!.error.code = 'ERR_COMMAND_ESCALATION'
    })
    const { code, stdout } = await runCli(['conformance', file])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^FAIL storage-policy\.json: .* — expected ERR_COMMAND_ESCALATION \(MatchError\), got ERR_POLICY_VIOLATION \(MatchError\)/m)
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 1 failed$/)
  })

  it('fails an EVM case that spends another amount, and one refused with another code', async () => {
    const file = altered('evm-policy.json', (fixture) => {
      const valid = fixture.valid as { amounts: Record<string, string> }[]
      valid[0]!.amounts = { wei: '1' }
      fixture.invalid![0]!.error.code = 'ERR_EVM_LIMIT'
    })
    const { code, stdout } = await runCli(['conformance', file])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^FAIL evm-policy\.json: .* — spends \[\["erc20:1:0x3{40}","50000000"\]\], the case expects \[\["wei","1"\]\]/m)
    expect(stdout).toMatch(/^FAIL evm-policy\.json: .* — expected ERR_EVM_LIMIT, got ERR_EVM_CALLDATA_MISMATCH/m)
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 2 failed$/)
  })

  it('fails a case whose spec name is wrong, though the code matches', async () => {
    const file = altered('malformed.json', (fixture) => {
      fixture.invalid![0]!.error.name = 'MatchError'
    })
    const { code, stdout } = await runCli(['conformance', file])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^FAIL malformed\.json: .* — expected ERR_TOKEN_UNDECODABLE \(MatchError, cause ERR_CBOR_MALFORMED\), got ERR_TOKEN_UNDECODABLE \(InvalidClaim, cause ERR_CBOR_MALFORMED\)/m)
  })

  it('fails a sequence step that is denied but expected to pass', async () => {
    const file = altered('sequences.json', (fixture) => {
      delete fixture.sequences![0]!.steps[2]!.error
    })
    const { code, stdout } = await runCli(['conformance', file])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^FAIL sequences\.json: byte quota drains #3 .* — denied with ERR_CAP_EXCEEDED/m)
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 1 failed$/)
  })

  it('exits 2 for a capchain file of an unknown kind or format version', async () => {
    for (const [name, header] of [
      ['kind.json', { format: 'capchain-vectors/1', kind: 'receipt' }],
      ['version.json', { format: 'capchain-vectors/2', kind: 'invocation' }],
    ] as const) {
      const file = join(dir, name)
      writeFileSync(file, JSON.stringify({ ...header, valid: [], invalid: [] }))
      const { code, stderr } = await runCli(['conformance', file])
      expect(code, name).toBe(2)
      expect(stderr).toContain('not a fixture format')
    }
  })

  it('exits 2 for a capchain file without its verifier setup', async () => {
    const file = altered('powerline.json', (fixture) => {
      delete (fixture as { verifier?: unknown }).verifier
    })
    const { code, stderr } = await runCli(['conformance', file])
    expect(code).toBe(2)
    expect(stderr).toContain('verifier.clockSkew')
  })
})
