import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDelegation, createInvocation, encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, Invocation } from '@capchain/core'
import { createSiweMessage } from '@capchain/siwe'
import type { SiweMessageFields } from '@capchain/siwe'
import { readVectorJson } from '@capchain/test-support'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'
import { keyFile, now, tempDir } from './fixtures.js'

/** 2027-01-15T08:00:00Z. */
const NOW = 1_800_000_000
let dir: string
let root: Delegation
let invocation: Invocation

beforeAll(async () => {
  dir = tempDir('clock')
  const [alice, bob, service] = await Promise.all([generateSigner('Ed25519'), generateSigner('Ed25519'), generateSigner('Ed25519')])
  root = await createDelegation({
    issuer: alice, audience: bob.did(), subject: alice.did(), command: '/notes', policy: [], expiration: NOW + 3600, notBefore: NOW - 5,
  })
  invocation = await createInvocation({
    issuer: bob, subject: alice.did(), audience: service.did(), command: '/notes/write', args: {}, proofs: [root.cid], expiration: NOW + 60, issuedAt: NOW,
  })
  writeFileSync(join(dir, 'root.ucan'), root.bytes)
  writeFileSync(join(dir, 'write.inv'), invocation.bytes)
})

const verify = (...extra: string[]) => runCli(['verify', '--invocation', join(dir, 'write.inv'), '--proof', join(dir, 'root.ucan'), ...extra])
const verifyJson = async (...extra: string[]) => {
  const result = await verify(...extra, '--json')
  return { code: result.code, json: JSON.parse(result.stdout) as Record<string, unknown> }
}

describe('capchain verify: the clock', () => {
  it('shows the default skew of 60 s in every verdict, and nothing relied on it well inside the bounds', async () => {
    const { code, stdout } = await verify('--time', String(NOW))
    expect(code).toBe(0)
    expect(stdout.split('\n')[1]).toBe('clock skew: 60 s')
    expect(await verifyJson('--time', String(NOW))).toMatchObject({ code: 0, json: { ok: true, skew: 60, withinSkew: [] } })
  })

  it('takes --time as ISO 8601 as well as Unix seconds, the same instant', async () => {
    const iso = await verifyJson('--time', '2027-01-15T08:01:03Z')
    expect(iso).toEqual(await verifyJson('--time', String(NOW + 63)))
    expect(iso.code).toBe(0)
  })

  it('says when a token is accepted only thanks to the skew: an invocation that expired 3 s ago', async () => {
    const { code, stdout } = await verify('--time', String(NOW + 63))
    expect(code).toBe(0)
    expect(stdout).toContain('✔ authorized')
    expect(stdout).toContain('clock skew: 60 s (accepted only thanks to it: invocation exp passed 3 s ago)')
    expect((await verifyJson('--time', String(NOW + 63))).json).toMatchObject({
      ok: true, skew: 60, withinSkew: [{ at: 'invocation', cid: invocation.cid.toString(), field: 'exp', seconds: 3 }],
    })
  })

  it('names a not-before reached only within the skew', async () => {
    const { json } = await verifyJson('--time', String(NOW - 7))
    expect(json).toMatchObject({ ok: true, withinSkew: [{ at: 'prf[0]', cid: root.cid.toString(), field: 'nbf', seconds: 2 }] })
  })

  it('--skew sets the allowance: 3 s still accepts an exp 3 s past, 2 s and 0 s deny it (ERR_EXPIRED), the skew in the denial', async () => {
    expect(await verifyJson('--time', String(NOW + 63), '--skew', '3')).toMatchObject({ code: 0, json: { ok: true, skew: 3 } })
    for (const skew of ['2', '0']) {
      const { code, json } = await verifyJson('--time', String(NOW + 63), '--skew', skew)
      expect(code).toBe(1)
      expect(json).toMatchObject({ ok: false, error: { code: 'ERR_EXPIRED', at: 'invocation' }, skew: Number(skew) })
    }
    const text = await verify('--time', String(NOW + 63), '--skew', '0')
    expect(text.stdout.split('\n').slice(0, 2).join('\n')).toMatch(/^✘ denied \[ERR_EXPIRED → Expired\].*\nclock skew: 0 s$/)
  })

  it('--skew applies under the storage profile too', async () => {
    const args = ['--time', String(NOW + 63), '--profile', 'storage']
    expect(await verifyJson(...args, '--skew', '0')).toMatchObject({ code: 1, json: { error: { code: 'ERR_EXPIRED' }, skew: 0 } })
  })

  it.each([['-1'], ['1.5'], ['60s'], [''], ['0x10'], ['1e3'], ['9007199254740993']])('exits 2 on --skew %j (ERR_USAGE)', async (skew) => {
    const { code, json } = await verifyJson('--time', String(NOW), '--skew', skew)
    expect(code).toBe(2)
    expect(json).toMatchObject({ ok: false, error: { code: 'ERR_USAGE', message: expect.stringContaining('is not a whole number of seconds') } })
  })

  it('exits 2 on a --time that is no time', async () => {
    expect(await verifyJson('--time', 'tomorrow morning')).toMatchObject({ code: 2, json: { error: { code: 'ERR_USAGE', message: expect.stringContaining('--time') } } })
  })

  it('keeps --proofs as a hidden alias of --proof', async () => {
    const alias = await runCli(['verify', '--invocation', join(dir, 'write.inv'), '--proofs', join(dir, 'root.ucan'), '--time', String(NOW), '--json'])
    expect(JSON.parse(alias.stdout)).toEqual((await verifyJson('--time', String(NOW))).json)
    const help = (await runCli(['verify', '--help'])).stdout
    expect(help).toContain('--proof <files...>')
    expect(help).not.toContain('--proofs')
  })
})

