import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDelegation, createInvocation, encodeContainer, generateSigner } from '@capchain/core'
import type { Delegation, Invocation, Signer } from '@capchain/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'

const NOW = 1_800_000_000
let dir: string
let alice: Signer
let service: Signer
let root: Delegation
let write: Invocation
let tooBig: Invocation

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capchain-verify-'))
  alice = await generateSigner('Ed25519')
  const bob = await generateSigner('Ed25519')
  service = await generateSigner('Ed25519')
  root = await createDelegation({
    issuer: alice,
    audience: bob.did(),
    subject: alice.did(),
    command: '/storage/write',
    policy: [['<=', '.size', 1048576]],
    expiration: NOW + 3600,
  })
  const invoke = (size: number) =>
    createInvocation({
      issuer: bob,
      subject: alice.did(),
      audience: service.did(),
      command: '/storage/write',
      args: { path: '/photos/a.jpg', size },
      proofs: [root.cid],
      expiration: NOW + 60,
      issuedAt: NOW,
    })
  write = await invoke(1000)
  tooBig = await invoke(3_145_728)
  // Another app's /storage/write: its grant scopes paths, its invocation has no size (which our storage profile requires).
  const otherRoot = await createDelegation({
    issuer: alice,
    audience: bob.did(),
    subject: alice.did(),
    command: '/storage/write',
    policy: [['like', '.path', '/photos/*']],
    expiration: NOW + 3600,
  })
  const otherWrite = await createInvocation({
    issuer: bob,
    subject: alice.did(),
    audience: service.did(),
    command: '/storage/write',
    args: { path: '/photos/a.jpg' },
    proofs: [otherRoot.cid],
    expiration: NOW + 60,
    issuedAt: NOW,
  })
  writeFileSync(join(dir, 'other-app.ctn'), encodeContainer([otherRoot.bytes, otherWrite.bytes]))
  writeFileSync(join(dir, 'root.ucan'), root.bytes)
  writeFileSync(join(dir, 'write.inv'), write.bytes)
  writeFileSync(join(dir, 'big.inv'), tooBig.bytes)
  writeFileSync(join(dir, 'chain.ctn'), encodeContainer([root.bytes]))
  writeFileSync(join(dir, 'all.ctn'), encodeContainer([root.bytes, write.bytes]))
})

describe('capchain verify', () => {
  it('authorizes a valid chain, exit 0, and prints the chain', async () => {
    const { code, stdout } = await runCli(['verify', '--invocation', join(dir, 'write.inv'), '--proofs', join(dir, 'root.ucan'), '--time', String(NOW)])
    expect(code).toBe(0)
    expect(stdout).toContain(root.cid.toString())
    expect(stdout).toContain(write.cid.toString())
  })

  it('reads proofs from a container and checks the audience', async () => {
    const { code, stdout } = await runCli([
      'verify', '--invocation', join(dir, 'write.inv'), '--container', join(dir, 'chain.ctn'),
      '--time', String(NOW), '--audience', service.did(), '--json',
    ])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, subject: alice.did(), command: '/storage/write', chain: [root.cid.toString(), write.cid.toString()] })
  })

  it('takes the invocation out of a container holding the whole chain', async () => {
    const { code } = await runCli(['verify', '--invocation', join(dir, 'all.ctn'), '--time', String(NOW)])
    expect(code).toBe(0)
  })

  it('denies a policy violation with exit 1 and explains which statement failed', async () => {
    const { code, stdout } = await runCli(['verify', '--invocation', join(dir, 'big.inv'), '--proofs', join(dir, 'root.ucan'), '--time', String(NOW)])
    expect(code).toBe(1)
    expect(stdout).toContain('ERR_POLICY_VIOLATION')
    expect(stdout).toContain('3145728')
  })

  it('denies the wrong audience', async () => {
    const { code, stdout } = await runCli([
      'verify', '--invocation', join(dir, 'write.inv'), '--proofs', join(dir, 'root.ucan'),
      '--time', String(NOW), '--audience', alice.did(), '--json',
    ])
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'ERR_AUDIENCE_MISMATCH' } })
  })

  it("denies an expired chain, with the spec's label beside our code", async () => {
    const { code, stdout } = await runCli(['verify', '--invocation', join(dir, 'write.inv'), '--proofs', join(dir, 'root.ucan'), '--time', String(NOW + 7200), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'ERR_EXPIRED', specName: 'Expired' })
  })

  it("verifies another app's /storage/… invocation generically by default; the storage profile only with --profile storage", async () => {
    const args = ['verify', '--invocation', join(dir, 'other-app.ctn'), '--time', String(NOW), '--json']
    const generic = await runCli(args)
    expect(generic.code).toBe(0)
    expect(JSON.parse(generic.stdout)).toMatchObject({ ok: true, command: '/storage/write', args: { path: '/photos/a.jpg' } })
    expect(JSON.parse(generic.stdout)).not.toHaveProperty('storage')
    const profiled = await runCli([...args, '--profile', 'storage'])
    expect(profiled.code).toBe(1)
    expect(JSON.parse(profiled.stdout).error.code).toBe('ERR_STORAGE_ARGS_INVALID')
    expect(JSON.parse(profiled.stdout).error).not.toHaveProperty('specName')
  })

  it('exits 2 on an unknown --profile', async () => {
    const { code, stderr } = await runCli(['verify', '--invocation', join(dir, 'write.inv'), '--profile', 'files'])
    expect(code).toBe(2)
    expect(stderr).toContain('--profile')
  })

  it('denies a missing proof', async () => {
    const { code, stdout } = await runCli(['verify', '--invocation', join(dir, 'write.inv'), '--time', String(NOW), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error.code).toBe('ERR_PROOF_UNAVAILABLE')
  })

  it('exits 2 without --invocation', async () => {
    const { code, stderr } = await runCli(['verify'])
    expect(code).toBe(2)
    expect(stderr).toContain('--invocation')
  })

  it('exits 2 on a bad --time', async () => {
    const { code, stderr } = await runCli(['verify', '--invocation', join(dir, 'write.inv'), '--time', 'tomorrow'])
    expect(code).toBe(2)
    expect(stderr).toContain('--time: "tomorrow" is not a time')
  })

  it('exits 1 on a truncated invocation', async () => {
    writeFileSync(join(dir, 'trunc.inv'), write.bytes.subarray(0, 30))
    const { code } = await runCli(['verify', '--invocation', join(dir, 'trunc.inv'), '--time', String(NOW)])
    expect(code).toBe(1)
  })
})
