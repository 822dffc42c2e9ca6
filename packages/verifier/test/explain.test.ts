import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, explain, verifyDelegation } from '../src/index.js'
import { delegate, invoke, NOW, principals, standardChain } from './fixtures.js'
import type { Principals } from './fixtures.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

describe('explain', () => {
  it('draws an authorized chain root first, one node per link', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const text = explain(await createVerifier().verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    const lines = text.split('\n')
    expect(lines[0]).toBe(`✔ authorized: ${p.bob.did()} may run /storage/write on ${p.space.did()} (2 delegations)`)
    expect(lines[1]).toBe(`prf[0] ${root.cid}`)
    expect(text).toContain(`│ ${p.space.did()} → ${p.alice.did()}`)
    expect(text).toContain(`└─ prf[1] ${mid.cid}`)
    expect(text).toContain('pol [["<=", ".size", 1024]]')
    expect(text).toContain(`   └─ invocation ${invocation.cid}`)
    expect(text).toContain('exp 2027-01-15T08:05:00.000Z')
    expect(text).not.toContain('✘')
  })

  it('marks the failing link', async () => {
    const root = await delegate(p.space, p.alice, p.space.did())
    const mid = await delegate(p.alice, p.bob, p.space.did(), { expiration: NOW - 3600 })
    const invocation = await invoke(p.bob, { subject: p.space.did(), proofs: [root, mid] })
    const text = explain(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes, mid.bytes], now: NOW }))
    expect(text.split('\n')[0]).toMatch(/^✘ denied \[ERR_EXPIRED → Expired\]: prf\[1\] \(bafy\w+\) expired at /)
    expect(text).toContain(`└─ prf[1] ${mid.cid}   ✘ ERR_EXPIRED`)
    expect(text.match(/✘/g)).toHaveLength(2)
  })

  it('names a failure outside the drawn links, such as a missing proof', async () => {
    const { root, mid, invocation } = await standardChain(p)
    const text = explain(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }))
    expect(text).toContain(`✘ prf[1] ${mid.cid} (not among the links above)`)
  })

  it('draws a delegation chain', async () => {
    const { root, mid } = await standardChain(p)
    const text = explain(await verifyDelegation([mid.bytes, root.bytes], { now: NOW }))
    expect(text.split('\n')[0]).toBe(`✔ authorized: ${p.bob.did()} holds /storage/write on ${p.space.did()} (2 delegations)`)
    expect(text.split('\n')[1]).toBe(`chain[1] ${root.cid}`)
  })
})
