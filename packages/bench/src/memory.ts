/**
 * `pnpm bench --memory`: is memory bounded over a long run?
 *
 * 1. Warm: 1,000,000 verifications (default) of new depth-5 invocations over
 *    16 chains seen before, by one verifier (the cache then holds 80 proofs).
 *    Every invocation is new (minted as the run goes, 1000 at a time), so an
 *    accidental per-invocation cache would show as growth.
 * 2. Churn: 20,000 verifications over 4,000 new depth-3 chains (12,000
 *    proofs, more than `SIGNATURE_CACHE_SIZE`), so the cache fills and evicts.
 *
 * RSS, heap (after a full collection) and the verifier's cache size are
 * recorded at checkpoints.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createVerifier, SIGNATURE_CACHE_SIZE } from '@capchain/verifier'
import type { ChainVerifier } from '@capchain/verifier'
import { buildChain, invoke, principals } from './ucan1.js'
import type { Ucan1Chain } from './ucan1.js'

export interface Checkpoint {
  readonly phase: 'warm' | 'churn'
  readonly verifications: number
  readonly rssMB: number
  readonly heapUsedMB: number
  readonly externalMB: number
  readonly cacheEntries: number
  /** Mean verification time since the previous checkpoint (minting excluded). */
  readonly meanUs: number
}

export interface MemoryReport {
  readonly benchmark: 'capchain memory over long runs'
  readonly date: string
  readonly node: string
  readonly warmVerifications: number
  readonly cacheSize: number
  readonly checkpoints: readonly Checkpoint[]
  /** Live heap (after a full collection) growth from the first to the last warm checkpoint. */
  readonly warmHeapGrowthMB: number
  /** Lowest and highest RSS at the warm checkpoints after the first batch (the allocator keeps freed pages for a while). */
  readonly warmRssRangeMB: readonly [number, number]
  /** Highest RSS at any checkpoint, churn included. */
  readonly maxRssMB: number
  readonly text: string
}

/** A full collection, for heap figures that hold only what is live (`--expose-gc` turned on at run time). */
function collector(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

const mb = (bytes: number) => Number((bytes / 1048576).toFixed(1))

async function verifyAll(verifier: ChainVerifier, invocations: readonly Uint8Array[], chain: Ucan1Chain): Promise<number> {
  const start = process.hrtime.bigint()
  for (const invocation of invocations) {
    const result = await verifier.verifyInvocation(invocation, { proofs: chain.proofs, audience: chain.service })
    if (!result.ok) throw result.error
  }
  return Number(process.hrtime.bigint() - start) / 1000
}

export async function runMemory(verifications: number, progress: (m: string) => void): Promise<MemoryReport> {
  const gc = collector()
  const checkpoints: Checkpoint[] = []
  const snapshot = (phase: Checkpoint['phase'], done: number, verifier: ChainVerifier, meanUs: number) => {
    gc()
    const m = process.memoryUsage()
    const checkpoint = {
      phase,
      verifications: done,
      rssMB: mb(m.rss),
      heapUsedMB: mb(m.heapUsed),
      externalMB: mb(m.external),
      cacheEntries: verifier.cacheSize,
      meanUs: Number(meanUs.toFixed(1)),
    }
    checkpoints.push(checkpoint)
    progress(`  ${phase} ${done}: rss ${checkpoint.rssMB} MB, heap ${checkpoint.heapUsedMB} MB, cache ${checkpoint.cacheEntries}, ${checkpoint.meanUs} µs/verification`)
  }

  // 1. Warm.
  const p = principals(5)
  const chains = await Promise.all(Array.from({ length: 16 }, () => buildChain(p, 5)))
  const verifier = createVerifier()
  for (const chain of chains) await verifyAll(verifier, [(await invoke(chain, 0)).bytes], chain)
  snapshot('warm', 0, verifier, 0)
  const every = Math.max(1000, Math.round(verifications / 10 / 1000) * 1000)
  let done = 0
  let spentUs = 0
  let sinceCheckpoint = 0
  while (done < verifications) {
    const chain = chains[(done / 1000) % chains.length]!
    const count = Math.min(1000, verifications - done)
    const invocations = await Promise.all(Array.from({ length: count }, (_, i) => invoke(chain, done + i).then((inv) => inv.bytes)))
    spentUs += await verifyAll(verifier, invocations, chain)
    done += count
    sinceCheckpoint += count
    if (done % every === 0 || done === verifications) {
      snapshot('warm', done, verifier, spentUs / sinceCheckpoint)
      spentUs = 0
      sinceCheckpoint = 0
    }
  }

  // 2. Churn: more proofs than the cache holds.
  const churnChains = await Promise.all(Array.from({ length: 4000 }, () => buildChain(p, 3)))
  const churn = createVerifier()
  let churned = 0
  spentUs = 0
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < churnChains.length; i += 500) {
      const slice = churnChains.slice(i, i + 500)
      const minted = await Promise.all(slice.map((chain, j) => invoke(chain, round * 4000 + i + j)))
      for (const [j, chain] of slice.entries()) spentUs += await verifyAll(churn, [minted[j]!.bytes], chain)
      churned += slice.length
    }
    snapshot('churn', churned, churn, spentUs / 4000)
    spentUs = 0
  }

  const warm = checkpoints.filter((c) => c.phase === 'warm')
  const heapGrowth = Number((warm[warm.length - 1]!.heapUsedMB - warm[0]!.heapUsedMB).toFixed(1))
  const rss = warm.slice(1).map((c) => c.rssMB)
  const rssRange = [Math.min(...rss), Math.max(...rss)] as const
  const maxRss = Math.max(...checkpoints.map((c) => c.rssMB))
  const lines = [
    `capchain memory — node ${process.version}, ${new Date().toISOString()}`,
    `warm: ${verifications} verifications of new depth-5 invocations over 16 chains seen before; churn: 20,000 over 4,000 new depth-3 chains (12,000 proofs; cache size ${SIGNATURE_CACHE_SIZE})`,
    '',
    'phase  verifications  rss MB  heap MB (after gc)  external MB  cache entries  µs/verification',
    ...checkpoints.map(
      (c) =>
        `${c.phase.padEnd(5)}  ${String(c.verifications).padStart(13)}  ${c.rssMB.toFixed(1).padStart(6)}  ${c.heapUsedMB.toFixed(1).padStart(18)}  ${c.externalMB.toFixed(1).padStart(11)}  ${String(c.cacheEntries).padStart(13)}  ${c.meanUs.toFixed(1).padStart(15)}`,
    ),
    '',
    `warm run: live heap ${warm[0]!.heapUsedMB} → ${warm[warm.length - 1]!.heapUsedMB} MB (growth ${heapGrowth} MB); RSS between ${rssRange[0]} and ${rssRange[1]} MB with no trend; cache ${warm[warm.length - 1]!.cacheEntries} entries`,
    `churn: cache at most ${Math.max(...checkpoints.filter((c) => c.phase === 'churn').map((c) => c.cacheEntries))} entries (bound ${SIGNATURE_CACHE_SIZE}); highest RSS ${maxRss} MB (the churn phase also holds its 4,000 chains)`,
  ]
  return {
    benchmark: 'capchain memory over long runs',
    date: new Date().toISOString(),
    node: process.version,
    warmVerifications: verifications,
    cacheSize: SIGNATURE_CACHE_SIZE,
    checkpoints,
    warmHeapGrowthMB: heapGrowth,
    warmRssRangeMB: rssRange,
    maxRssMB: maxRss,
    text: lines.join('\n'),
  }
}
