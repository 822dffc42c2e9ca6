/**
 * What is measured, per delegation depth, on identical chains:
 *
 * - `floor.one`: one raw `node:crypto` Ed25519 verify (an invocation's signature);
 * - `floor.sum`: raw verifies of every signature of a chain and its invocation (depth + 1);
 * - `capchain.cold` / `capchain.warm`: `verifyInvocation` on tokens never seen
 *   (a new chain and invocation every operation, one long-lived verifier, as
 *   in a service) / on a chain seen before (a new invocation every operation);
 * - `iso.cold` / `iso.warm`: iso-ucan `Invocation.from` on the same bytes;
 * - `ucanto.cold` / `ucanto.warm`: ucanto `access` on the equivalent 0.9 chain.
 *
 * Every operation checks its outcome and throws on a denial: a failure is
 * never measured as a fast success.
 */
import { verify as nodeVerify } from 'node:crypto'
import { sha256 } from '@capchain/core'
import { verifierFromDid } from '@capchain/core/principal'
import { decodeToken } from '@capchain/core/token'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier } from '@capchain/verifier'
import { generateKeyPairSync } from 'node:crypto'
import { didKeyFromPublicKey } from '@capchain/core/principal'
import { isoChain, isoStored, isoVerifyCold, isoVerifyWarm } from './iso-ucan.js'
import type { BenchCase } from './measure.js'
import { buildChain, chainSignatures, invoke, rawSignature } from './ucan1.js'
import type { Principals, RawSignature, Ucan1Chain } from './ucan1.js'
import { ucantoArchive, ucantoChain, ucantoInvocation, ucantoVerifyCold, ucantoVerifyWarm } from './ucanto.js'
import type { UcantoPrincipals } from './ucanto.js'

export const CASES = ['floor.one', 'floor.sum', 'capchain.cold', 'capchain.warm', 'iso.cold', 'iso.warm', 'ucanto.cold', 'ucanto.warm'] as const
export type CaseName = (typeof CASES)[number]

/** Pools of material reused by stateless implementations (see each case). */
const FLOOR_POOL = 256
const UCANTO_POOL = 16

function rawVerify(s: RawSignature): void {
  if (!nodeVerify(null, s.message, s.key, s.signature)) throw new Error('raw signature did not verify')
}

async function capchainCheck(verifier: ChainVerifier, invocation: Uint8Array, chain: Pick<Ucan1Chain, 'proofs' | 'service'>): Promise<void> {
  const result = await verifier.verifyInvocation(invocation, { proofs: chain.proofs, audience: chain.service })
  if (!result.ok) throw result.error
}

/** Items made ahead (untimed), each consumed by exactly one operation. */
function batchOf<T>(make: (k: number) => Promise<T>) {
  let items: (T | undefined)[] = []
  let cursor = 0
  let made = 0
  return {
    async fill(count: number) {
      items = []
      for (let i = 0; i < count; i += 256) {
        items.push(...(await Promise.all(Array.from({ length: Math.min(256, count - i) }, () => make(made++)))))
      }
      cursor = 0
    },
    next(): T {
      const item = items[cursor]
      if (item === undefined) throw new Error('bench bug: no item prepared for this operation')
      items[cursor++] = undefined // used once; let it go
      return item
    },
  }
}

let coldVerifier: ChainVerifier | undefined

/**
 * capchain and its floors at `depth`, on `chain` (which the peers then verify
 * too: the same bytes for iso-ucan).
 */
