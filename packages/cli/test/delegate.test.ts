import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDelegation, encodeContainerString } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { capStatement, pathScopeStatement, sizeCeilingStatement } from '@capchain/storage'
import { verifyDelegation } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from './run-cli.js'
import { containerTokens, keyFile, now, tempDir } from './fixtures.js'

let dir: string
let alice: { signer: Signer; file: string }
let bob: { signer: Signer; file: string }
let carol: { signer: Signer; file: string }
/** alice → bob, /storage, under /photos, at most 10 MB per request, 7 days: written by the CLI. */
let root: { code: number; stdout: string; stderr: string }
let rootFile: string

beforeAll(async () => {
  dir = tempDir('delegate')
  ;[alice, bob, carol] = await Promise.all([keyFile(dir, 'alice'), keyFile(dir, 'bob', 'secp256k1'), keyFile(dir, 'carol', 'P-256')])
  rootFile = join(dir, 'bob.ctn')
  root = await runCli([
    'delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/storage',
    '--path', '/photos', '--max-size', '10MB', '--max-bytes', '1GiB', '--max-uses', '500', '--expires', '7d',
  ])
  writeFileSync(rootFile, root.stdout)
})

describe('capchain delegate: issuing', () => {
  it('prints a container holding a root delegation with the options users think in, as storage profile statements', () => {
    expect(root.code).toBe(0)
    expect(root.stderr).toBe('')
    const [token, ...rest] = containerTokens(root.stdout)
    expect(rest).toEqual([])
    expect(token!.kind).toBe('dlg')
    const p = (token as Delegation).payload
    expect(p).toMatchObject({ iss: alice.signer.did(), aud: bob.signer.did(), sub: alice.signer.did(), cmd: '/storage' })
    expect(p.pol).toEqual([
      pathScopeStatement('/photos'),
      sizeCeilingStatement(10_000_000),
      capStatement({ bytes: 2 ** 30, uses: 500 }),
    ])
    expect(p.pol[0]).toEqual(['or', [['==', '.path', '/photos'], ['like', '.path', '/photos/*']]])
    expect(p.pol[2]).toEqual(['==', '.', ['capchain/cap@1', { bytes: 1_073_741_824, uses: 500 }]])
    expect(Math.abs(p.exp! - (now() + 7 * 86_400))).toBeLessThan(30)
  })

  it('states a periodic cap with --cap-period: 1 GB per UTC day', async () => {
    const { code, stdout } = await runCli(['delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/storage', '--max-bytes', '1GB', '--cap-period', '1d'])
    expect(code).toBe(0)
    const [token] = containerTokens(stdout) as Delegation[]
    expect(token!.payload.pol).toEqual([['==', '.', ['capchain/cap@1', { bytes: 1_000_000_000, period: 86_400 }]]])
  })

  it('re-delegates with --proof: the subject is the chain\'s, the output holds the whole chain, and it verifies', async () => {
    const { code, stdout, stderr } = await runCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage/read', '--expires', '1d', '--proof', rootFile])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const tokens = containerTokens(stdout) as Delegation[]
    expect(tokens).toHaveLength(2)
    const leaf = tokens.find((t) => t.payload.iss === bob.signer.did())!
    expect(leaf.payload).toMatchObject({ aud: carol.signer.did(), sub: alice.signer.did(), cmd: '/storage/read', pol: [] })
    const result = await verifyDelegation(tokens, { audience: carol.signer.did() })
    expect(result.ok).toBe(true)
  })

  it('notes on stderr when the new delegation outlives its proofs', async () => {
    const { code, stderr } = await runCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage', '--expires', 'never', '--proof', rootFile, '--out', join(dir, 'long.ctn')])
    expect(code).toBe(0)
    expect(stderr).toMatch(/^note: the proofs expire at \d+ \(.+\); this delegation is usable until then only\n$/)
  })

  it('reads the proof from stdin, writes --out and prints the CID; --json summarises', async () => {
    const out = join(dir, 'carol.ctn')
    const { code, stdout } = spawnCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage/read', '--expires', '1d', '--proof', '-', '--out', out, '--json'], { input: root.stdout })
    expect(code).toBe(0)
    const summary = JSON.parse(stdout) as Record<string, unknown>
    const written = containerTokens(readFileSync(out, 'utf8'))
    expect(written.map((t) => t.cid.toString()).sort()).toEqual((summary.chain as string[]).slice().sort())
    expect(summary).toMatchObject({ ok: true, issuer: bob.signer.did(), audience: carol.signer.did(), subject: alice.signer.did(), command: '/storage/read', policy: [], out })
    expect((summary.chain as string[]).at(-1)).toBe(summary.cid)
    const plain = await runCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage/read', '--expires', '1d', '--proof', rootFile, '--out', out])
    expect(plain.stdout).toMatch(/^bafy\w+\n$/)
  })

  it('takes time bounds as ISO dates and Unix seconds, and --policy as DAG-JSON', async () => {
    const { code, stdout } = await runCli([
      'delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/storage/write',
      '--not-before', '2030-01-01', '--expires', '2040-01-01T00:00:00Z', '--policy', '[["==", ".op", "put"]]', '--format', 'base64url',
    ])
    expect(code).toBe(0)
    const { payload } = containerTokens(encodeContainerString([Buffer.from(stdout.trim(), 'base64url')]))[0] as Delegation
    expect(payload).toMatchObject({ nbf: 1_893_456_000, exp: 2_208_988_800, pol: [['==', '.op', 'put']] })
  })

  it('issues a powerline (sub: null) without proofs, and never-expiring tokens', async () => {
    const { code, stdout } = await runCli(['delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/', '--powerline', '--expires', 'never'])
    expect(code).toBe(0)
    expect((containerTokens(stdout)[0] as Delegation).payload).toMatchObject({ sub: null, exp: null })
  })

  it('grants storage operations with --ops: two of them through a one-time relay key, one cap for both', async () => {
    const { code, stdout } = await runCli([
      'delegate', '--key', bob.file, '--to', carol.signer.did(), '--ops', 'read,list', '--path', '/photos/2024',
      '--max-uses', '100', '--expires', '1d', '--proof', rootFile, '--json',
    ])
    expect(code).toBe(0)
    const summary = JSON.parse(stdout) as { cid: string; command: string; delegations: string[]; token: string }
    expect(summary.command).toBe('/storage')
    expect(summary.delegations).toHaveLength(3)
    const tokens = containerTokens(summary.token) as Delegation[]
    expect(tokens).toHaveLength(4)
    const head = tokens.find((t) => t.cid.toString() === summary.cid)!
    expect(head.payload.pol).toEqual([pathScopeStatement('/photos/2024'), capStatement({ uses: 100 })])
    const perOp = tokens.filter((t) => t.payload.iss === head.payload.aud)
    expect(perOp.map((t) => [t.payload.aud, t.payload.cmd]).sort()).toEqual([
      [carol.signer.did(), '/storage/list'],
      [carol.signer.did(), '/storage/read'],
    ])
    const tree = spawnCli(['inspect', '-'], { input: summary.token }).stdout
    expect(tree.split('\n').filter((line) => /Delegation bafy/.test(line)).map((line) => line.replace(/bafy\w+/, 'CID'))).toEqual([
      'Delegation CID (root)',
      '└─ Delegation CID',
      '   ├─ Delegation CID',
      '   └─ Delegation CID',
    ])
  })

  it('writes raw DAG-CBOR with --format raw --out', async () => {
    const out = join(dir, 'raw.ucan')
    expect((await runCli(['delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/x', '--format', 'raw', '--out', out])).code).toBe(0)
    expect(readFileSync(out)[0]).toBe(0x82)
  })
})

