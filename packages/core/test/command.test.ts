import { describe, expect, it } from 'vitest'
import { assertCommand, commandCovers, commandSyntaxError } from '../src/token/index.js'

describe('command syntax (spec: Segment Structure)', () => {
  for (const cmd of ['/', '/crud', '/crud/create', '/stack/pop', '/crypto/sign', '/foo/bar/baz/qux/quux', '/ほげ/ふが']) {
    it(`accepts ${cmd}`, () => expect(commandSyntaxError(cmd)).toBeUndefined())
  }
  const bad: Array<[unknown, RegExp]> = [
    ['crud', /must start with/],
    ['/crud/', /must not end with/],
    ['/Crud', /lowercase/],
    ['/a//b', /empty segment/],
    ['', /must start with/],
    [42, /must be a string/],
    ['/' + 'a'.repeat(1024), /longer than/],
  ]
  for (const [cmd, reason] of bad) {
    it(`rejects ${JSON.stringify(cmd).slice(0, 20)}`, () => {
      expect(() => assertCommand(cmd)).toThrow(expect.objectContaining({ code: 'ERR_COMMAND_INVALID', message: expect.stringMatching(reason) }))
    })
  }
})

describe('command attenuation by whole segments', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/', '/anything/at/all', true],
    ['/storage', '/storage', true],
    ['/storage', '/storage/write', true],
    ['/storage', '/storage/write/deep', true],
    ['/storage', '/storagex', false],
    ['/storage', '/storagex/write', false],
    ['/storage/write', '/storage', false],
    ['/storage/write', '/storage/read', false],
    ['/crypto', '/cryptocurrency', false],
    ['/crypto', '/stack/pop', false],
  ]
  for (const [parent, child, covers] of cases) {
    it(`${parent} ${covers ? 'covers' : 'does not cover'} ${child}`, () => expect(commandCovers(parent, child)).toBe(covers))
  }
})
