import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import type { IPLDValue } from '../src/index.js'

const cids = [1, 2].map((n) => CID.create(1, 0x55, identity.digest(new Uint8Array([n]))))

/** Few keys, so generated selectors often hit generated maps. Includes prototype names on purpose. */
export const key = fc.constantFrom('a', 'b', 'size', 'path', '10', 'é', 'with space', 'constructor', '__proto__')

const number = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
)

/** IPLD values as @ipld/dag-cbor decodes them. */
export const ipld: fc.Arbitrary<IPLDValue> = fc.letrec<{ value: IPLDValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    fc.string({ maxLength: 6 }),
    fc.uint8Array({ maxLength: 4 }),
    fc.constantFrom(...cids),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value

const small = fc.integer({ min: -4, max: 4 })

const segment = fc.oneof(
  key.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)),
  small.map((i) => `[${i}]`),
  fc
    .tuple(fc.option(small, { nil: undefined }), fc.option(small, { nil: undefined }))
    .filter(([a, b]) => a !== undefined || b !== undefined)
    .map(([a, b]) => `[${a ?? ''}:${b ?? ''}]`),
  fc.constant('[]'),
)

/** Well-formed selectors of up to three segments, some optional. */
export const selector = fc.array(fc.tuple(segment, fc.boolean()), { maxLength: 3 }).map((segments) => {
  const body = segments.map(([text, optional]) => (optional ? `${text}?` : text)).join('')
  return body === '' ? '.' : body.startsWith('.') ? body : `.${body}`
})

/** Well-formed `like` patterns. */
export const pattern = fc
  .array(fc.constantFrom('*', '\\*', '\\\\', 'a', 'b', '/', 'é'), { maxLength: 6 })
  .map((pieces) => pieces.join(''))

/** Strings made of `like` text: what patterns above can match. */
export const likeText = fc.array(fc.constantFrom('*', '\\', 'a', 'b', '/', 'é'), { maxLength: 8 }).map((p) => p.join(''))

/** Well-formed statements of every kind. */
export const statement: fc.Arbitrary<IPLDValue[]> = fc.letrec<{ statement: IPLDValue[] }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom('==', '!='), selector, ipld).map((s) => [...s]),
    fc.tuple(fc.constantFrom('<', '<=', '>', '>='), selector, number).map((s) => [...s]),
    fc.tuple(fc.constant('like'), selector, pattern).map((s) => [...s]),
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('statement'), { maxLength: 3 })).map((s) => [...s]),
    fc.tuple(fc.constant('not'), tie('statement')).map((s) => [...s]),
    fc.tuple(fc.constantFrom('all', 'any'), selector, tie('statement')).map((s) => [...s]),
  ),
})).statement

export const policy = fc.array(statement, { maxLength: 4 })

/** Anything JS can hold, exotic objects included: what a careless caller might pass. */
export const junk = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
})

const operator = fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'like', 'and', 'or', 'not', 'all', 'any', 'nope')

/** Strings from the selector alphabet, mostly malformed. */
const selectorish = fc.array(fc.constantFrom('.', '[', ']', '"', '?', ':', '-', '0', '1', 'a', '\\', ' '), { maxLength: 8 }).map((p) => p.join(''))

/** Statement-shaped junk: real operators with arguments that are often wrong. */
export const junkStatement: fc.Arbitrary<unknown> = fc.letrec<{ statement: unknown }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small' },
    junk,
    statement,
    fc.tuple(operator, fc.oneof(selectorish, junk, tie('statement')), fc.oneof(junk, selectorish, tie('statement'))),
    fc.tuple(operator, fc.oneof(fc.array(tie('statement'), { maxLength: 3 }), tie('statement'), junk)),
  ),
})).statement
