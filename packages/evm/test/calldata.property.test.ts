/**
 * Fuzzing the EVM profile's decoding of calldata and typed data against ABI
 * fragments: generated function types (nested tuples, static and dynamic
 * arrays, bytes, strings) with generated values, encoded by ox, then
 * mutated (bytes of the calldata, the claimed signature, a typed-data
 * field). Each check returns or throws an `EvmError` (`ERR_EVM_…`), nothing
 * else; accepted calldata under the honest claim is exactly the honest
 * encoding (one encoding per call), and accepted typed data hashes to ox's
 * digest of what the profile derived.
 *
 * Cases, seed and timeouts: packages/attacks/test/support/fuzz-run.ts (`pnpm fuzz evm/calldata`).
 */
import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import fc from 'fast-check'
import { AbiFunction, Hex, TypedData } from 'ox'
import { describe, expect, it } from 'vitest'
import { fuzzParameters, fuzzTimeout, mutateBytes, mutateString, mutation } from '../../attacks/test/support/index.js'
import { checkEvmCallArgs, checkTypedDataArgs, EvmError, evmCallArgs, evmTypedDataArgs } from '../src/index.js'
import { ACCOUNT, MERCHANT, USDC } from './fixtures.js'

/** A generous bound on one case (measured: well under a millisecond). */
const TIMEOUT = fuzzTimeout(20)

interface AbiType {
  readonly type: string
  readonly components?: readonly (AbiType & { readonly name: string })[]
}

const name = fc.constantFrom('a', 'b', 'c', 'to', 'amount')

const abiType: fc.Arbitrary<AbiType> = fc.letrec<{ type: AbiType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<AbiType>({ type: 'uint256' }, { type: 'uint8' }, { type: 'int16' }, { type: 'address' }, { type: 'bool' }, { type: 'bytes' }, { type: 'string' }, { type: 'bytes32' }, { type: 'bytes3' }),
    fc.record({ inner: tie('type'), size: fc.constantFrom('', '1', '2') }).map(({ inner, size }) => ({ ...inner, type: `${inner.type}[${size}]` })),
    fc.uniqueArray(fc.record({ name, inner: tie('type') }), { minLength: 1, maxLength: 3, selector: (field) => field.name }).map((fields) => ({
      type: 'tuple',
      components: fields.map(({ name, inner }) => ({ ...inner, name })),
    })),
  ),
})).type

/** A value of `type` as ox takes it. */
function valueOf(type: AbiType): fc.Arbitrary<unknown> {
  const array = /^(.*)\[(\d*)\]$/.exec(type.type)
  if (array !== null) {
    const element = valueOf({ ...type, type: array[1]! })
    return array[2] === '' ? fc.array(element, { maxLength: 3 }) : fc.array(element, { minLength: Number(array[2]), maxLength: Number(array[2]) })
  }
  if (type.type === 'tuple') return fc.tuple(...type.components!.map(valueOf))
  if (type.type === 'uint256') return fc.bigInt({ min: 0n, max: (1n << 256n) - 1n })
  if (type.type === 'uint8') return fc.integer({ min: 0, max: 255 })
  if (type.type === 'int16') return fc.integer({ min: -32768, max: 32767 })
  if (type.type === 'address') return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => Hex.fromBytes(bytes))
  if (type.type === 'bool') return fc.boolean()
  if (type.type === 'string') return fc.string({ maxLength: 40 })
  if (type.type === 'bytes') return fc.uint8Array({ maxLength: 70 }).map((bytes) => Hex.fromBytes(bytes))
  const size = Number(type.type.slice(5))
  return fc.uint8Array({ minLength: size, maxLength: size }).map((bytes) => Hex.fromBytes(bytes))
}

/** The signature of `name(parameters)`, in the one spelling the profile accepts. */
function format(parameter: AbiType): string {
  if (!parameter.type.startsWith('tuple')) return parameter.type
  return `(${parameter.components!.map((component) => `${format(component)} ${component.name}`).join(', ')})${parameter.type.slice(5)}`
}

/** A function of 0 to 3 generated parameters with generated values, and its honest args. */
const honestCall = fc
  .uniqueArray(fc.record({ name, type: abiType }), { maxLength: 3, selector: (parameter) => parameter.name })
  .chain((parameters) => fc.tuple(fc.constant(parameters), fc.tuple(...parameters.map((parameter) => valueOf(parameter.type)))))
  .map(([parameters, values]) => {
    const signature = `f(${parameters.map((parameter) => `${format(parameter.type)} ${parameter.name}`).join(', ')})`
    return { signature, args: evmCallArgs({ chain: 1, account: ACCOUNT, target: USDC, function: signature, values }) }
  })

