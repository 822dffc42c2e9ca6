import { gzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { InputTooLargeError } from '../src/errors.js'
import { decodeContainer, encodeContainer } from '../src/container/index.js'

const KiB = 1024

function inflationError(input: Uint8Array | string, options: Parameters<typeof decodeContainer>[1]): InputTooLargeError {
  try {
    decodeContainer(input, options)
  } catch (error) {
    expect(error).toBeInstanceOf(InputTooLargeError)
    return error as InputTooLargeError
  }
  return expect.fail('the container was accepted')
}

describe('how far a gzip container may inflate (maxInflatedBytes)', () => {
  // 300 KiB of tokens that compress to a few KiB, like policies repeating one statement.
  const tokens = Array.from({ length: 16 }, (_, i) => new Uint8Array(19 * KiB).fill(i + 1))
  const packed = new TextDecoder().decode(encodeContainer(tokens, 'base64url+gzip'))

  it('is the received limit by default, so small gzip containers of large tokens still decode', () => {
    expect(packed.length).toBeLessThan(4 * KiB)
    expect(decodeContainer(packed).tokens).toHaveLength(16)
  })

  it('refuses a few KiB that inflate past the bound, though they are far below the received limit', () => {
    const error = inflationError(packed, { maxBytes: 1024 * KiB, maxInflatedBytes: 64 * KiB })
    expect(error.code).toBe('ERR_INPUT_TOO_LARGE')
    expect(error.limit).toBe(64 * KiB)
  })

  it('stops a bomb within one small input step of the bound, not at the received limit', () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024 * KiB))
    const error = inflationError(Uint8Array.of(0x4d, ...bomb), { maxInflatedBytes: 64 * KiB })
    // Steps of 256 input bytes inflate at most 264 KB each.
    expect(error.size).toBeGreaterThan(64 * KiB)
    expect(error.size).toBeLessThanOrEqual(64 * KiB + 256 * 1032)
  })

  it('accepts a container that inflates to exactly the bound, and refuses it one byte below', () => {
    const one = [new Uint8Array(10 * KiB)]
    const inflated = encodeContainer(one, 'raw').length - 1
    const gzipped = encodeContainer(one, 'raw+gzip')
    expect(decodeContainer(gzipped, { maxInflatedBytes: inflated }).tokens).toHaveLength(1)
    expect(inflationError(gzipped, { maxInflatedBytes: inflated - 1 }).limit).toBe(inflated - 1)
  })
})
