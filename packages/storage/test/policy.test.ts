import { evaluatePolicy } from '@capchain/policy'
import { describe, expect, it } from 'vitest'
import { capStatement, InvalidCapError, InvalidStorageArgsError, InvalidStoragePathError, pathScopeStatement, sizeCeilingStatement, splitCap } from '../src/index.js'

const holds = (statement: unknown, args: Record<string, unknown>) => evaluatePolicy([statement as never], args as never).ok

describe('path scope', () => {
  const photos = pathScopeStatement('/photos')

  it('is the documented statement', () => {
    expect(photos).toEqual(['or', [['==', '.path', '/photos'], ['like', '.path', '/photos/*']]])
    expect(pathScopeStatement('/')).toEqual(['like', '.path', '/*'])
  })

  it.each(['/photos', '/photos/a.jpg', '/photos/2024/03/cat.jpg'])('covers %s', (path) => {
    expect(holds(photos, { path })).toBe(true)
  })

  it.each(['/photos-private/a', '/photosa', '/photo', '/', '/other/photos/a'])('does not cover %s (segment-aware)', (path) => {
    expect(holds(photos, { path })).toBe(false)
  })

  it('escapes "*" in the scope so it matches only itself', () => {
    const starred = pathScopeStatement('/a*b')
    expect(holds(starred, { path: '/a*b/c' })).toBe(true)
    expect(holds(starred, { path: '/aXb/c' })).toBe(false)
    expect(holds(starred, { path: '/a*bc/d' })).toBe(false)
  })

  it('refuses a scope that is not a canonical path', () => {
    expect(() => pathScopeStatement('/photos/')).toThrow(InvalidStoragePathError)
    expect(() => pathScopeStatement('/photos/..')).toThrow(InvalidStoragePathError)
  })
})

describe('size ceiling', () => {
  const ceiling = sizeCeilingStatement(1024)

  it('bounds a declared size and lets a missing one through (list and delete carry none)', () => {
    expect(holds(ceiling, { size: 1024 })).toBe(true)
    expect(holds(ceiling, { size: 1025 })).toBe(false)
    expect(holds(ceiling, {})).toBe(true)
    expect(holds(ceiling, { size: '10' })).toBe(false)
  })

  it('refuses a ceiling that is not a byte count', () => {
    expect(() => sizeCeilingStatement(-1)).toThrow(InvalidStorageArgsError)
    expect(() => sizeCeilingStatement(1.5)).toThrow(InvalidStorageArgsError)
  })
})

describe('cap statements', () => {
  const cap = capStatement({ bytes: 1_000_000_000, uses: 500 })

  it('is the documented statement', () => {
    expect(cap).toEqual(['==', '.', ['capchain/cap@1', { bytes: 1_000_000_000, uses: 500 }]])
  })

  it('never holds for any args under plain policy evaluation: it fails closed', () => {
    expect(holds(cap, {})).toBe(false)
    expect(holds(cap, { path: '/photos/a' })).toBe(false)
    // An invoker copying the literal into args gets nowhere: args are a map, the literal a list.
    expect(holds(cap, { 0: 'capchain/cap@1', 1: { bytes: 1_000_000_000, uses: 500 } })).toBe(false)
    expect(holds(cap, { 'capchain/cap@1': { bytes: 1_000_000_000, uses: 500 } })).toBe(false)
  })

  it('is found by splitCap and taken out of the policy', () => {
    const scope = pathScopeStatement('/photos')
    expect(splitCap([scope, cap])).toEqual({ cap: { bytes: 1_000_000_000, uses: 500 }, rest: [scope] })
    expect(splitCap([scope])).toEqual({ cap: undefined, rest: [scope] })
  })

  it.each([
    ['a second cap', [capStatement({ uses: 1 }), capStatement({ bytes: 1 })]],
    ['a cap inside "or"', [['or', [capStatement({ uses: 1 }), ['==', '.path', '/x']]]]],
    ['a cap inside "not"', [['not', capStatement({ uses: 1 })]]],
    ['an unknown version', [['==', '.', ['capchain/cap@2', { uses: 1 }]]]],
    ['an unknown field', [['==', '.', ['capchain/cap@1', { uses: 1, rate: 5 }]]]],
    ['no dimension', [['==', '.', ['capchain/cap@1', {}]]]],
    ['a negative amount', [['==', '.', ['capchain/cap@1', { bytes: -1 }]]]],
    ['a fractional amount', [['==', '.', ['capchain/cap@1', { uses: 1.5 }]]]],
    ['a string amount', [['==', '.', ['capchain/cap@1', { uses: '5' }]]]],
    ['extra list items', [['==', '.', ['capchain/cap@1', { uses: 1 }, 'more']]]],
    ['a cap with another selector', [['==', '.path', ['capchain/cap@1', { uses: 1 }]]]],
  ])('refuses %s', (_what, pol) => {
    expect(() => splitCap(pol as never, 'bafy-x')).toThrow(InvalidCapError)
  })

  it('refuses to build a cap without a dimension or with a bad amount', () => {
    expect(() => capStatement({})).toThrow(InvalidCapError)
    expect(() => capStatement({ bytes: 2 ** 53 })).toThrow(InvalidCapError)
  })
})
