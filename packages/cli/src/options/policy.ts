import { CapchainError } from '@capchain/core'
import type { IPLDValue } from '@capchain/core'
import { parsePolicy } from '@capchain/policy'
import { capStatement, pathScopeStatement, sizeCeilingStatement } from '@capchain/storage'
import type { CapLimit } from '@capchain/store'
import { InvalidOptionValueError } from '../io/usage-error.js'
import { parseDagJson } from './dag-json.js'
import { parseCount, parseSize } from './size.js'
import { parseDuration } from './time.js'

/** The policy options of `delegate`. */
export interface PolicyFlags {
  /** Raw statements, DAG-JSON: `[["==", ".op", "read"]]`. */
  policy?: string
  /** A path the arguments' `.path` must be, or lie under. */
  path?: string
  /** A per-request ceiling on the arguments' `.size`. */
  maxSize?: string
  /** A cap on the bytes of every invocation through the delegation, together. */
  maxBytes?: string
  /** A cap on the number of invocations through the delegation. */
  maxUses?: string
  /** The cap's window (`1d`: per UTC day): `--max-bytes` and `--max-uses` then apply per window. */
  capPeriod?: string
}

/** A delegation's policy, and the cap it states (for the cap check against the proofs). */
export interface BuiltPolicy {
  readonly statements: IPLDValue[]
  readonly cap: CapLimit | undefined
}

/**
 * The UCAN policy of a new delegation: the `--policy` statements, then the
 * storage profile's statements (`@capchain/storage`) for `--path`,
 * `--max-size` and the cap (`--max-bytes`, `--max-uses`). Every statement
 * must hold, so the flags only ever narrow what `--policy` allows. The
 * result is parsed with `@capchain/policy`, so a policy no verifier can
 * read is never signed.
 *
 * @throws {InvalidOptionValueError} a flag that cannot be read, or a policy that does not parse
 */
export function buildPolicy(flags: PolicyFlags): BuiltPolicy {
  const statements: IPLDValue[] = []
  if (flags.policy !== undefined) {
    const given = parseDagJson(flags.policy, '--policy')
    if (!Array.isArray(given)) throw new InvalidOptionValueError('--policy', flags.policy, 'a list of policy statements')
    statements.push(...given)
  }
  const path = flags.path
  if (path !== undefined) statements.push(storageValue('--path', path, 'a storage path', () => pathScopeStatement(path)))
  if (flags.maxSize !== undefined) statements.push(sizeCeilingStatement(parseSize(flags.maxSize, '--max-size')))
  const cap = capLimit(flags)
  if (cap !== undefined) statements.push(capStatement(cap))
  try {
    parsePolicy(statements)
  } catch (error) {
    throw new InvalidOptionValueError('--policy', JSON.stringify(statements), `a valid policy (${(error as Error).message})`)
  }
  return { statements, cap }
}

/**
 * The cap of `--max-bytes` and `--max-uses`, if either is given, per window of `--cap-period`.
 *
 * @throws {InvalidOptionValueError} an unreadable value, or `--cap-period` without a limit to apply it to
 */
export function capLimit(flags: Pick<PolicyFlags, 'maxBytes' | 'maxUses' | 'capPeriod'>): CapLimit | undefined {
  if (flags.maxBytes === undefined && flags.maxUses === undefined) {
    if (flags.capPeriod !== undefined) throw new InvalidOptionValueError('--cap-period', flags.capPeriod, 'given with --max-bytes or --max-uses')
    return undefined
  }
  const period = flags.capPeriod === undefined ? undefined : parseDuration(flags.capPeriod, '--cap-period')
  if (period === 0) throw new InvalidOptionValueError('--cap-period', flags.capPeriod ?? '', 'a duration longer than 0')
  return {
    ...(flags.maxBytes === undefined ? {} : { bytes: parseSize(flags.maxBytes, '--max-bytes') }),
    ...(flags.maxUses === undefined ? {} : { uses: parseCount(flags.maxUses, '--max-uses') }),
    ...(period === undefined ? {} : { period }),
  }
}

/**
 * The result of a storage-profile builder for a flag's value; the typed
 * error it raises for a bad value becomes a usage error naming the flag.
 *
 * @throws {InvalidOptionValueError} the builder refused the value
 */
export function storageValue<T>(option: string, value: string, expected: string, build: () => T): T {
  try {
    return build()
  } catch (error) {
    if (!(error instanceof CapchainError)) throw error
    throw new InvalidOptionValueError(option, value, `${expected} (${error.message})`)
  }
}
