import { toString } from 'uint8arrays/to-string'
import { describe, expect, it } from 'vitest'
import { decodeVarsig, encodeVarsig } from '../src/varsig/index.js'
import type { VarsigAlgorithm } from '../src/varsig/index.js'

const expectedHex: Record<VarsigAlgorithm, string> = {
  Ed25519: '3401ed01ed011371',
  ES256: '3401ec0180241271',
  ES256K: '3401ec01e7011271',
  EIP191: '3401ec01e7011b91c30371',
}

describe('varsig v1 headers', () => {
  for (const [alg, hex] of Object.entries(expectedHex) as Array<[VarsigAlgorithm, string]>) {
    it(`${alg} encodes to ${hex} and decodes back`, () => {
      const bytes = encodeVarsig({ alg, enc: 'DAG-CBOR' })
      expect(toString(bytes, 'base16')).toBe(hex)
      expect(decodeVarsig(bytes)).toEqual({ alg, enc: 'DAG-CBOR' })
    })
  }

  it('matches the spec example "NAHtAe0BE3E" for Ed25519 over DAG-CBOR', () => {
    expect(toString(encodeVarsig({ alg: 'Ed25519', enc: 'DAG-CBOR' }), 'base64')).toBe('NAHtAe0BE3E')
  })

  const rejects: Array<[string, number[], string, RegExp]> = [
    ['empty', [], 'ERR_VARSIG_MALFORMED', /must start with 0x34/],
    ['wrong prefix', [0x35, 0x01, 0xed, 0x01, 0xed, 0x01, 0x13, 0x71], 'ERR_VARSIG_MALFORMED', /0x35/],
    ['version 0', [0x34, 0x00, 0xed, 0x01, 0xed, 0x01, 0x13, 0x71], 'ERR_VARSIG_UNSUPPORTED', /version 0x0/],
    ['truncated varint', [0x34, 0x01, 0xed], 'ERR_VARSIG_MALFORMED', /truncated or non-minimal/],
    ['DAG-JSON payload', [0x34, 0x01, 0xed, 0x01, 0xed, 0x01, 0x13, 0xa9, 0x02], 'ERR_VARSIG_UNSUPPORTED', /DAG-JSON/],
    ['Ed448', [0x34, 0x01, 0xed, 0x01, 0x83, 0x24, 0x19, 0x71], 'ERR_VARSIG_UNSUPPORTED', /edwards448/],
    ['RSA', [0x34, 0x01, 0x85, 0x24, 0x12, 0x80, 0x02, 0x71], 'ERR_VARSIG_UNSUPPORTED', /RSASSA/],
    ['trailing byte', [0x34, 0x01, 0xed, 0x01, 0xed, 0x01, 0x13, 0x71, 0x00], 'ERR_VARSIG_UNSUPPORTED', /unsupported/],
    ['non-minimal varint', [0x34, 0x01, 0xed, 0x81, 0x00, 0xed, 0x01, 0x13, 0x71], 'ERR_VARSIG_MALFORMED', /byte 2/],
    ['Ed25519 with SHA2-256', [0x34, 0x01, 0xed, 0x01, 0xed, 0x01, 0x12, 0x71], 'ERR_VARSIG_UNSUPPORTED', /SHA2-256/],
  ]
  for (const [name, bytes, code, message] of rejects) {
    it(`rejects ${name} with ${code}`, () => {
      expect(() => decodeVarsig(Uint8Array.from(bytes))).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }))
    })
  }
})
