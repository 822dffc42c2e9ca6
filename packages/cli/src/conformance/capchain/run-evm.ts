import type { IPLDMap, IPLDValue } from '@capchain/core'
import { evmVerdict } from '@capchain/evm'
import { decode } from '@ipld/dag-json'
import type { CaseResult } from '../interface.js'

/** One case of an evm-kind file (test-vectors/evm-policy.json). */
export interface CapchainEvmCase {
  readonly name: string
  readonly command: string
  /** DAG-JSON: bytes as `{"/": {"bytes": …}}`. */
  readonly args: unknown
  readonly policies: readonly unknown[]
  /** Valid cases: what the operation spends, decimal strings by dimension. */
  readonly amounts?: Readonly<Record<string, string>>
  readonly error?: { readonly code: string }
}

export interface CapchainEvmFile {
  readonly valid?: readonly CapchainEvmCase[]
  readonly invalid?: readonly CapchainEvmCase[]
}

/**
 * capchain evm files: each case's args for its command under its policies
 * (root first), through `@capchain/evm`'s `evmVerdict`; a valid case must be
 * accepted spending exactly `amounts`, an invalid one refused with exactly
 * its code.
 */
export function runCapchainEvm(file: string, fixture: CapchainEvmFile): CaseResult[] {
  return [
    ...(fixture.valid ?? []).map((testCase) => ({ name: `${file}: ${testCase.name}`, ...checkCase(testCase, true) })),
    ...(fixture.invalid ?? []).map((testCase) => ({ name: `${file}: ${testCase.name}`, ...checkCase(testCase, false) })),
  ]
}

function checkCase(testCase: CapchainEvmCase, expectValid: boolean): { ok: boolean; detail: string } {
  if (expectValid === (testCase.error !== undefined)) {
    return { ok: false, detail: expectValid ? 'a valid case must not expect an error' : 'an invalid case must expect an error' }
  }
  let args: IPLDValue
  let policies: IPLDValue[][]
  try {
    args = dagJson(testCase.args)
    policies = testCase.policies.map((policy) => dagJson(policy) as IPLDValue[])
  } catch (error) {
    return { ok: false, detail: `the case is not valid DAG-JSON: ${(error as Error).message}` }
  }
  const verdict = evmVerdict(testCase.command, args as IPLDMap, policies)
  if (testCase.error !== undefined) {
    if (verdict.ok) return { ok: false, detail: `accepted, but the case expects ${testCase.error.code}` }
    if (verdict.error.code !== testCase.error.code) return { ok: false, detail: `expected ${testCase.error.code}, got ${verdict.error.code}: ${verdict.error.message}` }
    return { ok: true, detail: `refused: ${testCase.error.code}` }
  }
  if (!verdict.ok) return { ok: false, detail: `refused with ${verdict.error.code}: ${verdict.error.message}` }
  const spent = Object.fromEntries(Object.entries(verdict.amounts).map(([dimension, amount]) => [dimension, amount.toString()]))
  const expected = testCase.amounts ?? {}
  if (JSON.stringify(sorted(spent)) !== JSON.stringify(sorted(expected))) {
    return { ok: false, detail: `spends ${JSON.stringify(sorted(spent))}, the case expects ${JSON.stringify(sorted(expected))}` }
  }
  return { ok: true, detail: `accepted, spending ${JSON.stringify(sorted(spent))}` }
}

function dagJson(value: unknown): IPLDValue {
  return decode<IPLDValue>(new TextEncoder().encode(JSON.stringify(value)))
}

function sorted(amounts: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(amounts).sort(([a], [b]) => (a < b ? -1 : 1))
}