describe('capchain invoke: the clock of its check', () => {
  let chainFile: string
  let bobFile: string

  beforeAll(async () => {
    const [alice, bob] = await Promise.all([keyFile(dir, 'alice'), keyFile(dir, 'bob')])
    // Expired 10 minutes ago by this machine's clock.
    const stale = await createDelegation({
      issuer: alice.signer, audience: bob.signer.did(), subject: alice.signer.did(), command: '/notes', policy: [], expiration: now() - 600,
    })
    chainFile = join(dir, 'stale.ctn')
    writeFileSync(chainFile, encodeContainerString([stale.bytes]))
    bobFile = bob.file
  })

  const invoke = (...extra: string[]) => runCli(['invoke', '--key', bobFile, '--cmd', '/notes/write', '--proof', chainFile, ...extra])

  it('refuses an expired proof at the default skew', async () => {
    const { code, stdout } = await invoke('--json')
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'ERR_EXPIRED', at: 'prf[0]' } })
  })

  it('with a wider --skew issues it, and says it was accepted only thanks to the skew', async () => {
    const text = await invoke('--skew', '86400')
    expect(text.code).toBe(0)
    expect(text.stderr).toMatch(/note: accepted only thanks to the clock skew of 86400 s: prf\[0\] exp passed \d+ s ago/)
    const { code, stdout } = await invoke('--skew', '86400', '--json')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, skew: 86400, withinSkew: [{ at: 'prf[0]', field: 'exp' }] })
  })
})

describe('capchain siwe verify: the clock', () => {
  type SignedVector = SiweMessageFields & { signature: string; time?: string }
  let file: string
  let signature: string

  beforeAll(() => {
    const { signature: signed, time: _time, ...fields } = readVectorJson<Record<string, SignedVector>>('siwe/verification_positive.json')['expired message']!
    file = join(dir, 'expired.txt')
    writeFileSync(file, createSiweMessage(fields))
    signature = signed
  })

  const siwe = (...extra: string[]) => runCli(['siwe', 'verify', file, '--signature', signature, ...extra])

  it('accepts a message expired 3 s ago within the default skew, and says so', async () => {
    const text = await siwe('--time', '2021-01-05T00:00:03Z')
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('clock skew: 60 s (accepted only thanks to it: message exp passed 3 s ago)')
    const json = await siwe('--time', '2021-01-05T00:00:03Z', '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, skew: 60, withinSkew: [{ at: 'message', field: 'exp', seconds: 3 }] })
  })

  it('--skew 2 refuses the same message (ERR_SIWE_EXPIRED); --skew 4 accepts it', async () => {
    const denied = await siwe('--time', '2021-01-05T00:00:03Z', '--skew', '2', '--json')
    expect(denied.code).toBe(1)
    expect(JSON.parse(denied.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_SIWE_EXPIRED' } })
    expect((await siwe('--time', '2021-01-05T00:00:03Z', '--skew', '4')).code).toBe(0)
  })

  it('nothing relied on the skew before the expiry (Unix seconds for --time)', async () => {
    const { stdout } = await siwe('--time', String(Date.parse('2021-01-04T00:00:00Z') / 1000), '--json')
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, skew: 60, withinSkew: [] })
  })
})
