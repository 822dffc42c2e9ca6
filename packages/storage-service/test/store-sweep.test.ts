/** The service's periodic store sweep: `StateStore.sweep` at the service's time with its clock skew as margin, and its interval option. */
import { createMemoryStore } from '@capchain/store'
import type { CapCharge, StateStore, SweepOptions, SweepResult } from '@capchain/store'
import { DEFAULT_CLOCK_SKEW } from '@capchain/verifier'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startStorageService } from '../src/index.js'
import { startTestService } from './support/service.js'

const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }
const NOW = 1_000_000

/** A memory store whose sweeps are reported once one removed something: a real store, watched. */
function watchedStore(): { store: StateStore; swept: Promise<{ options: SweepOptions; result: SweepResult }> } {
  const memory = createMemoryStore()
  let report: (sweep: { options: SweepOptions; result: SweepResult }) => void = () => undefined
  const swept = new Promise<{ options: SweepOptions; result: SweepResult }>((resolve) => {
    report = resolve
  })
  const sweep = async (options: SweepOptions) => {
    const result = await memory.sweep!(options)
    if (result.settled > 0) report({ options, result })
    return result
  }
  return { store: { ...memory, sweep }, swept }
}

describe('storage service sweep', () => {
  it('sweeps its store on its interval, at its own time with its clock skew as margin, keeping open reservations', async () => {
    const { store, swept } = watchedStore()
    for (const id of ['inv-done', 'inv-open']) expect(await store.ledger.reserve({ id, caps: [cap], bytes: 0, uses: 1, at: 1 })).toEqual({ ok: true })
    await store.ledger.commit('inv-done')
    const service = await startTestService({ store, sweepIntervalMs: 1, now: () => NOW })
    try {
      expect(await swept).toEqual({ options: { now: NOW, margin: DEFAULT_CLOCK_SKEW }, result: { replay: 0, settled: 1, windows: 0 } })
      await store.ledger.commit('inv-open')
      expect(await store.ledger.reserve({ id: 'inv-done', caps: [cap], bytes: 0, uses: 1, at: NOW })).toEqual({ ok: true })
    } finally {
      await service.stop()
      await store.close()
    }
  })

  it('runs with no sweep at all, and refuses an interval that is not a positive integer', async () => {
    const service = await startTestService({ sweepIntervalMs: false })
    await service.stop()
    // Refused before anything is made: the directory is never created.
    for (const sweepIntervalMs of [0, -1, 1.5]) {
      await expect(startStorageService({ dataDir: join(tmpdir(), 'capchain-never-made'), sweepIntervalMs })).rejects.toThrow(
        /sweepIntervalMs must be a positive integer/,
      )
    }
  })
})
