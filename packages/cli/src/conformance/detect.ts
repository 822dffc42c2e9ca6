import type { FixtureKind } from './interface.js'

/** Which ucan-wg/spec 1.0.0 fixture format a parsed file is, by its shape; `undefined` if none. */
export function detectFixtureKind(fixture: unknown): FixtureKind | undefined {
  if (fixture === null || typeof fixture !== 'object') return undefined
  const cases = [
    ...(((fixture as { valid?: unknown[] }).valid ?? []) as unknown[]),
    ...(((fixture as { invalid?: unknown[] }).invalid ?? []) as unknown[]),
  ]
  const first = cases[0] as Record<string, unknown> | undefined
  if (first === undefined) return undefined
  if ('invocation' in first && 'proofs' in first) return 'invocation'
  if ('policies' in first && 'args' in first) return 'policy'
  if ('token' in first && 'principals' in fixture) return 'delegation'
  return undefined
}
