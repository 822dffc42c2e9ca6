import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readVectorJson } from '@capchain/test-support'
import { createSiweMessage, withRecap } from '@capchain/siwe'
import type { SiweMessageFields } from '@capchain/siwe'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from './run-cli.js'
import { tempDir } from './fixtures.js'

type SignedVector = SiweMessageFields & { signature: string; time?: string }

let dir: string
let example: { file: string; signature: string; fields: SiweMessageFields }
let expired: { file: string; signature: string; time: string }

/** A vector's message written to a file, with the trailing newline editors add. */
function messageFile(name: string, vector: SignedVector): { file: string; signature: string; fields: SiweMessageFields } {
  const { signature, time: _time, ...fields } = vector
  const file = join(dir, `${name}.txt`)
  writeFileSync(file, createSiweMessage(fields) + '\n')
  return { file, signature, fields }
}

beforeAll(() => {
  dir = tempDir('siwe')
  const positive = readVectorJson<Record<string, SignedVector>>('siwe/verification_positive.json')
  example = messageFile('example', positive['example message']!)
  const old = positive['expired message']!
  expired = { ...messageFile('expired', old), time: old.time! }
})

describe('capchain siwe parse', () => {
  it('prints the fields of a message', async () => {
    const { code, stdout, stderr } = await runCli(['siwe', 'parse', example.file])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toContain('domain     login.xyz\n')
    expect(stdout).toContain('address    0x9D85ca56217D2bb651b00f15e694EB7E713637D4\n')
    expect(stdout).toContain('expires    2100-01-07T14:31:43.952Z')
  })

  it('reads standard input and prints {ok, fields, recap} with --json, the ReCap decoded', () => {
    const granted = withRecap(example.fields, { att: { 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK': { 'storage/read': [{}] } }, prf: [] })
    const { code, stdout } = spawnCli(['siwe', 'parse', '-', '--json'], { input: createSiweMessage(granted) })
    expect(code).toBe(0)
    const printed = JSON.parse(stdout) as { ok: boolean; fields: SiweMessageFields; recap: { att: unknown } }
    expect(printed.ok).toBe(true)
    expect(printed.fields).toEqual(granted)
    expect(printed.recap.att).toEqual({ 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK': { 'storage/read': [{}] } })
  })

  it('exits 1 with the typed error, line and field on an invalid message', () => {
    const { code, stderr } = spawnCli(['siwe', 'parse', '-'], { input: 'login.xyz wants you to sign in with your Ethereum account:\n0x9D85ca56217D2bb651b00f15e694EB7E713637D4\n' })
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_SIWE_MALFORMED: line 3: message ends early')
    expect(stderr).toContain('at    address')
  })

  it('exits 2 on a missing file and on an unknown flag', async () => {
    expect((await runCli(['siwe', 'parse', join(dir, 'nope.txt')])).stderr).toContain(`${join(dir, 'nope.txt')} does not exist`)
    const flag = await runCli(['siwe', 'parse', example.file, '--strict'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain("unknown option '--strict'")
  })

  it('has --help with an example', async () => {
    expect((await runCli(['siwe', 'parse', '--help'])).stdout).toContain('Example:')
  })
})

describe('capchain siwe verify', () => {
  it('accepts a valid signature with the expected domain, nonce, chain and address', async () => {
    const { code, stdout } = await runCli([
      'siwe', 'verify', example.file, '--signature', example.signature, '--domain', 'login.xyz',
      '--nonce', 'bTyXgcQxn2htgkjJn', '--chain-id', '1', '--address', example.fields.address.toLowerCase(),
    ])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^valid: signed by 0x9D85ca56217D2bb651b00f15e694EB7E713637D4 for login\.xyz\n/)
  })

  it('takes the message with --message FILE too, and refuses it twice', async () => {
    const viaFlag = await runCli(['siwe', 'verify', '--message', example.file, '--signature', example.signature, '--domain', 'login.xyz'])
    expect(viaFlag.code).toBe(0)
    const twice = await runCli(['siwe', 'verify', example.file, '--message', example.file, '--signature', example.signature])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('give the message once')
  })

  it('checks the time window as of --time, and prints JSON', async () => {
    const { code, stdout } = await runCli(['siwe', 'verify', expired.file, '--signature', expired.signature, '--time', expired.time, '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, fields: { nonce: 'lx2nx4so' }, recap: null })
  })

  it.each([
    ['an expired message', () => ['siwe', 'verify', expired.file, '--signature', expired.signature], 'ERR_SIWE_EXPIRED'],
    ['another domain', () => ['siwe', 'verify', example.file, '--signature', example.signature, '--domain', 'evil.xyz'], 'ERR_SIWE_DOMAIN_MISMATCH'],
    ['another nonce', () => ['siwe', 'verify', example.file, '--signature', example.signature, '--nonce', 'abcdefgh12'], 'ERR_SIWE_NONCE_MISMATCH'],
    ['another chain', () => ['siwe', 'verify', example.file, '--signature', example.signature, '--chain-id', '137'], 'ERR_SIWE_CHAIN_ID_MISMATCH'],
    ['another signer', () => ['siwe', 'verify', example.file, '--signature', expired.signature], 'ERR_SIGNATURE_INVALID'],
    ['another expected address', () => ['siwe', 'verify', example.file, '--signature', example.signature, '--address', '0x2ecA0068307e706741445764A3D6A4402aC2A5a9'], 'ERR_SIGNATURE_INVALID'],
    ['a truncated signature', () => ['siwe', 'verify', example.file, '--signature', example.signature.slice(0, 100)], 'ERR_SIGNATURE_INVALID'],
  ])('exits 1 on %s, with the typed error', async (_name, args, code) => {
    const result = await runCli([...args(), '--json'])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code } })
  })

  it('exits 2 without --signature, and on a bad --time or --chain-id', async () => {
    expect((await runCli(['siwe', 'verify', example.file])).stderr).toContain("required option '--signature <hex>'")
    const time = await runCli(['siwe', 'verify', example.file, '--signature', example.signature, '--time', 'yesterday'])
    expect(time.code).toBe(2)
    expect(time.stderr).toContain('--time: "yesterday" is not a time')
    const chain = await runCli(['siwe', 'verify', example.file, '--signature', example.signature, '--chain-id', 'main'])
    expect(chain.code).toBe(2)
    expect(chain.stderr).toContain('--chain-id: "main" is not a chain id')
  })

  it('has --help with an example', async () => {
    expect((await runCli(['siwe', 'verify', '--help'])).stdout).toContain('Example:')
  })

  it('exits 2 with usage when no subcommand is given', async () => {
    const { code, stderr } = await runCli(['siwe'])
    expect(code).toBe(2)
    expect(stderr).toContain('parse [options] <file>')
  })
})