describe('capchain delegate: refusals (exit 1)', () => {
  it('refuses when the proofs are addressed to someone else', async () => {
    const { code, stdout, stderr } = await runCli(['delegate', '--key', carol.file, '--to', bob.signer.did(), '--cmd', '/storage/read', '--proof', rootFile])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('refused: the proofs do not authorize this delegation (the new delegation is chain[1])')
    expect(stderr).toContain('ERR_PRINCIPAL_MISALIGNED')
  })

  it('refuses a command the proofs do not cover', async () => {
    const { code, stdout } = await runCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storagex', '--proof', rootFile, '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'ERR_COMMAND_ESCALATION', at: 'chain[1]' } })
  })

  it('refuses an expired proof', async () => {
    const expired = await createDelegation({ issuer: alice.signer, audience: bob.signer.did(), subject: alice.signer.did(), command: '/storage', expiration: now() - 3600 })
    writeFileSync(join(dir, 'expired.ucan'), expired.bytes)
    const { code, stdout } = await runCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage', '--proof', join(dir, 'expired.ucan'), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'ERR_EXPIRED', cid: expired.cid.toString() })
  })

  it('refuses a cap beyond the cap of a proof', async () => {
    const { code, stderr } = await runCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage/read', '--max-uses', '501', '--proof', rootFile])
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_CAP_GRANT_EXCEEDED: cannot grant 501 uses')
  })

  it('refuses a storage grant the proofs do not cover', async () => {
    const narrow = await runCli(['delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/storage/read', '--expires', '1h'])
    const { code, stdout } = spawnCli(['delegate', '--key', bob.file, '--to', carol.signer.did(), '--ops', 'read,write', '--proof', '-', '--json'], { input: narrow.stdout })
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error.code).toBe('ERR_GRANT_INVALID')
  })

  it('refuses another subject without proofs', async () => {
    const { code, stderr } = await runCli(['delegate', '--key', alice.file, '--to', bob.signer.did(), '--cmd', '/x', '--sub', carol.signer.did()])
    expect(code).toBe(1)
    expect(stderr).toContain('ERR_ROOT_NOT_SUBJECT')
  })
})

