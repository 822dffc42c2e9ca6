/**
 * The bench must never measure failures: every chain it builds verifies,
 * in every implementation, on every path it measures.
 */
import { createVerifier } from '@capchain/verifier'
import { verify as nodeVerify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isoChain, isoVerifyCold, isoVerifyWarm } from '../src/iso-ucan.js'
import { buildChain, chainSignatures, invoke, principals } from '../src/ucan1.js'
import { ucantoArchive, ucantoChain, ucantoInvocation, ucantoPrincipals, ucantoVerifyCold, ucantoVerifyWarm } from '../src/ucanto.js'
import { buildSiweChain, recover, siweCheck, siweInvoke, siweKeys, siweVerifier } from '../src/siwe.js'
import { isoStored } from '../src/iso-ucan.js'

describe('bench chains verify in all three implementations', () => {
  for (const depth of [1, 3, 5, 10]) {
    it(`depth ${depth}`, async () => {
      const p = principals(depth)
      const chain = await buildChain(p, depth)
      const invocation = await invoke(chain, 1)

      // capchain: cold (new verifier), then warm (proofs cached, a new invocation)
      const verifier = createVerifier()
      const cold = await verifier.verifyInvocation(invocation.bytes, { proofs: chain.proofs, audience: chain.service })
      expect(cold.ok).toBe(true)
      expect(verifier.cacheSize).toBe(depth)
      const warm = await verifier.verifyInvocation((await invoke(chain, 2)).bytes, { proofs: chain.proofs, audience: chain.service })
      expect(warm.ok).toBe(true)

      // iso-ucan, on the same bytes
      const iso = await isoChain(chain)
      await expect(isoVerifyCold(invocation.bytes, iso)).resolves.toBeDefined()
      const isoResult = await isoVerifyWarm(invocation.bytes, iso)
      expect(isoResult.delegations.map((d) => d.cid.toString())).toEqual(chain.delegations.map((d) => d.cid.toString()))

      // ucanto, on an equivalent chain with the same keys
      const up = await ucantoPrincipals(depth)
      expect(up.keys.map((k) => k.did())).toEqual(p.keys.map((k) => k.did()))
      const uchain = await ucantoChain(up, depth, chain.expiration)
      const uinvocation = await ucantoInvocation(uchain, 1)
      const ucold = await ucantoVerifyCold(await ucantoArchive(uinvocation), uchain)
      expect(ucold.error).toBeUndefined()
      expect(ucold.ok.proofs).toHaveLength(1)
      const uwarm = await ucantoVerifyWarm(uinvocation.root, uchain)
      expect(uwarm.error).toBeUndefined()

      // the floor: every raw signature verifies
      for (const s of chainSignatures(p, chain, invocation)) expect(nodeVerify(null, s.message, s.key, s.signature)).toBe(true)
    })
  }

  it('the SIWE-rooted depth-3 chain verifies, cold and warm, and its floor recovers the wallet key', async () => {
    const k = siweKeys()
    const chain = await buildSiweChain(k)
    const verifier = siweVerifier()
    await siweCheck(verifier, (await siweInvoke(k, chain, 1)).bytes, chain, k.service.did())
    await siweCheck(verifier, (await siweInvoke(k, chain, 2)).bytes, chain, k.service.did())
    expect(verifier.cacheSize).toBe(2) // the two UCAN delegations; the SIWE root is never cached
    expect(() => recover(chain)).not.toThrow()
    for (const s of chain.delegationSignatures) expect(nodeVerify(null, s.message, s.key, s.signature)).toBe(true)
  })

  it("stores proofs for iso-ucan's cold path as iso-ucan's own Store does (base64 by CID)", async () => {
    const p = principals(3)
    const chain = await buildChain(p, 3)
    const iso = await isoChain(chain)
    expect(isoStored(chain).stored).toEqual(iso.stored)
  })

  it('the peers deny what capchain denies, so success is not vacuous', async () => {
    const p = principals(3)
    const chain = await buildChain(p, 3)
    const invocation = await invoke(chain, 1)
    const tampered = invocation.bytes.slice()
    tampered[10] = tampered[10]! ^ 1 // inside the signature
    const result = await createVerifier().verifyInvocation(tampered, { proofs: chain.proofs, audience: chain.service })
    expect(result.ok).toBe(false)
    const iso = await isoChain(chain)
    await expect(isoVerifyWarm(tampered, iso)).rejects.toThrow()

    const up = await ucantoPrincipals(3)
    const uchain = await ucantoChain(up, 3, chain.expiration)
    const uinvocation = await ucantoInvocation(uchain, 1)
    const bytes = uinvocation.root.bytes.slice()
    bytes[bytes.length - 5] ^= 1 // inside the signature
    const denied = await ucantoVerifyWarm({ cid: uinvocation.root.cid, bytes }, uchain)
    expect(denied.error).toBeDefined()
  })
})
