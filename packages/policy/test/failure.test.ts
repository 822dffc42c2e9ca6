import { describe, expect, it } from 'vitest'
import { evaluatePolicy, isParsedPolicy, parsePolicy, renderValue } from '../src/index.js'
import type { IPLDValue, Policy } from '../src/index.js'
import { failureOf } from './helpers.js'

const storage: IPLDValue[] = [
  ['==', '.op', 'write'],
  ['like', '.path', '/photos/*'],
  ['<=', '.size', 1048576],
  ['!=', '.path', '/photos/secret'],
  ['or', [['==', '.tag', 'a'], ['==', '.tag', 'b']]],
]
const upload = { op: 'write', path: '/photos/cat.jpg', size: 1024, tag: 'a' }

describe('evaluatePolicy results', () => {
  it('is { ok: true } when every statement holds', () => {
    expect(evaluatePolicy(storage, upload)).toEqual({ ok: true })
  })

  it('accepts a parsed policy or the raw IPLD form alike', () => {
    const policy = parsePolicy(storage)
    expect(isParsedPolicy(policy)).toBe(true)
    expect(isParsedPolicy(storage)).toBe(false)
    for (const args of [upload, { ...upload, size: 1 << 30 }, { ...upload, tag: 'c' }]) {
      expect(evaluatePolicy(policy, args)).toEqual(evaluatePolicy(storage, args))
    }
  })

  it('does not trust a hand-built object shaped like a Policy', () => {
    const fake = { statements: [{ op: 'bogus' }], ipld: [] } as unknown as Policy
    expect(() => evaluatePolicy(fake, {})).toThrow('policy must be a list of statements')
  })

  it('explains a failed comparison like the verifier shows it', () => {
    const failure = failureOf(evaluatePolicy(storage, { ...upload, size: 3145728 }))
    expect(failure).toEqual({
      index: 2,
      statement: storage[2],
      rendered: '["<=", ".size", 1048576]',
      at: 'pol[2]',
      selector: '.size',
      value: 3145728,
      message: 'pol[2] `["<=", ".size", 1048576]` failed: .size was 3145728',
    })
    expect(failure.statement).toBe(storage[2])
  })

  it('reports the first failing top-level statement', () => {
    const failure = failureOf(evaluatePolicy(storage, { op: 'read', path: '/etc/passwd', size: 1 << 30, tag: 'z' }))
    expect(failure.index).toBe(0)
    expect(failure.message).toBe('pol[0] `["==", ".op", "write"]` failed: .op was "read"')
  })

  it('explains a like failure', () => {
    const failure = failureOf(evaluatePolicy(storage, { ...upload, path: '/videos/a.mp4' }))
    expect(failure.message).toBe('pol[1] `["like", ".path", "/photos/*"]` failed: .path was "/videos/a.mp4"')
  })

  it('explains a value of the wrong kind', () => {
    expect(failureOf(evaluatePolicy(storage, { ...upload, path: 42 })).message).toBe(
      'pol[1] `["like", ".path", "/photos/*"]` failed: .path was 42, not a string',
    )
    expect(failureOf(evaluatePolicy(storage, { ...upload, size: '1' })).message).toBe(
      'pol[2] `["<=", ".size", 1048576]` failed: .size was "1", not a number',
    )
  })

  it('explains a != failure with the forbidden value', () => {
    const failure = failureOf(evaluatePolicy(storage, { ...upload, path: '/photos/secret' }))
    expect(failure).toMatchObject({ index: 3, selector: '.path', value: '/photos/secret' })
  })

  it('explains an or where no alternative held', () => {
    const failure = failureOf(evaluatePolicy(storage, { ...upload, tag: 'c' }))
    expect(failure.message).toBe(
      'pol[4] `["or", [["==", ".tag", "a"], ["==", ".tag", "b"]]]` failed: none of its 2 alternatives held',
    )
    expect(failure).not.toHaveProperty('selector')
  })

  it('a missing key selects null and says so', () => {
    const { op: _op, ...noOp } = upload
    const failure = failureOf(evaluatePolicy(storage, noOp))
    expect(failure).toMatchObject({ index: 0, selector: '.op', value: null })
    expect(failure.message).toBe('pol[0] `["==", ".op", "write"]` failed: .op was null')
  })

  it('explains a selector that did not resolve, with value undefined', () => {
    const failure = failureOf(evaluatePolicy([['==', '.to[99]', 1]], { to: [1, 2, 3] }))
    expect(failure.selector).toBe('.to[99]')
    expect(failure.value).toBeUndefined()
    expect(failure.message).toBe('pol[0] `["==", ".to[99]", 1]` failed: .to[99] did not resolve: .to has 3 elements, so no index 99')
    expect(failureOf(evaluatePolicy([['==', '.a.b.c', 1]], { a: { b: 'x' } })).message).toContain(
      '.a.b.c did not resolve: .a.b is a string, not a map',
    )
    expect(failureOf(evaluatePolicy([['all', '.a[]', ['==', '.', 1]]], { a: 7 })).message).toContain(
      '.a[] did not resolve: .a is an integer, not a list or map',
    )
  })

  it('names the element that failed inside all, with a composed selector and the inner position', () => {
    const policy = [['all', '.files', ['<=', '.size', 100]]]
    const failure = failureOf(evaluatePolicy(policy, { files: [{ size: 1 }, { size: 500 }] }))
    expect(failure).toMatchObject({ index: 0, at: 'pol[0][2]', selector: '.files[1].size', value: 500 })
    expect(failure.message).toBe('pol[0] `["all", ".files", ["<=", ".size", 100]]` failed: .files[1].size was 500')
  })

  it('names map elements by key, through nested quantifiers', () => {
    const policy = [['all', '.files', ['all', '.chunks', ['<=', '.', 100]]]]
    const args = { files: { a: { chunks: [1] }, 'b c': { chunks: [1, 200] } } }
    expect(failureOf(evaluatePolicy(policy, args))).toMatchObject({
      at: 'pol[0][2][2]',
      selector: '.files["b c"].chunks[1]',
      value: 200,
    })
  })

  it('explains any with no satisfying element', () => {
    const failure = failureOf(evaluatePolicy([['any', '.to', ['like', '.', '*@example.com']]], { to: ['a@b.com'] }))
    expect(failure).toMatchObject({ selector: '.to', value: ['a@b.com'] })
    expect(failure.message).toContain('failed: no element of .to satisfies ["like", ".", "*@example.com"]')
  })

  it('explains a quantifier over a non-collection', () => {
    expect(failureOf(evaluatePolicy([['all', '.x', ['==', '.', 1]]], { x: 'str' })).message).toContain(
      'failed: .x was "str", not a list or map',
    )
  })

  it('explains not by what its inner statement saw', () => {
    const failure = failureOf(evaluatePolicy([['not', ['like', '.path', '/secret/*']]], { path: '/secret/x' }))
    expect(failure).toMatchObject({ at: 'pol[0]', selector: '.path', value: '/secret/x' })
    expect(failure.message).toBe(
      'pol[0] `["not", ["like", ".path", "/secret/*"]]` failed: .path was "/secret/x", and ["like", ".path", "/secret/*"] must not hold',
    )
    expect(failureOf(evaluatePolicy([['not', ['and', []]]], {})).message).toContain('failed: the negated statement held')
  })

  it('descends into and to the failing child', () => {
    const failure = failureOf(evaluatePolicy([['and', [['==', '.a', 1], ['not', ['==', '.b', 2]]]]], { a: 1, b: 2 }))
    expect(failure).toMatchObject({ at: 'pol[0][1][1]', selector: '.b', value: 2 })
  })

  it('keeps messages short whatever the argument', () => {
    const failure = failureOf(evaluatePolicy([['==', '.', 'x']], 'y'.repeat(1_000_000)))
    expect(failure.message.length).toBeLessThan(200)
    expect(failure.message.endsWith('…')).toBe(true)
  })
})

describe('renderValue', () => {
  it('renders every IPLD kind in DAG-JSON style', () => {
    expect(renderValue(['a', 1, 1.5, -(2n ** 64n), null, true, { k: [] }])).toBe('["a", 1, 1.5, -18446744073709551616, null, true, {"k": []}]')
    expect(renderValue(new Uint8Array([0xd6, 0xa9, 0xc1, 0x8c, 0xf8, 0xc4]))).toBe('{"/": {"bytes": "1qnBjPjE"}}')
  })

  it('cuts long and deep values', () => {
    expect(renderValue('abcdef', 4)).toBe('"abc…')
    let deep: IPLDValue = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(renderValue(deep, 10)).toBe('[[[[[[[[[[…')
    expect(renderValue('😀😀', 2)).toBe('"…')
  })

  it('never throws on values outside IPLD', () => {
    expect(renderValue(undefined)).toBe('undefined')
    expect(renderValue([new Date(0), Symbol('x'), () => 1])).toBe('[<non-IPLD value>, <non-IPLD value>, <non-IPLD value>]')
  })
})
