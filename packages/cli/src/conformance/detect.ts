import { CAPCHAIN_FORMAT } from './capchain/format.js'
import type { FixtureKind } from './interface.js'

/** Which fixture format a parsed file is, by its shape; `undefined` if none. */
export function detectFixtureKind(fixture: unknown): FixtureKind | undefined {
  if (fixture === null || typeof fixture !== 'object') return undefined
  // Only our files have `format` (the spec's have none): one of a version or kind we do not know is not guessed at.
  if ('format' in fixture) {
    const { format, kind } = fixture as { format?: unknown; kind?: unknown }
    if (format !== CAPCHAIN_FORMAT) return undefined
    if (kind === 'invocation') return 'capchain-invocation'
    if (kind === 'sequence') return 'capchain-sequence'
    if (kind === 'evm') return 'capchain-evm'
    return undefined
  }
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
