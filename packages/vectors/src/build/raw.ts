/**
 * Tokens our builders refuse to make: unknown fields, unsupported tags or
 * varsig headers, nesting beyond the limit, non-canonical bytes. Each is
 * still signed by its issuer over the bytes it carries, so the only thing
 * wrong with it is the thing the case is about.
 */
import { HEADER_BYTES } from '@capchain/core'
import type { Signer } from '@capchain/core'
import * as dagCbor from '@ipld/dag-cbor'

/** Signed payload bytes: `{h: <header>, <tag>: <payload>}` in canonical DAG-CBOR. */
export function signedPayload(tag: string, payload: unknown, header: Uint8Array = HEADER_BYTES.Ed25519): Uint8Array {
  return dagCbor.encode({ h: header, [tag]: payload })
}

/**
 * The envelope `[signature, signed]` around `signed` exactly as given (which
 * may be non-canonical on purpose), signed by `signer` over those bytes.
 */
export async function envelopeOf(signer: Signer, signed: Uint8Array): Promise<Uint8Array> {
  return assemble(await signer.sign(signed), signed)
}

/** `[signature, signed]` from its parts: a 2-array head, the signature as a byte string, then `signed` verbatim. */
export function assemble(signature: Uint8Array, signed: Uint8Array): Uint8Array {
  const length = signature.length
  const head = length < 24 ? [0x40 + length] : length < 0x100 ? [0x58, length] : [0x59, length >> 8, length & 0xff]
  const out = new Uint8Array(1 + head.length + length + signed.length)
  out.set([0x82, ...head], 0)
  out.set(signature, 1 + head.length)
  out.set(signed, 1 + head.length + length)
  return out
}

/** A token of any tag and payload, canonically encoded and signed by `signer`. */
export function rawToken(signer: Signer, tag: string, payload: unknown, header?: Uint8Array): Promise<Uint8Array> {
  return envelopeOf(signer, signedPayload(tag, payload, header))
}
