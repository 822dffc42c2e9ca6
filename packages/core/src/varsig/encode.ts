import { varint } from 'multiformats'
import * as C from './codes.js'
import type { VarsigAlgorithm, VarsigHeader } from './interface.js'

function concatVarints(codes: number[]): Uint8Array {
  const out: number[] = []
  for (const code of codes) {
    const buf = new Uint8Array(varint.encodingLength(code))
    varint.encodeTo(code, buf)
    out.push(...buf)
  }
  return Uint8Array.from(out)
}

/**
 * The exact header bytes for each algorithm over DAG-CBOR. Decoding accepts
 * only these (see decode.ts), so every header has one byte form.
 *
 * EIP-191 is written `0xe191` followed by the inner payload codec `0x71`:
 * the varsig ABNF gives EIP-191 an `varsig-encoding-info` field, and the
 * bytes that personal_sign wraps are the DAG-CBOR signed payload.
 */
export const HEADER_BYTES: Readonly<Record<VarsigAlgorithm, Uint8Array>> = {
  Ed25519: concatVarints([C.VARSIG_PREFIX, C.VARSIG_VERSION_1, C.ALG_EDDSA, C.CURVE_ED25519, C.HASH_SHA2_512, C.ENC_DAG_CBOR]),
  ES256: concatVarints([C.VARSIG_PREFIX, C.VARSIG_VERSION_1, C.ALG_ECDSA, C.CURVE_P256, C.HASH_SHA2_256, C.ENC_DAG_CBOR]),
  ES256K: concatVarints([C.VARSIG_PREFIX, C.VARSIG_VERSION_1, C.ALG_ECDSA, C.CURVE_SECP256K1, C.HASH_SHA2_256, C.ENC_DAG_CBOR]),
  EIP191: concatVarints([
    C.VARSIG_PREFIX,
    C.VARSIG_VERSION_1,
    C.ALG_ECDSA,
    C.CURVE_SECP256K1,
    C.HASH_KECCAK_256,
    C.ENC_EIP191,
    C.ENC_DAG_CBOR,
  ]),
}

/** Encode a varsig v1 header. The returned bytes are shared: do not mutate them. */
export function encodeVarsig(header: VarsigHeader): Uint8Array {
  return HEADER_BYTES[header.alg]
}
