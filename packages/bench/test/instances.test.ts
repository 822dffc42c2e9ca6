/**
 * The instances bench (src/instances.ts) on a handful of requests: two
 * instances on PostgreSQL (the new path) and one PostgreSQL instance, then
 * authorization off, every phase valid (only 200s with the file, no
 * invocation sent twice), each ratio against the baseline and the
 * one-instance overhead in raw verifies computed from the run's own
 * figures. SQLite's phase is the service bench's. No timing is asserted.
 */
import { expect, it } from 'vitest'
import { runInstancesBench } from '../src/instances.js'
import { overheadOf } from '../src/overhead.js'

it('measures PostgreSQL with two instances and one, and authorization off, all valid', async () => {
  const report = await runInstancesBench({
    // The least load that runs a phase: no warm-ups (load-phase.test.ts runs them), a timed run of a few requests.
    // This tests the bench, it measures nothing.
    seconds: 0.1,
    warmupRequests: 0,
    warmupSeconds: 0,
    timedRequests: 40,
    connections: 2,
    poolSize: 2,
    setups: ['postgres×2', 'postgres', 'off'],
    floor: { rounds: 1, batchMs: 5, warmupMs: 5 },
  })
  expect(report.phases.map((phase) => `${phase.setup}/${phase.instances}`)).toEqual(['postgres×2/2', 'postgres/1', 'off/1'])
  for (const phase of report.phases) {
    expect(phase.valid, phase.setup).toBe(true)
    for (const run of phase.phases) expect(Object.keys(run.statusCodes)).toEqual(['200'])
  }
  expect(report.valid).toBe(true)
  const off = report.phases[2]!.requestsPerSecond
  for (const phase of report.phases) expect(phase.ratio).toBeCloseTo(phase.requestsPerSecond / off, 2)
  expect(report.phases[1]!.overhead).toEqual(overheadOf(report.phases[1]!.requestsPerSecond, off, report.verifyUs))
  expect(report.phases[0]!.overhead).toBeUndefined()
  expect(report.phases[0]!.latencyMs).toHaveLength(2)
  expect(report.caveat).toContain('contention, not capacity')
}, 180_000)

it('refuses setups that start with the baseline or lack it', async () => {
  const options = { seconds: 0.1, warmupRequests: 1, warmupSeconds: 0.1, connections: 1, poolSize: 1, floor: { rounds: 1, batchMs: 1, warmupMs: 1 } }
  await expect(runInstancesBench({ ...options, setups: ['off', 'postgres'] })).rejects.toThrow('authorized setup first')
  await expect(runInstancesBench({ ...options, setups: ['postgres'] })).rejects.toThrow('off among its setups')
})
