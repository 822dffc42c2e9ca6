/** Sizes typed into the web page and shown by it (issue 17): exact parsing, a typed refusal of everything else. */
import { describe, expect, it } from 'vitest'
import { formatSize } from '../src/web/page/units/format-size.js'
import { parseSize } from '../src/web/page/units/parse-size.js'
import { SizeInputError } from '../src/web/page/units/size-input-error.js'

describe('parseSize', () => {
  it.each([
    ['1200', 1200],
    ['0', 0],
    ['17 B', 17],
    ['500 KB', 500_000],
    ['500kb', 500_000],
    ['1.5 MB', 1_500_000],
    ['1.1 MB', 1_100_000],
    ['0.001 KB', 1],
    ['2 GB', 2_000_000_000],
    ['1 KiB', 1024],
    ['1.5 MiB', 1_572_864],
    ['3 TB', 3_000_000_000_000],
    ['  10 MB  ', 10_000_000],
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseSize(text, 'quota')).toBe(bytes)
  })

  it.each([
    ['', 'is not a size'],
    ['MB', 'is not a size'],
    ['-1 MB', 'is not a size'],
    ['1e6', 'is not a size'],
    ['1,5 MB', 'is not a size'],
    ['1.5', 'is not a whole number of bytes'],
    ['0.0001 KB', 'is not a whole number of bytes'],
    ['12 parsecs', 'has the unknown unit parsecs'],
    ['10 PB', 'has the unknown unit PB'],
    ['9007199254740992', 'is larger than any quota the service takes'],
    ['10000 TB', 'is larger than any quota the service takes'],
  ])('refuses %j: %s', (text, why) => {
    const error = (() => {
      try {
        parseSize(text, 'quota')
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(SizeInputError)
    expect(error).toMatchObject({ code: 'ERR_SIZE_INPUT', at: 'quota' })
    expect((error as Error).message).toBe(`quota: "${text}" ${why}; write a size such as 1500, 500 KB, 1.5 MB, 2 GiB`)
  })
})

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1 KB'],
    [1500, '1.5 KB'],
    [1_234_567, '1.23 MB'],
    [2_000_000_000, '2 GB'],
    [3e12, '3 TB'],
  ])('%d bytes: %s', (bytes, shown) => {
    expect(formatSize(bytes)).toBe(shown)
  })

  it('shows what parseSize reads back exactly, for round sizes', () => {
    for (const text of ['10 B', '1.5 KB', '250 MB', '2 GB']) expect(formatSize(parseSize(text, 'quota'))).toBe(text)
  })
})
