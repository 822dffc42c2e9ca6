import { expect } from 'vitest'
import type { VerificationError, VerificationResult } from '../src/index.js'

/** Assert a denial of class `type` (at `at`, when given) and return the error. */
export function expectDenied<E extends VerificationError>(
  result: VerificationResult<unknown>,
  type: abstract new (...args: never[]) => E,
  at?: string,
): E {
  if (result.ok) return expect.fail(`expected a ${type.name}, but the chain was accepted`)
  expect(result.error, `${result.error.code}: ${result.error.message}`).toBeInstanceOf(type)
  if (at !== undefined) expect(result.error.at, result.error.message).toBe(at)
  return result.error as E
}

/** Assert acceptance and return the value. */
export function expectAccepted<T>(result: VerificationResult<T>): T {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result.value
}
