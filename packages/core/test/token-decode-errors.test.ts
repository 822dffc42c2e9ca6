import * as dagCbor from '@ipld/dag-cbor'
import { encode as cborgEncode } from 'cborg'
import { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { signEnvelope } from '../src/envelope/index.js'
import { dagCborCid } from '../src/hash/sha256.js'
import { generateSigner } from '../src/principal/index.js'
import type { Signer } from '../src/principal/interface.js'
import { HEADER_BYTES } from '../src/varsig/index.js'
import { createDelegation, decodeDelegation, decodeInvocation, decodeToken } from '../src/token/index.js'
import type { IPLDMap } from '../src/token/index.js'

let alice: Signer
let bob: Signer
beforeAll(async () => {
  alice = await generateSigner('Ed25519')
  bob = await generateSigner('Ed25519')
})

function delegationPayload(): IPLDMap {
  return { iss: alice.did(), aud: bob.did(), sub: alice.did(), cmd: '/storage/read', pol: [], nonce: Uint8Array.of(1, 2, 3), exp: 2000000000 }
}

async function signedDelegation(payload: IPLDMap): Promise<Uint8Array> {
  return (await signEnvelope(alice, 'dlg', payload)).bytes
}

/** Encode with a map sorter that keeps insertion order, to make non-canonical bytes. */
function encodeUnsorted(value: unknown): Uint8Array {
  return cborgEncode(value, { ...dagCbor.encodeOptions, mapSorter: () => 0 } as never)
}

const expectCode = (fn: () => unknown, code: string, at?: string) =>
  expect(fn).toThrow(expect.objectContaining(at === undefined ? { code } : { code, at }))

describe('strict decoding: every error is typed and names the field', () => {
  it('accepts the well-formed baseline', async () => {
    const bytes = await signedDelegation(delegationPayload())
    expect(decodeDelegation(bytes).payload.cmd).toBe('/storage/read')
  })

  it('rejects input over the size limit before decoding', () => {
    expectCode(() => decodeToken(new Uint8Array(200 * 1024)), 'ERR_INPUT_TOO_LARGE')
    expectCode(() => decodeToken(new Uint8Array(100), { maxTokenBytes: 99 }), 'ERR_INPUT_TOO_LARGE')
  })

  it('rejects truncated bytes', async () => {
    const bytes = await signedDelegation(delegationPayload())
    expectCode(() => decodeToken(bytes.subarray(0, bytes.length - 1)), 'ERR_CBOR_MALFORMED')
  })

  it('rejects trailing bytes', async () => {
    const bytes = await signedDelegation(delegationPayload())
    expectCode(() => decodeToken(Uint8Array.of(...bytes, 0)), 'ERR_CBOR_MALFORMED')
  })

  it('rejects map keys out of canonical order', () => {
    const signed = { [`ucan/dlg@1.0.0`]: delegationPayload(), h: HEADER_BYTES.Ed25519 }
    expectCode(() => decodeToken(encodeUnsorted([new Uint8Array(64), signed])), 'ERR_CBOR_NON_CANONICAL')
  })

  it('rejects a non-minimal integer length', async () => {
    const bytes = await signedDelegation(delegationPayload())
    // 0x82 (array of 2) → 0x98 0x02 (array, length in one extra byte): same value, longer encoding
    const longer = Uint8Array.of(0x98, 0x02, ...bytes.subarray(1))
    expect(() => decodeToken(longer)).toThrow(expect.objectContaining({ code: expect.stringMatching(/ERR_CBOR_/) }))
  })

  it('rejects a float where the canonical form is a shorter float', () => {
    // dag-cbor requires 64-bit floats; a 16-bit float 1.5 decodes to the same number
    const half = Uint8Array.of(0x82, 0x40, 0xf9, 0x3e, 0x00)
    expect(() => decodeToken(half)).toThrow(expect.objectContaining({ code: expect.stringMatching(/ERR_CBOR_/) }))
  })

  it('rejects duplicate map keys', () => {
    // {"a": 1, "a": 2}
    const dup = Uint8Array.of(0x82, 0x40, 0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02)
    expectCode(() => decodeToken(dup), 'ERR_CBOR_MALFORMED')
  })

  it('rejects undefined', () => {
    expectCode(() => decodeToken(Uint8Array.of(0x82, 0x40, 0xf7)), 'ERR_CBOR_NON_CANONICAL')
  })

  it('rejects nesting deeper than the limit, in one pass', () => {
    const deep = new Uint8Array(100_000).fill(0x81)
    expect(() => decodeToken(deep)).toThrow(/nesting deeper than 64/)
  })

  it('rejects an envelope that is not a 2-array', () => {
    expectCode(() => decodeToken(dagCbor.encode([1, 2, 3])), 'ERR_TOKEN_MALFORMED', 'envelope')
  })

  it('rejects a signature that is not bytes', () => {
    expectCode(() => decodeToken(dagCbor.encode(['sig', {}])), 'ERR_TOKEN_MALFORMED', 'envelope[0]')
  })

  it('rejects a signed payload with extra keys', () => {
    const signed = { h: HEADER_BYTES.Ed25519, 'ucan/dlg@1.0.0': delegationPayload(), extra: 1 }
    expectCode(() => decodeToken(dagCbor.encode([new Uint8Array(64), signed])), 'ERR_TOKEN_MALFORMED', 'envelope[1]')
  })

  it('rejects an unknown varsig header', () => {
    const signed = { h: Uint8Array.of(0x34, 0x01, 0xec, 0x01, 0x81, 0x24, 0x12, 0x71), 'ucan/dlg@1.0.0': delegationPayload() }
    expect(() => decodeToken(dagCbor.encode([new Uint8Array(64), signed]))).toThrow(
      expect.objectContaining({ code: 'ERR_VARSIG_UNSUPPORTED', at: 'h', message: expect.stringMatching(/P-384/) }),
    )
  })

  it('rejects a header that is not varsig', () => {
    const signed = { h: Uint8Array.of(0x12, 0x01), 'ucan/dlg@1.0.0': delegationPayload() }
    expectCode(() => decodeToken(dagCbor.encode([new Uint8Array(64), signed])), 'ERR_VARSIG_MALFORMED', 'h')
  })

  it('rejects unknown token tags and versions', () => {
    for (const tag of ['ucan/rcpt@1.0.0', 'ucan/dlg@0.9.0', 'ucan/dlg@1.0.0-rc.2', 'dlg@1.0.0']) {
      const signed = { h: HEADER_BYTES.Ed25519, [tag]: delegationPayload() }
      expectCode(() => decodeToken(dagCbor.encode([new Uint8Array(64), signed])), 'ERR_TOKEN_TAG_UNSUPPORTED')
    }
  })

  it('accepts the 1.0.0-rc.1 tag', () => {
    const signed = { h: HEADER_BYTES.Ed25519, 'ucan/dlg@1.0.0-rc.1': delegationPayload() }
    expect(decodeDelegation(dagCbor.encode([new Uint8Array(64), signed])).envelope.version).toBe('1.0.0-rc.1')
  })

  for (const field of ['iss', 'aud', 'sub', 'cmd', 'pol', 'nonce', 'exp']) {
    it(`rejects a delegation missing "${field}"`, async () => {
      const payload = delegationPayload()
      delete payload[field]
      expectCode(() => decodeDelegation(bytesSync(payload)), 'ERR_TOKEN_MALFORMED', `payload.${field}`)
    })
  }

  it('rejects an unknown payload field', async () => {
    expectCode(() => decodeDelegation(bytesSync({ ...delegationPayload(), can: 'x' })), 'ERR_TOKEN_MALFORMED', 'payload.can')
  })

  const wrongTypes: Array<[string, unknown]> = [
    ['iss', 'alice'],
    ['aud', 42],
    ['sub', 'did:'],
    ['cmd', 7],
    ['pol', {}],
    ['nonce', 'abc'],
    ['exp', '2030'],
    ['exp', 1.5],
    ['nbf', true],
    ['meta', []],
  ]
  for (const [field, value] of wrongTypes) {
    it(`rejects ${field} = ${JSON.stringify(value)}`, () => {
      expectCode(() => decodeDelegation(bytesSync({ ...delegationPayload(), [field]: value as never })), 'ERR_TOKEN_MALFORMED', `payload.${field}`)
    })
  }

  it('rejects timestamps beyond 2^53 − 1', () => {
    expectCode(
      () => decodeDelegation(bytesSync({ ...delegationPayload(), exp: 2n ** 53n })),
      'ERR_TOKEN_MALFORMED',
      'payload.exp',
    )
    expect(decodeDelegation(bytesSync({ ...delegationPayload(), exp: Number.MAX_SAFE_INTEGER })).payload.exp).toBe(
      Number.MAX_SAFE_INTEGER,
    )
  })

  for (const cmd of ['storage', '/storage/', '/Storage', '//x', '/a//b', '']) {
    it(`rejects command ${JSON.stringify(cmd)}`, () => {
      expectCode(() => decodeDelegation(bytesSync({ ...delegationPayload(), cmd })), 'ERR_COMMAND_INVALID', 'payload.cmd')
    })
  }

  it('rejects a delegation given where an invocation is expected, and vice versa', async () => {
    const bytes = await signedDelegation(delegationPayload())
    expectCode(() => decodeInvocation(bytes), 'ERR_TOKEN_MALFORMED')
  })

  it('rejects prf entries that are not links, naming the index', () => {
    const payload: IPLDMap = {
      iss: alice.did(),
      sub: alice.did(),
      cmd: '/x',
      args: {},
      prf: [CID.parse('bafyreigyftnzjf4rcu7glp5kfop53vqlopc3zcldauoqdxqlz7t4343gr4'), 'bafy…'],
      nonce: new Uint8Array(),
      exp: null,
    }
    const bytes = dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519, 'ucan/inv@1.0.0': payload }])
    expectCode(() => decodeInvocation(bytes), 'ERR_TOKEN_MALFORMED', 'payload.prf[1]')
  })

  it('accepts an invocation nbf (iso-ucan writes it) and refuses one that is not a timestamp', () => {
    const payload: IPLDMap = { iss: alice.did(), sub: alice.did(), cmd: '/x', args: {}, prf: [], nonce: new Uint8Array(), exp: null }
    const invocation = (extra: IPLDMap) => dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519, 'ucan/inv@1.0.0': { ...payload, ...extra } }])
    expect(decodeInvocation(invocation({ nbf: 1_800_000_000 })).payload.nbf).toBe(1_800_000_000)
    expect(decodeInvocation(invocation({})).payload).not.toHaveProperty('nbf')
    for (const nbf of [true, 1.5, 2n ** 53n, '1800000000']) expectCode(() => decodeInvocation(invocation({ nbf } as IPLDMap)), 'ERR_TOKEN_MALFORMED', 'payload.nbf')
  })

  it('accepts powerline sub: null in a delegation', async () => {
    const d = await createDelegation({ issuer: alice, audience: bob.did(), subject: null, command: '/', expiration: null })
    expect(decodeDelegation(d.bytes).payload.sub).toBeNull()
  })
})

