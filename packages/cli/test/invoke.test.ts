import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDelegation, encodeContainerString, verifyTokenSignature } from '@capchain/core'
import type { Delegation, Invocation, Signer } from '@capchain/core'
import { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from './run-cli.js'
import type { CliResult } from './run-cli.js'
import { containerTokens, keyFile, now, tempDir } from './fixtures.js'

const SERVICE = 'did:web:storage.example'
let dir: string
let alice: { signer: Signer; file: string }
let bob: { signer: Signer; file: string }
let root: Delegation
let leaf: Delegation
let chainFile: string

beforeAll(async () => {
  dir = tempDir('invoke')
  ;[alice, bob] = await Promise.all([keyFile(dir, 'alice'), keyFile(dir, 'bob', 'secp256k1')])
  const carol = await keyFile(dir, 'carol')
  root = await createDelegation({
    issuer: alice.signer, audience: carol.signer.did(), subject: alice.signer.did(), command: '/storage',
    policy: [['like', '.path', '/photos/*']], expiration: now() + 3600,
  })
  leaf = await createDelegation({
    issuer: carol.signer, audience: bob.signer.did(), subject: alice.signer.did(), command: '/storage/write',
    policy: [['<=', '.size', 1_000_000]], expiration: now() + 3600,
  })
  chainFile = join(dir, 'chain.ctn')
  writeFileSync(chainFile, encodeContainerString([leaf.bytes, root.bytes]))
})

const invoke = (...extra: string[]) =>
  runCli(['invoke', '--key', bob.file, '--cmd', '/storage/write', '--proof', chainFile, '--aud', SERVICE, ...extra])

describe('capchain invoke: issuing', () => {
  let out: string
  let result: CliResult

  beforeAll(async () => {
    out = join(dir, 'write.ctn')
    result = await invoke('--args', '{"path": "/photos/a.jpg", "size": 3000}', '--out', out)
  })

  it('writes a container of the invocation and its proofs, and prints the CID', () => {
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const tokens = containerTokens(readFileSync(out, 'utf8'))
    expect(tokens.map((t) => t.cid.toString()).sort()).toEqual([root, leaf].map((d) => d.cid.toString()).concat(result.stdout.trim()).sort())
  })

  it('lists the proofs root first in prf and signs with the key', async () => {
    const invocation = containerTokens(readFileSync(out, 'utf8')).find((t) => t.kind === 'inv') as Invocation
    expect(invocation.payload).toMatchObject({ iss: bob.signer.did(), sub: alice.signer.did(), aud: SERVICE, cmd: '/storage/write', args: { path: '/photos/a.jpg', size: 3000 } })
    expect(invocation.payload.prf.map(String)).toEqual([root.cid.toString(), leaf.cid.toString()])
    expect(invocation.payload.exp! - invocation.payload.iat!).toBe(300)
    await verifyTokenSignature(invocation)
  })

  it('is accepted by `capchain verify --invocation OUT` as is', async () => {
    const { code, stdout } = await runCli(['verify', '--invocation', out, '--audience', SERVICE, '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, subject: alice.signer.did(), issuer: bob.signer.did() })
  })

  it('reads --args as DAG-JSON (links, bytes) and prints JSON with --json', async () => {
    const link = root.cid.toString()
    const { code, stdout } = await runCli(['invoke', '--key', alice.file, '--cmd', '/notes/attach', '--args', `{"ref": {"/": "${link}"}, "body": {"/": {"bytes": "aGk"}}}`, '--expires', '1h', '--json'])
    expect(code).toBe(0)
    const printed = JSON.parse(stdout) as { token: string; args: unknown; proofs: string[] }
    expect(printed.args).toEqual({ ref: { '/': link }, body: { '/': { bytes: 'aGk' } } })
    const invocation = containerTokens(printed.token).find((t) => t.kind === 'inv') as Invocation
    expect(CID.asCID(invocation.payload.args.ref)?.toString()).toBe(link)
    expect(invocation.payload.args.body).toEqual(new TextEncoder().encode('hi'))
  })

  it('invokes its own authority without proofs', async () => {
    const { code, stdout } = await runCli(['invoke', '--key', alice.file, '--cmd', '/notes/read', '--format', 'base64url'])
    expect(code).toBe(0)
    const [invocation] = containerTokens(encodeContainerString([Buffer.from(stdout.trim(), 'base64url')])) as Invocation[]
    expect(invocation!.payload).toMatchObject({ iss: alice.signer.did(), sub: alice.signer.did(), args: {}, prf: [] })
  })
})

describe('capchain invoke: refusals (exit 1)', () => {
  it('refuses arguments the policy denies, naming the statement', async () => {
    const { code, stdout, stderr } = await invoke('--args', '{"path": "/photos/a.jpg", "size": 3145728}')
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('refused: a storage service would deny this invocation')
    expect(stderr).toContain('ERR_POLICY_VIOLATION')
    expect(stderr).toContain('.size was 3145728')
  })

  it('refuses a command the chain does not grant', async () => {
    const { code, stdout } = await invoke('--cmd', '/storage/delete', '--args', '{"path": "/photos/a"}', '--json')
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error.code).toBe('ERR_COMMAND_ESCALATION')
  })

  it('refuses an expired proof', async () => {
    const carol = await keyFile(dir, 'carol2')
    const expired = await createDelegation({ issuer: carol.signer, audience: bob.signer.did(), subject: carol.signer.did(), command: '/', expiration: now() - 600 })
    writeFileSync(join(dir, 'expired.ucan'), expired.bytes)
    const { code, stdout } = await runCli(['invoke', '--key', bob.file, '--cmd', '/x', '--proof', join(dir, 'expired.ucan'), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'ERR_EXPIRED', cid: expired.cid.toString() })
  })

  it('refuses another subject without proofs', async () => {
    const { code, stderr } = await runCli(['invoke', '--key', bob.file, '--cmd', '/x', '--sub', alice.signer.did()])
    expect(code).toBe(1)
    expect(stderr).toContain('refused: a UCAN verifier would deny this invocation')
    expect(stderr).toContain('ERR_PROOF_MISSING')
  })

  it('refuses storage arguments outside the storage profile', async () => {
    const { code, stdout } = await invoke('--args', '{"path": "/photos/a.jpg", "size": 1, "mode": "append"}', '--json')
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'ERR_STORAGE_ARGS_INVALID', at: 'args.mode' })
  })

  it('refuses a storage invocation that outlives the profile\'s limit', async () => {
    const { code, stdout } = await invoke('--args', '{"path": "/photos/a.jpg", "size": 1}', '--expires', '2h', '--json')
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error.code).toBe('ERR_STORAGE_EXPIRY')
  })
})

