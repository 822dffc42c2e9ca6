/**
 * What a forger can build without anyone's secret key but their own:
 * envelopes with any header and any signature bytes, re-signed payloads,
 * malleated signatures.
 */
import { encodeVarsig } from '@capchain/core/varsig'
import type { VarsigAlgorithm } from '@capchain/core/varsig'
import type { IPLDMap, Token, TokenKind } from '@capchain/core/token'
import * as dagCbor from '@ipld/dag-cbor'

/** secp256k1 group order. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
/** P-256 group order. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
/** Ed25519 prime subgroup order L. */
export const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n

/**
 * A UCAN envelope `[signature, {h, "ucan/<kind>@1.0.0": payload}]` in
 * canonical DAG-CBOR, with the header of `alg` and the signature `sign`
 * makes over the signed bytes, whatever key it uses.
 */
export async function forgeToken(
  kind: TokenKind,
  payload: IPLDMap,
  alg: VarsigAlgorithm,
  sign: (signedBytes: Uint8Array) => Uint8Array | Promise<Uint8Array>,
): Promise<Uint8Array> {
  const signed = { h: encodeVarsig({ alg, enc: 'DAG-CBOR' }), [`ucan/${kind}@1.0.0`]: payload }
  const signature = await sign(dagCbor.encode(signed))
  return dagCbor.encode([signature, signed])
}

/** The token's bytes with its signature replaced (same payload, same header). */
export function withSignature(token: Token, signature: Uint8Array): Uint8Array {
  const [, signed] = dagCbor.decode<[Uint8Array, unknown]>(token.bytes)
  return dagCbor.encode([signature, signed])
}

/** The token's payload as a plain map, to edit and re-sign. */
export function payloadOf(token: Token): IPLDMap {
  return { ...(token.envelope.payload as IPLDMap) }
}

function bigFromBE(bytes: Uint8Array): bigint {
  let n = 0n
  for (const byte of bytes) n = (n << 8n) | BigInt(byte)
  return n
}

function bigToBE(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}

function bigFromLE(bytes: Uint8Array): bigint {
  return bigFromBE(Uint8Array.from(bytes).reverse())
}

function bigToLE(n: bigint, length: number): Uint8Array {
  return bigToBE(n, length).reverse()
}

/** The other ECDSA signature of the same message: `r || (n − s)`. Valid for lenient verifiers; high-S when `s` was low. */
export function ecdsaTwin(signature: Uint8Array, order: bigint): Uint8Array {
  const s = bigFromBE(signature.subarray(32, 64))
  return Uint8Array.of(...signature.subarray(0, 32), ...bigToBE(order - s, 32))
}

/** Whether a 64-byte `r || s` ECDSA signature has a high S (`s > (n − 1) / 2`). */
export function isHighS(signature: Uint8Array, order: bigint): boolean {
  return bigFromBE(signature.subarray(32, 64)) > (order - 1n) / 2n
}

/** The Ed25519 signature `R || (S + L)`: the same equation holds, so only an `S < L` check refuses it. */
export function ed25519PlusL(signature: Uint8Array): Uint8Array {
  const s = bigFromLE(signature.subarray(32, 64))
  return Uint8Array.of(...signature.subarray(0, 32), ...bigToLE(s + ED25519_L, 32))
}