export async function capchainCases(depth: number, p: Principals, chain: Ucan1Chain): Promise<BenchCase[]> {
  const id = (name: CaseName) => `d${depth}.${name}`

  // The floor: raw node:crypto verifies of the same kind of tokens (no cache in OpenSSL: a pool is as good as new).
  const floorInvocations = await Promise.all(Array.from({ length: FLOOR_POOL }, (_, i) => invoke(chain, i)))
  const oneSignature = floorInvocations.map((inv) => rawSignature(p, inv, depth))
  const floorChains = await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      const c = await buildChain(p, depth)
      return chainSignatures(p, c, await invoke(c, i))
    }),
  )

  const warmVerifier = createVerifier()
  await capchainCheck(warmVerifier, (await invoke(chain, -1)).bytes, chain)
  const warmInvocations = batchOf(async (k) => (await invoke(chain, k)).bytes)
  // One verifier for every depth's cold case, as one service would have: its
  // cache fills up to its bound with never-seen proofs and evicts.
  coldVerifier ??= createVerifier()
  const cold = coldVerifier
  // Only bytes are kept for the rounds ahead: a large live heap of decoded tokens would slow every collection.
  const newChains = batchOf(async (k) => {
    const c = await buildChain(p, depth)
    return { chain: { proofs: c.proofs, service: c.service }, invocation: (await invoke(c, k)).bytes }
  })

  return [
    { id: id('floor.one'), group: 'capchain', run: (n) => rawVerify(oneSignature[n % FLOOR_POOL]!) },
    {
      id: id('floor.sum'),
      group: 'capchain',
      run: (n) => {
        for (const s of floorChains[n % floorChains.length]!) rawVerify(s)
      },
    },
    {
      id: id('capchain.cold'),
      group: 'capchain',
      prepare: (count) => newChains.fill(count),
      run: () => {
        const item = newChains.next()
        return capchainCheck(cold, item.invocation, item.chain)
      },
    },
    {
      id: id('capchain.warm'),
      group: 'capchain',
      prepare: (count) => warmInvocations.fill(count),
      run: () => capchainCheck(warmVerifier, warmInvocations.next(), chain),
    },
  ]
}

/** iso-ucan and ucanto at `depth`: iso-ucan on `chain` itself, ucanto on its equivalent. */
export async function peerCases(depth: number, p: Principals, up: UcantoPrincipals, chain: Ucan1Chain): Promise<BenchCase[]> {
  const id = (name: CaseName) => `d${depth}.${name}`

  // iso-ucan, on the same bytes.
  const iso = await isoChain(chain)
  const isoWarmInvocations = batchOf(async (k) => (await invoke(chain, k)).bytes)
  const isoNewChains = batchOf(async (k) => {
    const c = await buildChain(p, depth)
    return { store: isoStored(c), invocation: (await invoke(c, k)).bytes }
  })

  // ucanto: nothing is cached across calls but its per-block decode memo, which a new block never hits; a pool is as good as new.
  const uchain = await ucantoChain(up, depth, chain.expiration)
  const uinvocations = await Promise.all(Array.from({ length: UCANTO_POOL }, (_, i) => ucantoInvocation(uchain, i)))
  const uarchives = await Promise.all(uinvocations.map((inv) => ucantoArchive(inv)))
  const ucheck = (result: { error?: unknown }) => {
    if (result.error !== undefined) throw result.error
  }

  return [
    {
      id: id('iso.cold'),
      group: 'iso-ucan',
      prepare: (count) => isoNewChains.fill(count),
      run: () => {
        const item = isoNewChains.next()
        return isoVerifyCold(item.invocation, item.store)
      },
    },
    {
      id: id('iso.warm'),
      group: 'iso-ucan',
      prepare: (count) => isoWarmInvocations.fill(count),
      run: () => isoVerifyWarm(isoWarmInvocations.next(), iso),
    },
    { id: id('ucanto.cold'), group: 'ucanto', run: async (n) => ucheck(await ucantoVerifyCold(uarchives[n % UCANTO_POOL]!, uchain)) },
    { id: id('ucanto.warm'), group: 'ucanto', run: async (n) => ucheck(await ucantoVerifyWarm(uinvocations[n % UCANTO_POOL]!.root, uchain)) },
  ]
}

/** Figures that explain the others (not compared with peers). */
export async function infoCases(p: Principals): Promise<BenchCase[]> {
  const chain = await buildChain(p, 5)
  const invocations = await Promise.all(Array.from({ length: FLOOR_POOL }, (_, i) => invoke(chain, i)))
  const key = verifierFromDid(p.keys[5]!.did())
  const newKeys = batchOf(async () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    return didKeyFromPublicKey('Ed25519', new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)))
  })
  return [
    {
      id: 'info.core-ed25519-verify',
      group: 'context',
      run: async (n) => {
        const { envelope } = invocations[n % FLOOR_POOL]!
        if (!(await key.verify(envelope.signedBytes, envelope.signature))) throw new Error('did not verify')
      },
    },
    { id: 'info.decode-invocation-d5', group: 'context', run: (n) => decodeToken(invocations[n % FLOOR_POOL]!.bytes) },
    {
      id: 'info.hash-proofs-d5',
      group: 'context',
      run: () => {
        for (const proof of chain.proofs) sha256(proof)
      },
    },
    { id: 'info.new-did-key', group: 'context', prepare: (count) => newKeys.fill(count), run: () => verifierFromDid(newKeys.next()) },
  ]
}
