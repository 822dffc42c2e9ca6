import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { ACCEPTED_VERSIONS } from '../src/envelope/index.js'
import { signerFromSecret } from '../src/principal/index.js'
import type { KeyType } from '../src/principal/interface.js'
import { createDelegation, createInvocation, decodeToken, tokenKindHint } from '../src/token/index.js'
import type { IPLDMap, TokenKind } from '../src/token/index.js'
import { HEADER_BYTES } from '../src/varsig/index.js'
import type { VarsigAlgorithm } from '../src/varsig/index.js'
import { FUZZ_RUNS, fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'

// More cases than the shared default in CI: these decoders are cheap per case.
const runs = Math.max(FUZZ_RUNS, 1000)
vi.setConfig({ testTimeout: fuzzTimeout(1, runs) })
const seed = (n: number) => new Uint8Array(32).fill(n)
const did = signerFromSecret('Ed25519', seed(1)).did()

/** An envelope around a payload, unsigned (a 64-byte zero signature): the hint never looks at either. */
function envelope(tag: string, payload: IPLDMap, algorithm: VarsigAlgorithm = 'Ed25519'): Uint8Array {
  return dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES[algorithm], [tag]: payload }])
}

const payloads: Record<TokenKind, IPLDMap> = {
  dlg: { iss: did, aud: did, sub: did, cmd: '/x', pol: [], nonce: new Uint8Array(3), exp: null },
  inv: { iss: did, sub: did, cmd: '/x', args: {}, prf: [], nonce: new Uint8Array(3), exp: null },
}

/** Signed tokens of both kinds, by every key type and varsig algorithm, plus unsigned ones at every accepted tag version. */
let tokens: Uint8Array[] = []
beforeAll(async () => {
  const signed = await Promise.all(
    (['Ed25519', 'secp256k1', 'P-256'] as KeyType[]).flatMap((type, i) => {
      const issuer = signerFromSecret(type, seed(i + 2))
      const algorithms = type === 'secp256k1' ? [undefined, 'EIP191' as const] : [undefined]
      return algorithms.flatMap((algorithm) => {
        const options = algorithm === undefined ? {} : { algorithm }
        return [
          createDelegation({ issuer, audience: did, subject: did, command: '/storage', policy: [['<=', '.size', 1024]], expiration: null }, options),
          createInvocation({ issuer, subject: did, command: '/storage/write', args: { path: '/a', size: 1 }, proofs: [], expiration: null }, options),
        ]
      })
    }),
  )
  const unsigned = (['dlg', 'inv'] as const).flatMap((kind) => ACCEPTED_VERSIONS.map((version) => envelope(`ucan/${kind}@${version}`, payloads[kind])))
  tokens = [...signed.map((token) => token.bytes), ...unsigned]
})

describe('tokenKindHint', () => {
  it('names the kind decodeToken finds, for both kinds at every accepted tag version and algorithm', () => {
    expect(tokens.length).toBe(12)
    const kinds = tokens.map((bytes) => tokenKindHint(bytes))
    expect(kinds).toEqual(tokens.map((bytes) => decodeToken(bytes).kind))
    expect(new Set(kinds)).toEqual(new Set(['dlg', 'inv']))
  })

  it('is undefined for tags that are not an accepted kind and version', () => {
    for (const tag of ['ucan/rcpt@1.0.0', 'ucan/dlg@0.9.0', 'ucan/inv@1.0.0-rc.2', 'ucan/dlg@1.0', 'ucan/DLG@1.0.0', 'dlg@1.0.0', 'ucan/inv@1.0.00']) {
      expect(tokenKindHint(envelope(tag, payloads.inv))).toBeUndefined()
    }
  })

  it('is undefined for CACAO-like bytes and other shapes', () => {
    const cacao = dagCbor.encode({
      h: { t: 'caip122' },
      p: { aud: did, iss: 'did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a', nonce: 'abc', domain: 'example.com', version: '1', iat: '2026-01-01T00:00:00Z' },
      s: { t: 'eip191', s: new Uint8Array(65) },
    })
    const shapes = [
      cacao,
      new Uint8Array(0),
      Uint8Array.of(0x82),
      dagCbor.encode([new Uint8Array(64), { 'ucan/dlg@1.0.0': payloads.dlg }]),
      dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519 }]),
      dagCbor.encode([new Uint8Array(64), { h: 'text', 'ucan/dlg@1.0.0': payloads.dlg }]),
      dagCbor.encode(['signature', { h: HEADER_BYTES.Ed25519, 'ucan/dlg@1.0.0': payloads.dlg }]),
      dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519, 'ucan/dlg@1.0.0': payloads.dlg, x: 1 }]),
      dagCbor.encode({ 'ucan/dlg@1.0.0': payloads.dlg }),
    ]
    for (const bytes of shapes) expect(tokenKindHint(bytes)).toBeUndefined()
  })

  it('reads only the heads: a token truncated after its tag key still gets its kind, and before it none', () => {
    for (const bytes of tokens) {
      const { kind, envelope } = decodeToken(bytes)
      const tagKey = dagCbor.encode(envelope.tag)
      const tagEnd = Buffer.from(bytes).indexOf(tagKey) + tagKey.length
      expect(tagEnd).toBeGreaterThan(envelope.signature.length + envelope.headerBytes.length)
      for (let length = 0; length <= bytes.length; length++) {
        expect(tokenKindHint(bytes.subarray(0, length))).toBe(length >= tagEnd ? kind : undefined)
      }
    }
  })

  it('agrees with decodeToken on every token it decodes, and never throws, on mutated tokens', () => {
    const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'cut'))
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (pick, edits) => {
        let bytes = Uint8Array.from(tokens[pick % tokens.length]!)
        for (const [at, value, op] of edits) {
          const i = at % (bytes.length + 1)
          if (op === 'set' && i < bytes.length) bytes[i] = value
          else if (op === 'insert') bytes = Uint8Array.of(...bytes.subarray(0, i), value, ...bytes.subarray(i))
          else if (op === 'delete') bytes = Uint8Array.of(...bytes.subarray(0, i), ...bytes.subarray(i + 1))
          else if (op === 'cut') bytes = bytes.slice(0, i)
        }
        const hint = tokenKindHint(bytes)
        let kind: TokenKind | undefined
        try {
          kind = decodeToken(bytes).kind
        } catch {
          return
        }
        expect(hint).toBe(kind)
      }),
      fuzzParameters(runs),
    )
  })

  it('never throws on random bytes, nor on non-canonical heads', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(['dlg', 'inv', undefined]).toContain(tokenKindHint(bytes))
      }),
      fuzzParameters(runs),
    )
    // Envelope-like prefixes built from heads of every kind, including non-minimal and indefinite lengths.
    const head = fc.constantFrom(0x82, 0x98, 0x9f, 0xa2, 0xb8, 0xbf, 0x40, 0x58, 0x59, 0x5a, 0x5b, 0x5f, 0x61, 0x68, 0x6e, 0x78, 0xff, 0x00)
    fc.assert(
      fc.property(fc.array(fc.oneof(head, fc.integer({ min: 0, max: 255 })), { maxLength: 40 }), (prefix) => {
        expect(['dlg', 'inv', undefined]).toContain(tokenKindHint(Uint8Array.from(prefix)))
      }),
      fuzzParameters(runs),
    )
  })

  it('is undefined for what is not bytes', () => {
    for (const value of [undefined, null, 'ucan/dlg@1.0.0', [0x82]]) expect(tokenKindHint(value as never)).toBeUndefined()
  })
})
