import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDelegation, createInvocation, encodeContainerString, verifyTokenSignature } from '@capchain/core'
import type { Delegation, Invocation, Signer } from '@capchain/core'
import { authorizeStorageRequest, revokeDelegation } from '@capchain/storage'
import { createMemoryStore } from '@capchain/store'
import { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'
import type { CliResult } from './run-cli.js'
import { containerTokens, keyFile, now, tempDir } from './fixtures.js'

const SERVICE = 'did:web:storage.example'
let dir: string
let alice: { signer: Signer; file: string }
let bob: { signer: Signer; file: string }
let carol: { signer: Signer; file: string }
let root: Delegation
let leaf: Delegation
let chainFile: string

beforeAll(async () => {
  dir = tempDir('revoke')
  ;[alice, bob, carol] = await Promise.all([keyFile(dir, 'alice'), keyFile(dir, 'bob'), keyFile(dir, 'carol', 'P-256')])
  root = await createDelegation({ issuer: alice.signer, audience: bob.signer.did(), subject: alice.signer.did(), command: '/storage', expiration: now() + 3600 })
  leaf = await createDelegation({ issuer: bob.signer, audience: carol.signer.did(), subject: alice.signer.did(), command: '/storage/read', expiration: now() + 3600 })
  chainFile = join(dir, 'chain.ctn')
  writeFileSync(chainFile, encodeContainerString([leaf.bytes, root.bytes]))
})

const revoke = (key: string, ...extra: string[]) => runCli(['revoke', '--key', key, '--cid', leaf.cid.toString(), '--proof', chainFile, '--aud', SERVICE, ...extra])
const revocationIn = (text: string) => containerTokens(text).find((t) => t.kind === 'inv') as Invocation

describe('capchain revoke', () => {
  let out: string
  let first: CliResult

  beforeAll(async () => {
    out = join(dir, 'revoke.ctn')
    first = await revoke(alice.file, '--out', out)
  })

  it('builds a signed /ucan/revoke invocation: args {revoke, path}, the path root first, on the key\'s own behalf', async () => {
    expect(first.code).toBe(0)
    expect(first.stderr).toBe('')
    const tokens = containerTokens(readFileSync(out, 'utf8'))
    expect(tokens).toHaveLength(3)
    const revocation = tokens.find((t) => t.kind === 'inv') as Invocation
    expect(revocation.cid.toString()).toBe(first.stdout.trim())
    const p = revocation.payload
    expect(p).toMatchObject({ iss: alice.signer.did(), sub: alice.signer.did(), aud: SERVICE, cmd: '/ucan/revoke', exp: null, prf: [] })
    expect(p.nonce).toEqual(new Uint8Array(0))
    expect(Object.keys(p.args).sort()).toEqual(['path', 'revoke'])
    expect(CID.asCID(p.args.revoke)?.toString()).toBe(leaf.cid.toString())
    expect((p.args.path as CID[]).map(String)).toEqual([root.cid.toString(), leaf.cid.toString()])
    await verifyTokenSignature(revocation)
  })

  it('is accepted by the storage service, which then denies requests through the revoked delegation', async () => {
    const store = createMemoryStore()
    const tokens = containerTokens(readFileSync(out, 'utf8'))
    const revocation = tokens.find((t) => t.kind === 'inv')!
    const proofs = tokens.filter((t) => t.kind === 'dlg').map((t) => t.bytes)
    const accepted = await revokeDelegation({ invocation: revocation.bytes, proofs, service: SERVICE, store })
    expect(accepted.ok && accepted.value).toMatchObject({ revoker: alice.signer.did(), recorded: true })
    const read = await createInvocation({
      issuer: carol.signer, subject: alice.signer.did(), audience: SERVICE, command: '/storage/read',
      args: { path: '/a', size: 1 }, proofs: [root.cid, leaf.cid], expiration: now() + 60,
    })
    const denied = await authorizeStorageRequest({ invocation: read.bytes, proofs, service: SERVICE, store, op: 'read', path: '/a', size: 1 })
    expect(denied.ok ? 'authorized' : denied.error.code).toBe('ERR_REVOKED')
    await store.close()
  })

  it('lets any issuer on the path revoke: bob revokes his own delegation to carol (--json)', async () => {
    const { code, stdout } = await revoke(bob.file, '--json')
    expect(code).toBe(0)
    const printed = JSON.parse(stdout) as { token: string }
    expect(printed).toMatchObject({ ok: true, issuer: bob.signer.did(), subject: bob.signer.did(), command: '/ucan/revoke', args: { revoke: { '/': leaf.cid.toString() } } })
    expect(revocationIn(printed.token).payload.iss).toBe(bob.signer.did())
  })

  it('expires when told to', async () => {
    const { code, stdout } = await revoke(bob.file, '--expires', '30d')
    expect(code).toBe(0)
    expect(revocationIn(stdout).payload.exp).toBeGreaterThan(now() + 29 * 86_400)
  })

  it('refuses (exit 1) a revoker that issued nothing on the path', async () => {
    const { code, stdout, stderr } = await revoke(carol.file)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('refused: a storage service would not accept this revocation')
    expect(stderr).toContain(`ERR_REVOKER_NOT_UPSTREAM: ${carol.signer.did()} issued no delegation at or above ${leaf.cid}`)
  })

  it('refuses (exit 1) proofs that do not hold the delegation', async () => {
    writeFileSync(join(dir, 'root-only.ucan'), root.bytes)
    const { code, stdout } = await runCli(['revoke', '--key', alice.file, '--cid', leaf.cid.toString(), '--proof', join(dir, 'root-only.ucan'), '--aud', SERVICE, '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'ERR_REVOCATION_WITNESS', cid: leaf.cid.toString() })
  })

  it('exits 1 on a truncated proof', async () => {
    writeFileSync(join(dir, 'truncated.ucan'), leaf.bytes.subarray(0, leaf.bytes.length - 9))
    const { code, stderr } = await runCli(['revoke', '--key', alice.file, '--cid', leaf.cid.toString(), '--proof', join(dir, 'truncated.ucan'), '--aud', SERVICE])
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_CBOR_MALFORMED')
  })

  it('exits 2 on a proof file that does not exist', async () => {
    const { code, stdout } = await runCli(['revoke', '--key', alice.file, '--cid', leaf.cid.toString(), '--proof', join(dir, 'nope.ctn'), '--aud', SERVICE, '--json'])
    expect(code).toBe(2)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'ERR_FILE_NOT_FOUND', message: `${join(dir, 'nope.ctn')} does not exist` })
  })

  it.each([
    [['--cid', 'bafy-not-a-cid'], '--cid: "bafy-not-a-cid" is not a CID'],
    [['--aud', 'storage'], '--aud: "storage" is not a DID'],
    [['--revoke-all'], "unknown option '--revoke-all'"],
  ])('exits 2 on %j', async (extra, message) => {
    const { code, stderr } = await revoke(alice.file, ...extra)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })

  it('exits 2 without --proof or --aud', async () => {
    expect((await runCli(['revoke', '--key', alice.file, '--cid', leaf.cid.toString(), '--aud', SERVICE])).stderr).toContain("required option '--proof <files...>'")
    expect((await runCli(['revoke', '--key', alice.file, '--cid', leaf.cid.toString(), '--proof', chainFile])).code).toBe(2)
  })

  it('has --help with an example', async () => {
    const { code, stdout } = await runCli(['revoke', '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Example:')
  })
})