/** The check's result: accepted args, or an `EvmError`; anything else fails the property. */
function outcome<T>(check: () => T): T | EvmError {
  try {
    return check()
  } catch (error) {
    if (error instanceof EvmError && error.code.startsWith('ERR_EVM_')) return error
    throw error
  }
}

describe('evm/calldata', () => {
  it(
    'accepts generated calls as encoded, and after byte mutations only their exact honest encoding',
    () => {
      fc.assert(
        fc.property(honestCall, fc.array(mutation, { minLength: 1, maxLength: 3 }), ({ args }, mutations) => {
          const honest = args.data as Uint8Array
          expect(outcome(() => checkEvmCallArgs(args))).not.toBeInstanceOf(EvmError)
          const data = mutations.reduce(mutateBytes, honest)
          const result = outcome(() => checkEvmCallArgs({ ...args, data }))
          if (!(result instanceof EvmError)) expect(Hex.fromBytes(data)).toBe(Hex.fromBytes(honest))
        }),
        fuzzParameters(),
      )
    },
    TIMEOUT,
  )

  it(
    'refuses or accepts a mutated signature with typed errors only, and accepts only canonical spellings whose encoding is the calldata',
    () => {
      fc.assert(
        fc.property(honestCall, fc.array(mutation, { minLength: 1, maxLength: 3 }), ({ signature, args }, mutations) => {
          const claimed = mutations.reduce(mutateString, signature)
          const call = args.call as IPLDMap
          const result = outcome(() => checkEvmCallArgs({ ...args, call: { ...call, function: claimed } }))
          if (!(result instanceof EvmError)) {
            const fn = AbiFunction.from(`function ${claimed}` as never) as AbiFunction.AbiFunction
            expect(AbiFunction.format(fn)).toBe(`function ${claimed}`)
            expect(AbiFunction.getSelector(fn)).toBe(call.selector)
          }
        }),
        fuzzParameters(),
      )
    },
    TIMEOUT,
  )

  it(
    'refuses arbitrary calldata under a claimed selector with typed errors only',
    () => {
      fc.assert(
        fc.property(honestCall, fc.uint8Array({ maxLength: 300 }), ({ args }, tail) => {
          const selector = (args.data as Uint8Array).subarray(0, 4)
          outcome(() => checkEvmCallArgs({ ...args, data: new Uint8Array([...selector, ...tail]) }))
        }),
        fuzzParameters(),
      )
    },
    TIMEOUT,
  )
})

const PERMIT = {
  domain: { name: 'USD Coin', version: '2', chainId: 1n, verifyingContract: USDC },
  types: {
    Permit: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'deadline', type: 'uint256' },
    ],
  },
  primaryType: 'Permit',
  message: { owner: ACCOUNT, spender: MERCHANT, value: 5n, nonce: 0n, deadline: 1n },
} as const

const ipldValue: fc.Arbitrary<IPLDValue> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }).map((value) => value.toString()),
  fc.boolean(),
  fc.uint8Array({ maxLength: 40 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

describe('evm/typed-data', () => {
  it(
    'refuses any field replaced by any value with typed errors only, and what it accepts hashes to ox’s digest',
    () => {
      const honest = evmTypedDataArgs({ chain: 1, account: ACCOUNT, typedData: PERMIT })
      const paths = [
        ['domain', 'name'],
        ['domain', 'chainId'],
        ['domain', 'verifyingContract'],
        ['message', 'owner'],
        ['message', 'value'],
        ['message', 'deadline'],
        ['message', 'extra'],
        ['primaryType'],
        ['types', 'Permit'],
      ] as const
      fc.assert(
        fc.property(fc.constantFrom(...paths), ipldValue, (path, value) => {
          const typedData = structuredClone(honest.typedData) as Record<string, Record<string, IPLDValue>>
          if (path.length === 1) (typedData as Record<string, IPLDValue>)[path[0]] = value
          else typedData[path[0]]![path[1]] = value
          const result = outcome(() => checkTypedDataArgs({ ...honest, typedData: typedData as IPLDMap }))
          if (!(result instanceof EvmError)) expect(result.digest).toBe(TypedData.getSignPayload(result.typedData as never))
        }),
        fuzzParameters(),
      )
    },
    TIMEOUT,
  )
})
