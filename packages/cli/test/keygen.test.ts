import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { importSigner } from '@capchain/core'
import { fromString } from 'uint8arrays/from-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'
import { tempDir } from './fixtures.js'

let dir: string
let first: { code: number; stdout: string; stderr: string }
const keyPath = () => join(dir, 'alice.key')
const readKey = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>

beforeAll(async () => {
  dir = tempDir('keygen')
  first = await runCli(['keygen', '--out', keyPath()])
})

describe('capchain keygen', () => {
  it('writes an Ed25519 key file and prints only its DID', () => {
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+\n$/)
    expect(first.stderr).toBe('')
  })

  it('writes the documented format, whose secret is the DID\'s key, and never prints it', () => {
    const file = readKey(keyPath())
    expect(Object.keys(file).sort()).toEqual(['did', 'keyType', 'secret', 'type', 'version'])
    expect(file).toMatchObject({ type: 'capchain-key', version: 1, keyType: 'Ed25519', did: first.stdout.trim() })
    expect(importSigner(fromString(file.secret!.replace(/=+$/, ''), 'base64')).did()).toBe(file.did)
    expect(first.stdout + first.stderr).not.toContain(file.secret)
  })

  it('creates the file with mode 0600 and leaves no temporary file behind', () => {
    expect(statSync(keyPath()).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('makes secp256k1 and P-256 keys, with --json {ok, did, keyType, file}', async () => {
    for (const [type, keyType, prefix] of [['secp256k1', 'secp256k1', 'did:key:zQ3s'], ['p256', 'P-256', 'did:key:zDna']] as const) {
      const file = join(dir, `${type}.key`)
      const { code, stdout } = await runCli(['keygen', '--type', type, '--out', file, '--json'])
      expect(code).toBe(0)
      const printed = JSON.parse(stdout) as { ok: true; did: string; keyType: string; file: string }
      expect(printed).toEqual({ ok: true, did: readKey(file).did, keyType, file })
      expect(printed.did.startsWith(prefix)).toBe(true)
      expect(stdout).not.toContain(readKey(file).secret)
    }
  })

  it('refuses to replace an existing file (exit 2) and leaves it as it was', async () => {
    const before = readFileSync(keyPath(), 'utf8')
    const { code, stdout, stderr } = await runCli(['keygen', '--out', keyPath()])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain('already exists; pass --force')
    expect(readFileSync(keyPath(), 'utf8')).toBe(before)
  })

  it('replaces it with --force, still 0600', async () => {
    const file = join(dir, 'replaced.key')
    writeFileSync(file, 'old', { mode: 0o644 })
    const { code, stdout } = await runCli(['keygen', '--out', file, '--force'])
    expect(code).toBe(0)
    expect(readKey(file).did).toBe(stdout.trim())
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('exits 2 on an unknown key type', async () => {
    const { code, stderr } = await runCli(['keygen', '--type', 'rsa', '--out', join(dir, 'rsa.key')])
    expect(code).toBe(2)
    expect(stderr).toContain('--type: "rsa" is not a key type: ed25519, secp256k1 or p256')
  })

  it('exits 2 without --out, with --out -, and when the directory does not exist', async () => {
    expect((await runCli(['keygen'])).stderr).toContain("required option '--out <file>'")
    const stdout = await runCli(['keygen', '--out', '-'])
    expect(stdout.code).toBe(2)
    expect(stdout.stderr).toContain('never written to standard output')
    const missing = await runCli(['keygen', '--out', join(dir, 'no', 'such', 'dir.key')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`ERR_FILE_NOT_FOUND: cannot write ${join(dir, 'no', 'such', 'dir.key')}: its directory does not exist`)
  })

  it('exits 2 on an unknown flag', async () => {
    const { code, stderr } = await runCli(['keygen', '--out', join(dir, 'x.key'), '--print-secret'])
    expect(code).toBe(2)
    expect(stderr).toContain("unknown option '--print-secret'")
  })

  it('has --help with an example', async () => {
    const { code, stdout } = await runCli(['keygen', '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Example:')
  })
})

describe('key files in use', () => {
  const to = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'

  it('warns when a key file is readable by other users', async () => {
    const file = join(dir, 'shared.key')
    writeFileSync(file, readFileSync(keyPath()))
    chmodSync(file, 0o644)
    const { code, stderr } = await runCli(['delegate', '--key', file, '--to', to, '--cmd', '/x', '--out', join(dir, 'x.ctn')])
    expect(code).toBe(0)
    expect(stderr).toContain(`the key file ${file} is readable by other users (mode 644); run chmod 600`)
  })

  it('refuses a damaged key file (exit 2) without printing its secret', async () => {
    const file = join(dir, 'damaged.key')
    const key = readKey(keyPath())
    writeFileSync(file, JSON.stringify({ ...key, did: to }), { mode: 0o600 })
    const { code, stdout, stderr } = await runCli(['delegate', '--key', file, '--to', to, '--cmd', '/x'])
    expect(code).toBe(2)
    expect(stderr).toContain('"did" or "keyType" does not match "secret"')
    expect(stdout + stderr).not.toContain(key.secret)
  })

  it('refuses a file that is not JSON without quoting it', async () => {
    const file = join(dir, 'broken.key')
    const secret = readKey(keyPath()).secret!
    writeFileSync(file, `{"type": "capchain-key", "secret": "${secret}"`, { mode: 0o600 })
    const { code, stdout, stderr } = await runCli(['delegate', '--key', file, '--to', to, '--cmd', '/x', '--json'])
    expect(code).toBe(2)
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'ERR_USAGE', message: `${file} is not a usable capchain key file: it is not JSON` } })
    expect(stdout + stderr).not.toContain(secret)
  })
})
