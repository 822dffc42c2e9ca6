/**
 * Fuzzing support: the mutations applied to valid inputs, and the check that
 * only typed errors come out. How many cases run, and with which seed, is
 * `fuzz-run.ts`.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { isTyped } from './assert.js'

/** One mutation of a byte string (or a string): its kind and parameters, drawn by {@link mutation}. */
export interface Mutation {
  readonly kind: 'flip' | 'set' | 'truncate' | 'insert' | 'delete' | 'splice' | 'duplicate'
  /** Where, as a fraction of the length, so one mutation fits any input. */
  readonly at: number
  readonly bit: number
  readonly value: number
  readonly length: number
  readonly bytes: Uint8Array
}

/** Positions are fractions of the length, so one mutation fits any input. */
const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('flip', 'flip', 'flip', 'set', 'truncate', 'insert', 'delete', 'splice', 'duplicate'),
  at: position,
  bit: fc.integer({ min: 0, max: 7 }),
  value: fc.integer({ min: 0, max: 255 }),
  length: fc.integer({ min: 1, max: 16 }),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
})

/** `input` with the mutation `m` applied (a copy). */
export function mutateBytes(input: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * input.length)
  const before = input.subarray(0, at)
  switch (m.kind) {
    case 'flip': {
      const out = input.slice()
      if (out.length > 0) out[at] = out[at]! ^ (1 << m.bit)
      return out
    }
    case 'set': {
      const out = input.slice()
      if (out.length > 0) out[at] = m.value
      return out
    }
    case 'truncate':
      return input.slice(0, at)
    case 'insert':
      return concat(before, m.bytes, input.subarray(at))
    case 'delete':
      return concat(before, input.subarray(at + m.length))
    case 'splice':
      return concat(before, m.bytes, input.subarray(at + m.length))
    case 'duplicate':
      return concat(input.subarray(0, at + m.length), input.subarray(at))
  }
}

/** Apply the same kinds of mutation to a string, by UTF-16 code unit (`bytes` become Latin-1 characters, a few of them line breaks). */
export function mutateString(input: string, m: Mutation): string {
  const at = Math.floor(m.at * input.length)
  const text = String.fromCharCode(...m.bytes)
  switch (m.kind) {
    case 'flip':
      return input.length === 0 ? input : input.slice(0, at) + String.fromCharCode(input.charCodeAt(at) ^ (1 << m.bit)) + input.slice(at + 1)
    case 'set':
      return input.length === 0 ? input : input.slice(0, at) + String.fromCharCode(m.value) + input.slice(at + 1)
    case 'truncate':
      return input.slice(0, at)
    case 'insert':
      return input.slice(0, at) + text + input.slice(at)
    case 'delete':
      return input.slice(0, at) + input.slice(at + m.length)
    case 'splice':
      return input.slice(0, at) + text + input.slice(at + m.length)
    case 'duplicate':
      return input.slice(0, at + m.length) + input.slice(at)
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/**
 * Run `fn`; it may return, or throw one of our typed errors (a `CapchainError`
 * with an `ERR_` code). Anything else (a `TypeError`, a `RangeError`, a stack
 * overflow) fails the property with what was thrown.
 */
export function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn()
  } catch (error) {
    if (!isTyped(error)) expect.fail(`threw an untyped ${describe(error)}`)
  }
}

/** As {@link onlyTypedErrors}, for an async call. */
export async function onlyTypedRejections(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn()
  } catch (error) {
    if (!isTyped(error)) expect.fail(`rejected with an untyped ${describe(error)}`)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack ?? ''}` : String(error)
}
