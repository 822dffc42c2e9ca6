/**
 * The container's base64 decoder, native (`Buffer`) in Node.js, must accept
 * exactly what the portable decoder accepts: the alphabet and padding the
 * header names, and no non-zero trailing bits.
 */
import fc from 'fast-check'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { describe, expect, it } from 'vitest'
import { decodeBase64 } from '../src/container/base64.js'

function portable(text: string, alphabet: 'base64' | 'base64url'): Uint8Array | undefined {
  const wellFormed =
    alphabet === 'base64'
      ? /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)
      : /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1
  if (!wellFormed) return undefined
  try {
    return fromString(text, alphabet === 'base64' ? 'base64pad' : 'base64url')
  } catch {
    return undefined
  }
}

const alphabets = ['base64', 'base64url'] as const

describe('decodeBase64', () => {
  it('round-trips any bytes, as a plain Uint8Array', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...alphabets), (bytes, alphabet) => {
        const decoded = decodeBase64(toString(bytes, alphabet === 'base64' ? 'base64pad' : 'base64url'), alphabet)
        expect(decoded).toEqual(bytes)
        expect(Object.getPrototypeOf(decoded)).toBe(Uint8Array.prototype)
      }),
    )
  })

  it('refuses non-zero trailing bits, the other alphabet and wrong padding', () => {
    expect(decodeBase64('QR', 'base64url')).toBeUndefined() // "QQ" is the one form of 0x41
    expect(decodeBase64('QQ', 'base64url')).toEqual(Uint8Array.of(0x41))
    expect(decodeBase64('QR==', 'base64')).toBeUndefined()
    expect(decodeBase64('QQ', 'base64')).toBeUndefined()
    expect(decodeBase64('QQ==', 'base64url')).toBeUndefined()
    expect(decodeBase64('-_8', 'base64')).toBeUndefined()
    expect(decodeBase64('+/8=', 'base64url')).toBeUndefined()
    expect(decodeBase64('Q', 'base64url')).toBeUndefined()
  })

  it('agrees with the portable decoder on arbitrary text', () => {
    const base64ish = fc.string({ unit: fc.constantFrom(...'AQgw+/-_=Zz09'.split('')), maxLength: 24 })
    fc.assert(
      fc.property(base64ish, fc.constantFrom(...alphabets), (text, alphabet) => {
        expect(decodeBase64(text, alphabet)).toEqual(portable(text, alphabet))
      }),
      { numRuns: 5000 },
    )
  })
})
