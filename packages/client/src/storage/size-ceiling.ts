import type { Delegation, IPLDValue } from '@capchain/core/token'

/**
 * What a read declares in `args.size` when the caller does not say: the
 * smallest per-request ceiling the chain's policies state (as
 * `sizeCeilingStatement` writes them, or a plain `["<=", ".size", N]`),
 * else the largest safe integer. The service moves the file's actual size,
 * at most the declared one, and charges caps for what it moves; the
 * declared size is only what policies see.
 */
export function readCeiling(chain: readonly Delegation[]): number {
  const ceilings = chain.flatMap((delegation) => delegation.payload.pol.map(ceilingOf)).filter((n): n is number => n !== undefined)
  return Math.min(Number.MAX_SAFE_INTEGER, ...ceilings)
}

function ceilingOf(statement: IPLDValue): number | undefined {
  if (!Array.isArray(statement)) return undefined
  const [operator, selector, value] = statement
  if (operator === '<=' && selector === '.size' && typeof value === 'number') return value
  if (operator !== 'or' || !Array.isArray(selector) || selector.length !== 2) return undefined
  const [absent, bound] = selector
  const isAbsent = Array.isArray(absent) && absent[0] === '==' && absent[1] === '.size' && absent[2] === null
  return isAbsent ? ceilingOf(bound ?? null) : undefined
}