describe('decode errors name the token by the CID of its bytes', () => {
  // One input per place a decode error is raised, with the code and location it must carry.
  const cases: Array<[string, () => Uint8Array, (bytes: Uint8Array) => unknown, string, string | undefined]> = [
    ['malformed CBOR', () => Uint8Array.of(0x82, 0x40), decodeToken, 'ERR_CBOR_MALFORMED', undefined],
    ['non-canonical CBOR', () => Uint8Array.of(0x82, 0x40, 0xf7), decodeToken, 'ERR_CBOR_NON_CANONICAL', undefined],
    ['not a 2-array', () => dagCbor.encode([1, 2, 3]), decodeToken, 'ERR_TOKEN_MALFORMED', 'envelope'],
    ['signature not bytes', () => dagCbor.encode(['sig', {}]), decodeToken, 'ERR_TOKEN_MALFORMED', 'envelope[0]'],
    ['signed payload not a map', () => dagCbor.encode([new Uint8Array(64), []]), decodeToken, 'ERR_TOKEN_MALFORMED', 'envelope[1]'],
    ['no tag', () => dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519 }]), decodeToken, 'ERR_TOKEN_MALFORMED', 'envelope[1]'],
    ['no header', () => dagCbor.encode([new Uint8Array(64), { a: 1, b: 2 }]), decodeToken, 'ERR_TOKEN_MALFORMED', 'envelope[1]'],
    ['header not bytes', () => dagCbor.encode([new Uint8Array(64), { h: 1, 'ucan/dlg@1.0.0': {} }]), decodeToken, 'ERR_TOKEN_MALFORMED', 'h'],
    ['unknown header', () => dagCbor.encode([new Uint8Array(64), { h: Uint8Array.of(0x12), 'ucan/dlg@1.0.0': {} }]), decodeToken, 'ERR_VARSIG_MALFORMED', 'h'],
    ['unknown tag', () => dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519, 'ucan/rcpt@1.0.0': {} }]), decodeToken, 'ERR_TOKEN_TAG_UNSUPPORTED', 'envelope[1]'],
    ['payload not a map', () => dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519, 'ucan/dlg@1.0.0': 1 }]), decodeToken, 'ERR_TOKEN_MALFORMED', 'payload'],
    ['bad payload field', () => bytesSync({ ...delegationPayload(), aud: 'bob' }), decodeToken, 'ERR_TOKEN_MALFORMED', 'payload.aud'],
    ['bad command', () => bytesSync({ ...delegationPayload(), cmd: '/A' }), decodeToken, 'ERR_COMMAND_INVALID', 'payload.cmd'],
    ['wrong kind', () => bytesSync(delegationPayload()), decodeInvocation, 'ERR_TOKEN_MALFORMED', 'envelope[1]'],
  ]
  for (const [name, make, decode, code, at] of cases) {
    it(`${name}: ${code} at ${at ?? '(none)'}`, () => {
      const bytes = make()
      expect(() => decode(bytes)).toThrow(expect.objectContaining({ code, at, cid: dagCborCid(bytes).toString() }))
    })
  }
})

/** An envelope around an arbitrary payload, unsigned: these tests stop at payload validation. */
function bytesSync(payload: IPLDMap): Uint8Array {
  return dagCbor.encode([new Uint8Array(64), { h: HEADER_BYTES.Ed25519, 'ucan/dlg@1.0.0': payload }])
}
