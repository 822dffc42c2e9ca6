import { describe, expect, it } from 'vitest'
import { assertStoragePath, InvalidStoragePathError, MAX_PATH_BYTES, MAX_PATH_SEGMENTS, storagePathRejection } from '../src/index.js'

describe('storage paths', () => {
  it.each([
    '/',
    '/photos',
    '/photos/a.jpg',
    '/photos/2024/03/cat.jpg',
    '/photos/.hidden',
    '/photos/a..b',
    '/photos/my file.jpg',
    '/photos/*',
    '/photos/café.jpg',
    '/写真/猫.jpg',
    '/photos/a:b',
    `/${'a'.repeat(255)}`,
    `/${Array.from({ length: MAX_PATH_SEGMENTS }, () => 'a').join('/')}`,
  ])('accepts %s', (path) => {
    expect(storagePathRejection(path)).toBeUndefined()
  })

  it.each([
    [42, 'type'],
    ['photos/a.jpg', 'relative'],
    ['', 'relative'],
    ['/photos/../secret', 'dot-segment'],
    ['/photos/./a.jpg', 'dot-segment'],
    ['/..', 'dot-segment'],
    ['/photos//a.jpg', 'empty-segment'],
    ['//photos', 'empty-segment'],
    ['/photos/', 'trailing-slash'],
    ['/photos/%2e%2e/secret', 'percent'],
    ['/photos%2fsecret', 'percent'],
    ['/photos%5csecret', 'percent'],
    ['/photos/100%', 'percent'],
    ['/photos\\..\\secret', 'backslash'],
    ['/photos/a\u0000.jpg', 'control'],
    ['/photos/a\n.jpg', 'control'],
    ['/photos/a\u0085.jpg', 'control'],
    ['/photos/a\u2028.jpg', 'control'],
    ['/photos/\u202Egpj.exe', 'format'],
    ['/photos/a\u200B.jpg', 'format'],
    ['/photos/\uFEFFa.jpg', 'format'],
    ['/photos/a\u00A0b.jpg', 'whitespace'],
    ['/photos/a\u3000b.jpg', 'whitespace'],
    ['/photos/\uE000.jpg', 'private-use'],
    ['/photos/\u0378.jpg', 'unassigned'],
    ['/photos/\uFFFF', 'unassigned'],
    ['/photos\u2215..\u2215secret', 'lookalike'],
    ['/photos\u2044secret', 'lookalike'],
    ['/photos\uFF0F..\uFF0Fsecret', 'lookalike'],
    ['/photos/a\u0338b', 'lookalike'],
    ['/photos/cafe\u0301.jpg', 'not-nfc'],
    ['/photos/\uFF0E\uFF0E/secret', 'not-nfkc'],
    ['/photos/\uFB01le.txt', 'not-nfkc'],
    ['/photos/\u2024\u2024/secret', 'not-nfkc'],
    ['/photos/secret.', 'segment-edge'],
    ['/photos/secret ', 'segment-edge'],
    ['/photos/ secret', 'segment-edge'],
    ['/photos/...', 'segment-edge'],
    ['/photos/\uD800', 'ill-formed'],
    [`/${'a'.repeat(256)}`, 'segment-too-long'],
    [`/${'a'.repeat(MAX_PATH_BYTES)}`, 'too-long'],
    [`/${'é'.repeat(600)}`, 'too-long'],
    [`/${Array.from({ length: MAX_PATH_SEGMENTS + 1 }, () => 'a').join('/')}`, 'too-many-segments'],
  ])('refuses %j (%s)', (path, reason) => {
    expect(storagePathRejection(path)?.reason).toBe(reason)
    expect(() => assertStoragePath(path, 'args.path')).toThrow(InvalidStoragePathError)
  })

  it('says where and why in the error', () => {
    try {
      assertStoragePath('/photos/../x', 'args.path')
      expect.fail('accepted')
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_STORAGE_PATH_INVALID', reason: 'dot-segment', at: 'args.path' })
      expect((error as Error).message).toBe('args.path: invalid storage path (dot-segment): segment 1 is ".."')
    }
  })
})
