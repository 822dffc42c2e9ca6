/**
 * `malformed.json`: tokens that are not valid UCAN 1.0 tokens. Each is signed
 * by its issuer over the bytes it carries, so the defect named is the only
 * one. Most are `InvalidClaim`; a proof whose bytes do not hash to the CID
 * named is `UnavailableProof`, and bad signatures (a header of another key
 * type included) are `InvalidSignature`.
 */
import { dagCborCid, HEADER_BYTES } from '@capchain/core'
import type { Invocation, IPLDMap } from '@capchain/core'
import * as dagCbor from '@ipld/dag-cbor'
import { varint } from 'multiformats'
import { caseAt } from '../build/case.js'
import { PROOF_UNAVAILABLE, SIGNATURE_MISMATCH, TOKEN_KIND, undecodable } from '../build/expected.js'
import { assemble, envelopeOf, rawToken } from '../build/raw.js'
import { delegate, invoke } from '../build/tokens.js'
import { principal } from '../fixed/principals.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { GeneratedFile } from '../output/interface.js'

const INV = 'ucan/inv@1.0.0'
const DLG = 'ucan/dlg@1.0.0'

export async function malformedVectors(): Promise<GeneratedFile> {
  const alice = principal('alice')
  const bob = principal('bob')
  const grant = await delegate({ label: 'malformed/alice-bob', issuer: alice, audience: bob.did(), subject: alice.did(), command: '/storage/read' })
  const read = (label: string, proofs: readonly { cid: Invocation['cid'] }[] = [grant]) =>
    invoke({ label: `malformed/${label}`, issuer: bob, subject: alice.did(), command: '/storage/read', args: { path: '/a.txt', size: 1 }, proofs })
  const good = await read('good')
  const payload: IPLDMap = good.envelope.payload
  const grantPayload: IPLDMap = grant.envelope.payload
  /** The invocation's payload changed by `edit`, signed by bob. */
  const edited = (edit: (payload: Record<string, unknown>) => void) => {
    const copy: Record<string, unknown> = { ...payload }
    edit(copy)
    return rawToken(bob, INV, copy)
  }

  /** envelope[1] with the tag before "h": both keys and values canonical, their order not (shorter key first). */
  const outOfOrder = (tag: string, body: IPLDMap) =>
    concat(Uint8Array.of(0xa2), dagCbor.encode(tag), dagCbor.encode(body), dagCbor.encode('h'), dagCbor.encode(HEADER_BYTES.Ed25519))
  const unsortedProof = await envelopeOf(alice, outOfOrder(DLG, grantPayload))
  const unknownFieldProof = await rawToken(alice, DLG, { ...grantPayload, scope: 'all' })

  const signedBytes = good.envelope.signedBytes
  const cases: InvocationCase[] = [
    caseAt('well-formed', 'the invocation every other case breaks, as it should be', good, [grant]),
    caseAt('tag 1.0.0-rc.1', 'the rc.1 tag is still accepted on input', await rawToken(bob, 'ucan/inv@1.0.0-rc.1', payload), [grant]),
    caseAt('truncated by one byte', 'the last byte of the invocation is missing', good.bytes.slice(0, -1), [grant], undecodable('ERR_CBOR_MALFORMED')),
    caseAt('truncated to half', 'the invocation cut in the middle of its payload', good.bytes.slice(0, good.bytes.length >> 1), [grant], undecodable('ERR_CBOR_MALFORMED')),
    caseAt('trailing byte', 'one byte after the envelope', concat(good.bytes, Uint8Array.of(0)), [grant], undecodable('ERR_CBOR_MALFORMED')),
    caseAt('keys out of order', 'envelope[1] lists the payload tag before "h" (canonical order is shorter key first); signed as sent', await envelopeOf(bob, outOfOrder(INV, payload)), [grant], undecodable('ERR_CBOR_NON_CANONICAL')),
    caseAt('integer as a float', 'exp written as a 64-bit float of an integer value; signed as sent', await envelopeOf(bob, expAsFloat(signedBytes)), [grant], undecodable('ERR_CBOR_NON_CANONICAL')),
    caseAt('non-minimal head', 'the envelope array head written in two bytes (0x98 0x02) instead of one (0x82)', concat(Uint8Array.of(0x98, 0x02), good.bytes.subarray(1)), [grant], undecodable('ERR_CBOR_MALFORMED')),
    caseAt('indefinite length', 'the envelope array with an indefinite-length head (0x9f … 0xff)', concat(Uint8Array.of(0x9f), good.bytes.subarray(1), Uint8Array.of(0xff)), [grant], undecodable('ERR_CBOR_MALFORMED')),
    caseAt('varsig: unsupported hash', 'an Ed25519 header naming SHA2-256 instead of SHA2-512', await rawToken(bob, INV, payload, varsig([0x34, 0x01, 0xed, 0xed, 0x12, 0x71])), [grant], undecodable('ERR_VARSIG_UNSUPPORTED')),
    caseAt('varsig: unsupported payload encoding', 'an Ed25519 header over DAG-JSON (0x0129) instead of DAG-CBOR', await rawToken(bob, INV, payload, varsig([0x34, 0x01, 0xed, 0xed, 0x13, 0x0129])), [grant], undecodable('ERR_VARSIG_UNSUPPORTED')),
    caseAt('varsig: cut inside a varint', 'the header ends in the middle of the algorithm varint (0x34 0x01 0xed)', await rawToken(bob, INV, payload, Uint8Array.of(0x34, 0x01, 0xed)), [grant], undecodable('ERR_VARSIG_MALFORMED')),
    caseAt('varsig: not a varsig', 'the header starts with 0x35 instead of the varsig prefix 0x34', await rawToken(bob, INV, payload, varsig([0x35, 0x01, 0xed, 0xed, 0x13, 0x71])), [grant], undecodable('ERR_VARSIG_MALFORMED')),
    caseAt('varsig: wrong key type', "an ES256K header on bob's Ed25519 key: no algorithm substitution", await rawToken(bob, INV, payload, HEADER_BYTES.ES256K), [grant], SIGNATURE_MISMATCH),
    caseAt('unknown payload field', 'the payload has a field "scope" the invocation spec does not define', await edited((p) => { p.scope = 'all' }), [grant], undecodable('ERR_TOKEN_MALFORMED')),
    caseAt('unknown envelope field', 'envelope[1] has a third key beside "h" and the tag', await envelopeOf(bob, dagCbor.encode({ h: HEADER_BYTES.Ed25519, [INV]: payload, x: 1 })), [grant], undecodable('ERR_TOKEN_MALFORMED')),
    caseAt('missing nonce', 'the required nonce is absent', await edited((p) => { delete p.nonce }), [grant], undecodable('ERR_TOKEN_MALFORMED')),
    caseAt('uppercase command', 'commands are lowercase', await edited((p) => { p.cmd = '/Storage/read' }), [grant], undecodable('ERR_COMMAND_INVALID')),
    caseAt('wrong tag version', 'the payload tagged ucan/inv@2.0.0', await rawToken(bob, 'ucan/inv@2.0.0', payload), [grant], undecodable('ERR_TOKEN_TAG_UNSUPPORTED')),
    caseAt('unknown token kind', 'the payload tagged ucan/rcp@1.0.0 (a receipt)', await rawToken(bob, 'ucan/rcp@1.0.0', payload), [grant], undecodable('ERR_TOKEN_TAG_UNSUPPORTED')),
    caseAt('delegation as the invocation', 'a delegation where the invocation belongs', grant, [grant], TOKEN_KIND),
    caseAt('invocation as a proof', 'prf names an invocation', await read('invocation-as-proof', [good]), [good], TOKEN_KIND),
    caseAt('signature one byte short', 'a 63-byte Ed25519 signature', assemble((await bob.sign(signedBytes)).slice(0, 63), signedBytes), [grant], SIGNATURE_MISMATCH),
    caseAt('signature over other bytes', 'the signature of the well-formed invocation with its first byte flipped', assemble(flipFirst(good.envelope.signature), signedBytes), [grant], SIGNATURE_MISMATCH),
    caseAt('truncated proof', 'the proof arrives without its last byte: its bytes no longer hash to the CID prf names', good, [grant.bytes.slice(0, -1)], PROOF_UNAVAILABLE),
    caseAt('non-canonical proof', 'a proof with its envelope keys out of order, named in prf by the CID of those bytes', await read('unsorted-proof', [{ cid: dagCborCid(unsortedProof) }]), [unsortedProof], undecodable('ERR_CBOR_NON_CANONICAL')),
    caseAt('unknown field in a proof', 'a delegation with a field "scope" the delegation spec does not define, named by the CID of its bytes', await read('unknown-field-proof', [{ cid: dagCborCid(unknownFieldProof) }]), [unknownFieldProof], undecodable('ERR_TOKEN_MALFORMED')),
  ]
  return invocationFile({
    name: 'malformed.json',
    comments:
      'Malformed tokens: truncated, non-canonical DAG-CBOR, bad varsig headers, unknown fields, wrong tags and kinds, bad signatures. ' +
      'Verify each invocation at `time` with clock skew 0.',
    principals: ['alice', 'bob'],
    cases,
  })
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Varsig header bytes from its varints. */
function varsig(codes: readonly number[]): Uint8Array {
  return concat(...codes.map((code) => varint.encodeTo(code, new Uint8Array(varint.encodingLength(code)))))
}

/** The signed bytes with `exp` (a 4-byte unsigned integer) re-written as a 64-bit float of the same value. */
function expAsFloat(signed: Uint8Array): Uint8Array {
  const key = dagCbor.encode('exp')
  const at = indexOf(signed, concat(key, Uint8Array.of(0x1a)))
  if (at < 0) throw new Error('no 4-byte exp in the payload')
  const start = at + key.length
  const value = new DataView(signed.buffer, signed.byteOffset + start + 1, 4).getUint32(0)
  const float = new Uint8Array(9)
  float[0] = 0xfb
  new DataView(float.buffer).setFloat64(1, value)
  return concat(signed.subarray(0, start), float, signed.subarray(start + 5))
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

function flipFirst(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice()
  copy[0] = copy[0]! ^ 0xff
  return copy
}
