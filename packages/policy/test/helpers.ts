import { expect } from 'vitest'
import { evaluatePolicy } from '../src/index.js'
import type { IPLDValue, PolicyFailure, PolicyOptions, PolicyResult } from '../src/index.js'

/** Whether a raw policy holds on `args`. */
export function holds(policy: IPLDValue[], args: IPLDValue, options?: PolicyOptions): boolean {
  return evaluatePolicy(policy, args, options).ok
}

/** Whether a single statement holds on `args`. */
export function statementHolds(statement: IPLDValue[], args: IPLDValue): boolean {
  return holds([statement], args)
}

/** Runs `fn`, expecting it to throw an instance of `type` with the given code and `at`. */
export function expectThrows(
  fn: () => unknown,
  type: abstract new (...args: never[]) => Error,
  code: string,
  at: string | undefined,
): Error & { code: string; at: string | undefined } {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(type)
  const error = thrown as Error & { code: string; at: string | undefined }
  expect(error.code).toBe(code)
  expect(error.at).toBe(at)
  if (at !== undefined) expect(error.message.startsWith(`${at}: `)).toBe(true)
  return error
}

/** The failure of a result expected to be a denial. */
export function failureOf(result: PolicyResult): PolicyFailure {
  if (result.ok) throw new Error('expected the policy to fail, but it held')
  return result.failure
}
