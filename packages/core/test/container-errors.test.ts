import { encode as cborgEncode } from 'cborg'
import { gzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { decodeContainer, encodeContainer } from '../src/container/index.js'

const withHeader = (header: string, body: Uint8Array) => Uint8Array.of(header.charCodeAt(0), ...body)

describe('container decode errors', () => {
  it('rejects an empty input', () => {
    expect(() => decodeContainer(new Uint8Array())).toThrow(expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED' }))
  })

  it('rejects an unknown header byte, naming it', () => {
    expect(() => decodeContainer('Zabc')).toThrow(/header byte 0x5a/)
  })

  it('rejects base64 in the wrong alphabet for its header', () => {
    const url = new TextDecoder().decode(encodeContainer([Uint8Array.of(0xfb, 0xff, 0xbf)], 'base64url'))
    expect(() => decodeContainer('B' + url.slice(1))).toThrow(expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED', at: 'body' }))
  })

  it('rejects padding on the unpadded base64url variant', () => {
    expect(() => decodeContainer('CoWZjdG4=')).toThrow(expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED' }))
  })

  it('rejects a base64url body with non-zero trailing bits (a truncated text), typed', () => {
    // "Cx" decodes 6 bits of "x" into no whole byte: its 4 low bits are trailing and non-zero.
    for (const text of ['CoWx', 'CoWZjdG4tdjGKWQGz']) {
      expect(() => decodeContainer(text)).toThrow(expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED', at: 'body' }))
    }
  })

  it('rejects a raw variant given as text', () => {
    expect(() => decodeContainer('@abc')).toThrow(/cannot be given as text/)
  })

  it('rejects truncated gzip', () => {
    const good = encodeContainer([Uint8Array.of(1, 2, 3)], 'raw+gzip')
    expect(() => decodeContainer(good.subarray(0, good.length - 6))).toThrow(
      expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED' }),
    )
  })

  it('stops a decompression bomb at the size limit', () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    expect(() => decodeContainer(withHeader('M', bomb))).toThrow(expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }))
  })

  it('rejects input over the size limit before decoding', () => {
    expect(() => decodeContainer(new Uint8Array(2048), { maxBytes: 1024 })).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }),
    )
  })

  it('rejects a map with another key', () => {
    expect(() => decodeContainer(withHeader('@', cborgEncode({ 'ctn-v2': [] })))).toThrow(/exactly the key "ctn-v1"/)
  })

  it('rejects extra keys', () => {
    expect(() => decodeContainer(withHeader('@', cborgEncode({ 'ctn-v1': [], x: 1 })))).toThrow(/exactly the key/)
  })

  it('rejects a token that is not bytes, naming its position', () => {
    expect(() => decodeContainer(withHeader('@', cborgEncode({ 'ctn-v1': [Uint8Array.of(1), 'x'] })))).toThrow(
      expect.objectContaining({ at: 'ctn-v1[1]' }),
    )
  })

  it('rejects more tokens than the limit', () => {
    const many = Array.from({ length: 5 }, (_, i) => Uint8Array.of(i))
    expect(() => decodeContainer(encodeContainer(many), { maxTokens: 4 })).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }),
    )
  })

  it('refuses 100,000 levels of nesting at its first unexpected token, building nothing', () => {
    const deep = Uint8Array.of(0xa1, 0x66, ...new TextEncoder().encode('ctn-v1'), 0x81, ...new Uint8Array(100_000).fill(0x81))
    expect(() => decodeContainer(withHeader('@', deep))).toThrow(expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED', at: 'ctn-v1[0]' }))
  })

  it('rejects a truncated list, naming where it ends', () => {
    const truncated = Uint8Array.of(0xa1, 0x66, ...new TextEncoder().encode('ctn-v1'), 0x82, 0x41, 0x01)
    expect(() => decodeContainer(withHeader('@', truncated))).toThrow(/ends early, in token 1/)
  })

  it('rejects heads that are not minimal or not definite, as the token decoder does', () => {
    const key = new TextEncoder().encode('ctn-v1')
    const nonMinimalKey = Uint8Array.of(0xa1, 0x78, 0x06, ...key, 0x80)
    const nonMinimalList = Uint8Array.of(0xa1, 0x66, ...key, 0x98, 0x00)
    const indefiniteList = Uint8Array.of(0xa1, 0x66, ...key, 0x9f, 0xff)
    for (const body of [nonMinimalKey, nonMinimalList, indefiniteList]) {
      expect(() => decodeContainer(withHeader('@', body))).toThrow(
        expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED', message: expect.stringMatching(/not valid CBOR/) }),
      )
    }
  })

  it('rejects a token longer than the input', () => {
    const body = Uint8Array.of(0xa1, 0x66, ...new TextEncoder().encode('ctn-v1'), 0x81, 0x45, 0x01)
    expect(() => decodeContainer(withHeader('@', body))).toThrow(/not valid CBOR: length beyond the end of data/)
  })

  it('returns tokens that own their bytes: reusing the input changes none', () => {
    const input = encodeContainer([Uint8Array.of(1, 2, 3)])
    const { tokens } = decodeContainer(input)
    input.fill(0)
    expect(tokens).toEqual([Uint8Array.of(1, 2, 3)])
  })

  it('returns the tokens of a text container as views into the one payload it decoded (no copy per token)', () => {
    const text = new TextDecoder().decode(encodeContainer([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)], 'base64url'))
    const { tokens } = decodeContainer(text)
    expect(tokens).toEqual([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)])
    expect(tokens[0]!.buffer).toBe(tokens[1]!.buffer)
    expect(tokens.map((token) => token.constructor)).toEqual([Uint8Array, Uint8Array])
  })

  it('returns the tokens of a raw gzip container from the inflated payload: reusing the input changes none', () => {
    const input = encodeContainer([Uint8Array.of(1, 2, 3)], 'raw+gzip')
    const { tokens } = decodeContainer(input)
    input.fill(0)
    expect(tokens).toEqual([Uint8Array.of(1, 2, 3)])
  })

  it('rejects trailing CBOR bytes', () => {
    expect(() => decodeContainer(withHeader('@', Uint8Array.of(...cborgEncode({ 'ctn-v1': [] }), 0)))).toThrow(
      expect.objectContaining({ code: 'ERR_CONTAINER_MALFORMED' }),
    )
  })
})
