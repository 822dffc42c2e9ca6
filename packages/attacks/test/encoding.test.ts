/**
 * Attacks on the byte level: inputs built to exhaust memory or the stack,
 * and re-encodings of a valid token that decode to the same value (which
 * would give one signed token two CIDs, and so two entries in every store
 * keyed by CID: replay, revocation, caps).
 */
import { dagCborCid } from '@capchain/core'
import { decodeContainer, MAX_CONTAINER_BYTES } from '@capchain/core/container'
import { InputTooLargeError, MalformedCborError, MalformedContainerError, NonCanonicalCborError } from '@capchain/core/errors'
import { decodeToken, MAX_TOKEN_BYTES } from '@capchain/core/token'
import type { Invocation } from '@capchain/core/token'
import {
  ContainerTooLargeError,
  createVerifier,
  TokenTooLargeError,
  UndecodableContainerError,
  UndecodableTokenError,
} from '@capchain/verifier'
import type { VerifyInvocationOptions } from '@capchain/verifier'
import * as dagCbor from '@ipld/dag-cbor'
import * as cborg from 'cborg'
import { gzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  accepted,
  causedBy,
  concat,
  denied,
  elapsed,
  FAST_MS,
  forgeToken,
  honestChain,
  invoke,
  NOW,
  principals,
  throws,
} from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

function verify(bytes: Uint8Array, options: VerifyInvocationOptions = {}) {
  return createVerifier().verifyInvocation(bytes, { now: NOW, audience: p.service.did(), ...options })
}

/** `bytes` with the first occurrence of `find` replaced by `replace`. */
function replaceOnce(bytes: Uint8Array, find: Uint8Array, replace: Uint8Array): Uint8Array {
  for (let i = 0; i + find.length <= bytes.length; i++) {
    if (find.every((byte, j) => bytes[i + j] === byte)) return concat(bytes.subarray(0, i), replace, bytes.subarray(i + find.length))
  }
  throw new Error('pattern not found')
}

/** DAG-CBOR with every map's keys in reverse canonical order: the same value, other bytes. */
function reverseKeyOrder(bytes: Uint8Array): Uint8Array {
  const key = (entry: unknown) => String((entry as [{ value: unknown }])[0].value)
  const canonical = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0)
  return cborg.encode(dagCbor.decode(bytes), { ...dagCbor.encodeOptions, mapSorter: (a, b) => -canonical(key(a), key(b)) })
}

/** A lenient CBOR reading (any key order, any int or float width): what a careless verifier would see. */
const lenient = (bytes: Uint8Array) => cborg.decode(bytes, { tags: dagCbor.decodeOptions.tags ?? [] })

describe('oversized and deeply nested CBOR', () => {
  it(`refuses a token over MAX_TOKEN_BYTES (${MAX_TOKEN_BYTES}) as invocation, proof, or to the decoder (TokenTooLargeError, InputTooLargeError)`, async () => {
    const payload = { iss: p.bob.did(), sub: p.bob.did(), aud: p.service.did(), cmd: '/storage/write', args: { blob: new Uint8Array(MAX_TOKEN_BYTES) }, prf: [], nonce: new Uint8Array(12), exp: NOW + 300 }
    const huge = await forgeToken('inv', payload, 'Ed25519', (signed) => p.bob.sign(signed))
    expect(huge.length).toBeGreaterThan(MAX_TOKEN_BYTES)
    expect(denied(await verify(huge), TokenTooLargeError, 'ERR_TOKEN_TOO_LARGE').at).toBe('invocation')
    throws(() => decodeToken(huge), InputTooLargeError, 'ERR_INPUT_TOO_LARGE')
    const { invocation, proofs } = await honestChain(p)
    expect(denied(await verify(invocation.bytes, { proofs: [...proofs, huge] }), TokenTooLargeError, 'ERR_TOKEN_TOO_LARGE').at).toBe('proofs[2]')
    // A container over MAX_CONTAINER_BYTES, before it is read.
    const bigContainer = new Uint8Array(MAX_CONTAINER_BYTES + 1).fill(0x40)
    denied(await verify(invocation.bytes, { proofs: bigContainer }), ContainerTooLargeError, 'ERR_CONTAINER_TOO_LARGE')
  })

  it('refuses 100,000 levels of nesting fast, in a token and in a container (MalformedCborError, MalformedContainerError)', async () => {
    const deep = new Uint8Array(100_001).fill(0x81) // [[[[…0…]]]]
    deep[100_000] = 0
    // An invocation whose args.x is the deep value, spliced in where a 4-byte marker was encoded.
    const marker = Uint8Array.of(0xde, 0xad, 0xbe, 0xef)
    const shallow = await forgeToken('inv', { iss: p.bob.did(), sub: p.bob.did(), cmd: '/storage', args: { x: marker }, prf: [], nonce: new Uint8Array(12), exp: null }, 'Ed25519', () => new Uint8Array(64))
    const token = replaceOnce(shallow, Uint8Array.of(0x44, ...marker), deep)
    expect(token.length).toBeLessThan(MAX_TOKEN_BYTES)
    const { value, ms } = await elapsed(() => verify(token))
    causedBy(denied(value, UndecodableTokenError, 'ERR_TOKEN_UNDECODABLE'), MalformedCborError, 'ERR_CBOR_MALFORMED')
    expect(ms).toBeLessThan(FAST_MS)
    // A container `{"ctn-v1": [[[[…]]]]}`: refused whole, as a typed error.
    const container = concat(Uint8Array.of(0x40, 0xa1, 0x66), new TextEncoder().encode('ctn-v1'), deep)
    const timed = await elapsed(() => throws(() => decodeContainer(container), MalformedContainerError, 'ERR_CONTAINER_MALFORMED'))
    expect(timed.ms).toBeLessThan(FAST_MS)
    const { invocation } = await honestChain(p)
    causedBy(denied(await verify(invocation.bytes, { proofs: container }), UndecodableContainerError, 'ERR_CONTAINER_UNDECODABLE'), MalformedContainerError, 'ERR_CONTAINER_MALFORMED')
  })

  it('stops a container decompression bomb within one step (ContainerTooLargeError)', async () => {
    const { invocation } = await honestChain(p)
    // 16 MiB of zeros gzip to ~16 KB; the limit is 1 MiB decompressed.
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 9 })
    expect(bomb.length).toBeLessThan(64 * 1024)
    const raw = concat(Uint8Array.of(0x4d), bomb) // raw+gzip
    const text = `P${Buffer.from(bomb).toString('base64url')}` // base64url+gzip, the HTTP header form
    for (const container of [raw, text]) {
      const { value, ms } = await elapsed(() => verify(invocation.bytes, { proofs: container }))
      denied(value, ContainerTooLargeError, 'ERR_CONTAINER_TOO_LARGE')
      expect(ms).toBeLessThan(FAST_MS)
      throws(() => decodeContainer(container), InputTooLargeError, 'ERR_INPUT_TOO_LARGE')
    }
  })
})

