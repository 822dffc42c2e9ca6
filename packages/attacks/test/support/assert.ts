/**
 * Every attack ends in one of these: a denial (or a throw) of one exact
 * error class with its stable code. Nothing vaguer passes: an attack stopped
 * by the wrong rule is a test failure, because the rule we think protects us
 * may not be the one that does.
 */
import { CapchainError } from '@capchain/core/errors'
import { expect } from 'vitest'

type ErrorClass<E> = abstract new (...args: never[]) => E

/** A denial value: the verifier's and the storage profile's results share this shape. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: CapchainError }

/** Assert a denial of class `type` with `code`; returns the error. */
export function denied<E extends CapchainError>(result: Outcome, type: ErrorClass<E>, code: string): E {
  if (result.ok) return expect.fail(`expected ${type.name} (${code}), but the attack succeeded: the request was accepted`)
  const { error } = result
  expect(error, `${error.code}: ${error.message}`).toBeInstanceOf(type)
  expect(error.code, error.message).toBe(code)
  return error as E
}

/** Assert acceptance (the honest baseline every attack is a variation of). */
export function accepted<T extends Outcome>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) return expect.fail(`expected acceptance, got ${result.error.code}: ${result.error.message}`)
  return result as Extract<T, { ok: true }>
}

/** The error `fn` throws, which must be of class `type` with `code` (the test fails if it returns). */
export function throws<E extends CapchainError>(fn: () => unknown, type: ErrorClass<E>, code: string): E {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  if (thrown === undefined) return expect.fail(`expected ${type.name} (${code}), but the call returned`)
  expect(thrown, String(thrown)).toBeInstanceOf(type)
  expect((thrown as CapchainError).code, (thrown as Error).message).toBe(code)
  return thrown as E
}

/** The error a promise rejects with, of class `type` with `code`. */
export async function rejects<E extends CapchainError>(promise: Promise<unknown>, type: ErrorClass<E>, code: string): Promise<E> {
  let thrown: unknown
  try {
    await promise
  } catch (error) {
    thrown = error
  }
  if (thrown === undefined) return expect.fail(`expected ${type.name} (${code}), but the promise resolved`)
  expect(thrown, String(thrown)).toBeInstanceOf(type)
  expect((thrown as CapchainError).code, (thrown as Error).message).toBe(code)
  return thrown as E
}

/** The `cause` of `error`, which must be a CapchainError of class `type` with `code`. */
export function causedBy<E extends CapchainError>(error: CapchainError, type: ErrorClass<E>, code: string): E {
  const cause = error.cause
  expect(cause, `${error.code} has no cause of class ${type.name}`).toBeInstanceOf(type)
  expect((cause as CapchainError).code, (cause as Error).message).toBe(code)
  return cause as E
}

/** Milliseconds `fn` takes (a guard against hangs, not a benchmark). */
export async function elapsed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}

/** Generous bound for "finishes fast": a hostile input must be refused well within it on any CI machine. */
export const FAST_MS = 2000

/** Whether `error` is one of ours (a typed error with a stable code). */
export function isTyped(error: unknown): error is CapchainError {
  return error instanceof CapchainError && typeof error.code === 'string' && error.code.startsWith('ERR_')
}