describe('capchain invoke: bad input', () => {
  it('exits 1 on a truncated proof', async () => {
    writeFileSync(join(dir, 'truncated.ucan'), root.bytes.subarray(0, 50))
    const { code, stderr } = await runCli(['invoke', '--key', bob.file, '--cmd', '/x', '--proof', join(dir, 'truncated.ucan')])
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_CBOR_MALFORMED')
  })

  it.each([
    [['--args', '{"path": '], '--args: "{\\"path\\": " is not JSON'],
    [['--args', '[1, 2]'], 'is not a JSON object'],
    [['--args', '{"/": "not-a-cid"}'], 'is not valid DAG-JSON'],
    [['--expires', '5 minutes'], '--expires: "5 minutes" is not a time'],
    [['--aud', 'storage.example'], '--aud: "storage.example" is not a DID'],
    [['--format', 'raw', '--json'], '--format raw writes binary'],
    [['--proof', join('no', 'such.ctn')], `${join('no', 'such.ctn')} does not exist`],
    [['--nonce', 'x'], "unknown option '--nonce'"],
  ])('exits 2 on %j', async (extra, message) => {
    const { code, stderr, stdout } = await runCli(['invoke', '--key', bob.file, '--cmd', '/notes/write', ...extra])
    expect(code).toBe(2)
    expect(stderr + stdout).toContain(message)
  })

  it('exits 2 when standard input is named twice', () => {
    for (const [args, input] of [
      [['--key', '-', '--proof', '-'], readFileSync(bob.file)],
      [['--key', bob.file, '--proof', '-', '-'], readFileSync(chainFile)],
    ] as const) {
      const { code, stderr } = spawnCli(['invoke', '--cmd', '/x', ...args], { input })
      expect(code).toBe(2)
      expect(stderr).toContain('standard input (-) can be read only once')
    }
  })

  it('exits 2 on a storage invocation without --aud', async () => {
    const { code, stderr } = await runCli(['invoke', '--key', bob.file, '--cmd', '/storage/write', '--args', '{"path": "/photos/a", "size": 1}', '--proof', chainFile])
    expect(code).toBe(2)
    expect(stderr).toContain('--aud: a /storage/write invocation must name the storage service it is for')
  })

  it('has --help with an example', async () => {
    const { code, stdout } = await runCli(['invoke', '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Example:')
  })
})

describe('capchain invoke and verify through a capped storage grant', () => {
  let grant: string

  beforeAll(async () => {
    grant = (await runCli(['delegate', '--key', alice.file, '--to', bob.signer.did(), '--ops', 'write', '--path', '/inbox', '--max-size', '1MB', '--max-uses', '10', '--expires', '1h'])).stdout
    writeFileSync(join(dir, 'grant.ctn'), grant)
  })

  it('issues an invocation a storage service accepts, and `verify --profile storage` accepts it too (the plain UCAN verifier does not: caps fail closed)', async () => {
    const out = join(dir, 'inbox.ctn')
    const issued = await runCli(['invoke', '--key', bob.file, '--cmd', '/storage/write', '--args', '{"path": "/inbox/m1", "size": 2048}', '--aud', SERVICE, '--proof', join(dir, 'grant.ctn'), '--out', out])
    expect(issued.code).toBe(0)
    const { code, stdout } = await runCli(['verify', '--profile', 'storage', '--invocation', out, '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, command: '/storage/write', storage: { op: 'write', path: '/inbox/m1', size: 2048 } })
    const text = (await runCli(['verify', '--profile', 'storage', '--invocation', out])).stdout
    expect(text).toMatch(/^✔ storage profile: write \/inbox\/m1, 2048 bytes\n✔ authorized: .*\nclock skew: 60 s\n/)
    const plain = await runCli(['verify', '--invocation', out, '--json'])
    expect(plain.code).toBe(1)
    expect(JSON.parse(plain.stdout).error).toMatchObject({ code: 'ERR_POLICY_VIOLATION', specName: 'MatchError' })
  })

  it('refuses a request over the size ceiling', async () => {
    const { code, stdout } = await runCli(['invoke', '--key', bob.file, '--cmd', '/storage/write', '--args', '{"path": "/inbox/big", "size": 2000000}', '--aud', SERVICE, '--proof', join(dir, 'grant.ctn'), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error.code).toBe('ERR_POLICY_VIOLATION')
  })
})
