import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDelegation, createInvocation, encodeContainer, encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, Invocation } from '@capchain/core'
import { toString } from 'uint8arrays/to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from './run-cli.js'

let dir: string
let delegation: Delegation
let invocation: Invocation
let middle: Delegation
let leafInvocation: Invocation

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capchain-inspect-'))
  const alice = await generateSigner('Ed25519')
  const bob = await generateSigner('secp256k1')
  delegation = await createDelegation({
    issuer: alice,
    audience: bob.did(),
    subject: alice.did(),
    command: '/storage/write',
    policy: [['like', '.path', '/photos/*']],
    expiration: 2000000000,
  })
  invocation = await createInvocation({
    issuer: bob,
    subject: alice.did(),
    command: '/storage/write',
    args: { path: '/photos/a.jpg', size: 3_000_000 },
    proofs: [delegation.cid],
    expiration: null,
  })
  writeFileSync(join(dir, 'delegation.ucan'), delegation.bytes)
  writeFileSync(join(dir, 'delegation.b64'), toString(delegation.bytes, 'base64pad') + '\n')
  writeFileSync(join(dir, 'chain.ctn'), encodeContainer([delegation.bytes, invocation.bytes], 'raw+gzip'))
  writeFileSync(join(dir, 'truncated.ucan'), delegation.bytes.subarray(0, 40))
  writeFileSync(join(dir, 'junk.txt'), 'hello, world!')
  const carol = await generateSigner('P-256')
  middle = await createDelegation({
    issuer: bob,
    audience: carol.did(),
    subject: alice.did(),
    command: '/storage/write',
    expiration: 2000000000,
  })
  leafInvocation = await createInvocation({
    issuer: carol,
    subject: alice.did(),
    audience: 'did:web:storage.example',
    command: '/storage/write',
    args: { path: '/photos/b.jpg' },
    proofs: [delegation.cid, middle.cid],
    expiration: null,
  })
  writeFileSync(join(dir, 'three.ctn'), encodeContainerString([leafInvocation.bytes, middle.bytes, delegation.bytes]))
})

describe('capchain inspect', () => {
  it('prints a raw token: CID, kind, header and payload', async () => {
    const { code, stdout } = await runCli(['inspect', join(dir, 'delegation.ucan')])
    expect(code).toBe(0)
    expect(stdout).toContain(`Delegation ${delegation.cid}`)
    expect(stdout).toContain('ucan/dlg@1.0.0')
    expect(stdout).toContain('Ed25519')
    expect(stdout).toContain('/storage/write')
    expect(stdout).toContain('/photos/*')
    expect(stdout).toContain('2033-05-18T03:33:20Z')
  })

  it('reads base64 text', async () => {
    const { code, stdout } = await runCli(['inspect', join(dir, 'delegation.b64')])
    expect(code).toBe(0)
    expect(stdout).toContain(delegation.cid.toString())
  })

  it('reads a container of tokens from stdin, as JSON', () => {
    const { code, stdout } = spawnCli(['inspect', '-', '--json'], { input: encodeContainerString([delegation.bytes, invocation.bytes]) })
    expect(code).toBe(0)
    const { ok, tokens } = JSON.parse(stdout) as { ok: true; tokens: Array<{ cid: string; kind: string; payload: { prf?: Array<{ '/': string }> } }> }
    expect(ok).toBe(true)
    expect(tokens.map((t) => t.cid).sort()).toEqual([delegation.cid.toString(), invocation.cid.toString()].sort())
    const inv = tokens.find((t) => t.kind === 'invocation')!
    expect(inv.payload.prf).toEqual([{ '/': delegation.cid.toString() }])
  })

  it('reads a gzipped raw container file', async () => {
    const { code, stdout } = await runCli(['inspect', join(dir, 'chain.ctn')])
    expect(code).toBe(0)
    expect(stdout).toContain('Invocation')
    expect(stdout).toContain('ES256K')
  })

  it('draws a container holding a chain as a tree: root, then each link, then the invocation', async () => {
    const { code, stdout } = await runCli(['inspect', join(dir, 'three.ctn')])
    expect(code).toBe(0)
    const headings = stdout.split('\n').filter((line) => /(Delegation|Invocation) bafy/.test(line))
    expect(headings).toEqual([
      `Delegation ${delegation.cid} (root)`,
      `└─ Delegation ${middle.cid}`,
      `   └─ Invocation ${leafInvocation.cid}`,
    ])
    expect(stdout).toContain(`\n  ${delegation.payload.iss} → ${delegation.payload.aud}\n`)
    expect(stdout).toContain(`\n     ${middle.payload.iss} → ${middle.payload.aud}\n`)
    expect(stdout).toContain(`\n        ${leafInvocation.payload.iss} → did:web:storage.example\n`)
    expect(stdout).toContain('     cmd      /storage/write')
  })

  it('uses no colour when piped, even when NO_COLOR is unset', () => {
    const { code, stdout } = spawnCli(['inspect', join(dir, 'three.ctn')], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } })
    expect(code).toBe(0)
    expect(stdout).not.toContain('\x1b[')
  })

  it('exits 1 with a typed error on a container whose base64 does not decode', () => {
    const { code, stderr } = spawnCli(['inspect', '-'], { input: 'CAB' })
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_CONTAINER_MALFORMED')
    expect(stderr).not.toContain('this is a bug')
  })

  it('exits 1 with the typed error on a truncated token', async () => {
    const { code, stderr } = await runCli(['inspect', join(dir, 'truncated.ucan')])
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_CBOR_MALFORMED')
  })

  it('exits 1 with a JSON error under --json', async () => {
    const { code, stdout } = await runCli(['inspect', join(dir, 'junk.txt'), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'ERR_TOKEN_MALFORMED', at: 'input' } })
  })

  it('exits 2 on a missing file', async () => {
    const { code, stderr } = await runCli(['inspect', join(dir, 'nope.ucan')])
    expect(code).toBe(2)
    expect(stderr).toContain(`ERR_FILE_NOT_FOUND: ${join(dir, 'nope.ucan')} does not exist`)
    expect(stderr).not.toContain('ENOENT')
  })

  it('exits 2 on an unknown flag', async () => {
    const { code, stderr } = await runCli(['inspect', '--frobnicate', join(dir, 'delegation.ucan')])
    expect(code).toBe(2)
    expect(stderr).toContain('unknown option')
  })

  it('has --help with an example', async () => {
    const { code, stdout } = await runCli(['inspect', '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Example:')
  })
})