describe('capchain delegate: bad input', () => {
  const base = () => ['delegate', '--key', bob.file, '--to', carol.signer.did(), '--cmd', '/storage/read']

  it('exits 1 on a truncated proof', async () => {
    writeFileSync(join(dir, 'truncated.ucan'), Buffer.from(root.stdout.trim()).subarray(0, 60))
    const { code, stderr } = await runCli([...base(), '--proof', join(dir, 'truncated.ucan')])
    expect(code).toBe(1)
    expect(stderr).toContain("ERR_CONTAINER_MALFORMED")
  })

  it('exits 2 on a missing proof file, and on a token given as --key', async () => {
    const missing = await runCli([...base(), '--proof', join(dir, 'nope.ctn')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`ERR_FILE_NOT_FOUND: ${join(dir, 'nope.ctn')} does not exist`)
    const wrong = await runCli(['delegate', '--key', rootFile, '--to', carol.signer.did(), '--cmd', '/x'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('is not a usable capchain key file')
  })

  it.each([
    [['--max-size', '12XB'], '--max-size: "12XB" is not a size'],
    [['--expires', '1000'], '--expires: "1000" is not in the future'],
    [['--path', 'photos'], '--path: "photos" is not a storage path'],
    [['--path', '/photos/../etc'], '--path: "/photos/../etc" is not a storage path'],
    [['--max-uses', 'lots'], '--max-uses: "lots" is not a count'],
    [['--cap-period', '1d'], '--cap-period: "1d" is not given with --max-bytes or --max-uses'],
    [['--max-bytes', '1GB', '--cap-period', 'daily'], '--cap-period: "daily" is not a duration'],
    [['--max-bytes', '1GB', '--cap-period', '0s'], '--cap-period: "0s" is not a duration longer than 0'],
    [['--policy', '[["match", ".a", 1]]'], 'unknown operator "match"'],
    [['--policy', '{"a": 1}'], 'is not a list of policy statements'],
    [['--cmd', '/Storage'], 'must be lowercase'],
    [['--to', 'bob'], '--to: "bob" is not a DID'],
    [['--powerline', '--sub', 'did:key:z6Mkx'], "option '--sub <did>' cannot be used with option '--powerline'"],
    [['--max-files', '3'], "unknown option '--max-files'"],
  ])('exits 2 on %j', async (extra, message) => {
    const { code, stdout, stderr } = await runCli([...base(), ...extra])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain(message)
  })

  it.each([
    [['--ops', 'read,copy'], '--ops: "read,copy" is not a comma-separated list of storage operations'],
    [['--ops', 'read', '--cmd', '/storage'], "option '--ops <ops>' cannot be used with option '--cmd <command>'"],
    [['--ops', 'read,list', '--format', 'base64url'], '--format base64url writes one token, and 3 were issued'],
    [[], 'give --cmd COMMAND, or --ops for a storage grant'],
  ])('exits 2 on %j for a storage grant', async (extra, message) => {
    const { code, stderr } = await runCli(['delegate', '--key', alice.file, '--to', carol.signer.did(), ...extra])
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })

  it('exits 2 without the required options', async () => {
    const { code, stderr } = await runCli(['delegate', '--key', bob.file])
    expect(code).toBe(2)
    expect(stderr).toContain("required option '--to <did>'")
  })

  it('has --help with an example', async () => {
    const { code, stdout } = await runCli(['delegate', '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Example:')
    expect(stdout).toContain('--max-size')
  })
})
