import { evaluatePolicy } from '@capchain/policy'
import { describe, expect, it } from 'vitest'
import { InvalidStorageArgsError, InvalidStoragePathError, pathScopeStatement, sizeCeilingStatement } from '../src/index.js'

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