describe('non-canonical CBOR: one value, two byte strings', () => {
  let honest: Invocation

  beforeAll(async () => {
    honest = await invoke(p.bob, { subject: p.bob.did(), audience: p.service.did(), args: { size: 100, ratio: 1.5 }, expiration: NOW + 300 })
  })

  /**
   * The re-encoding decodes (leniently) to the very value of the honest
   * token, under another CID, and is refused: as non-canonical, or (for a
   * non-minimal integer, which strict DAG-CBOR does not even decode) as malformed.
   */
  async function refusedAsNonCanonical(reencoded: Uint8Array, type: typeof NonCanonicalCborError | typeof MalformedCborError = NonCanonicalCborError) {
    const code = type === NonCanonicalCborError ? 'ERR_CBOR_NON_CANONICAL' : 'ERR_CBOR_MALFORMED'
    expect(lenient(reencoded)).toEqual(lenient(honest.bytes))
    expect(Buffer.from(reencoded).equals(Buffer.from(honest.bytes))).toBe(false)
    accepted(await verify(honest.bytes))
    causedBy(denied(await verify(reencoded), UndecodableTokenError, 'ERR_TOKEN_UNDECODABLE'), type, code)
    throws(() => decodeToken(reencoded), type, code)
  }

  it('refuses unsorted map keys (NonCanonicalCborError)', async () => {
    await refusedAsNonCanonical(reverseKeyOrder(honest.bytes))
  })

  it('refuses a non-minimal integer (MalformedCborError: strict DAG-CBOR does not decode it)', async () => {
    const exp = NOW + 300 // 0x6b49d42c, written 0x1a + 4 bytes
    const four = Uint8Array.of(0x1a, (exp >>> 24) & 0xff, (exp >>> 16) & 0xff, (exp >>> 8) & 0xff, exp & 0xff)
    const eight = Uint8Array.of(0x1b, 0, 0, 0, 0, ...four.subarray(1))
    await refusedAsNonCanonical(replaceOnce(honest.bytes, four, eight), MalformedCborError)
  })

  it('refuses 16-bit and 32-bit floats (NonCanonicalCborError)', async () => {
    const float64 = Uint8Array.of(0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0) // 1.5
    await refusedAsNonCanonical(replaceOnce(honest.bytes, float64, Uint8Array.of(0xf9, 0x3e, 0x00)))
    await refusedAsNonCanonical(replaceOnce(honest.bytes, float64, Uint8Array.of(0xfa, 0x3f, 0xc0, 0x00, 0x00)))
  })

  it('refuses a re-encoded proof named by its new CID, so a revoked delegation cannot come back under a second CID (NonCanonicalCborError)', async () => {
    const { root, mid } = await honestChain(p)
    const reencodedRoot = reverseKeyOrder(root.bytes)
    const cid = dagCborCid(reencodedRoot)
    expect(cid.equals(root.cid)).toBe(false)
    // The root's CID is revoked; bob names the re-encoding instead.
    const isRevoked = async (cids: readonly { toString(): string }[]) => new Set(cids.map(String).filter((c) => c === root.cid.toString()))
    const invocation = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), proofs: [{ cid }, mid] })
    const error = denied(await verify(invocation.bytes, { proofs: [reencodedRoot, mid.bytes], isRevoked }), UndecodableTokenError, 'ERR_TOKEN_UNDECODABLE')
    expect(error.at).toBe('prf[0]')
    causedBy(error, NonCanonicalCborError, 'ERR_CBOR_NON_CANONICAL')
  })
})
