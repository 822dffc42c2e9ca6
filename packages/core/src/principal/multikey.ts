/**
 * Multicodec prefixes of the keys we handle, and a strict unsigned-varint
 * codec for them.
 *
 * Policy: a varint must be minimally encoded (no trailing `0x00` groups) and
 * at most 9 bytes, as the unsigned-varint spec requires. Lenient decoding
 * would give one key several DID strings, so two DIDs that compare unequal
 * could name the same principal.
 */
import type { KeyType } from './interface.js'

/** Multicodec codes and sizes per key type. */
export interface KeyCodec {
  readonly keyType: KeyType
  /** Public key multicodec: ed25519-pub, secp256k1-pub or p256-pub. */
  readonly publicCode: number
  /** Secret key multicodec: ed25519-priv, secp256k1-priv or p256-priv. */
  readonly secretCode: number
  /** Raw public key length: 32 for Ed25519, 33 (compressed SEC1) for the ECDSA curves. */
  readonly publicKeyLength: number
}

export const KEY_CODECS: Readonly<Record<KeyType, KeyCodec>> = {
  Ed25519: { keyType: 'Ed25519', publicCode: 0xed, secretCode: 0x1300, publicKeyLength: 32 },
  secp256k1: { keyType: 'secp256k1', publicCode: 0xe7, secretCode: 0x1301, publicKeyLength: 33 },
  'P-256': { keyType: 'P-256', publicCode: 0x1200, secretCode: 0x1306, publicKeyLength: 33 },
}

/** Every supported key type's secret key is a 32-byte scalar or seed. */
export const SECRET_KEY_LENGTH = 32

/** Names of key multicodecs we recognise but do not support, for error messages only. */
const UNSUPPORTED_KEY_CODECS: ReadonlyMap<number, string> = new Map([
  [0xec, 'x25519-pub'],
  [0xea, 'bls12_381-g1-pub'],
  [0xeb, 'bls12_381-g2-pub'],
  [0x1201, 'p384-pub'],
  [0x1202, 'p521-pub'],
  [0x1203, 'ed448-pub'],
  [0x1205, 'rsa-pub'],
  [0x1302, 'x25519-priv'],
  [0x1305, 'rsa-priv'],
  [0x1307, 'p384-priv'],
  [0x1308, 'p521-priv'],
])

/** `0x1200 (p256-pub)`-style label of a multicodec code, for error messages. */
export function codecLabel(code: number): string {
  const known = Object.values(KEY_CODECS).find((c) => c.publicCode === code || c.secretCode === code)
  const name =
    known === undefined
      ? UNSUPPORTED_KEY_CODECS.get(code)
      : `${known.keyType.toLowerCase().replace('-', '')}-${known.publicCode === code ? 'pub' : 'priv'}`
  return `0x${code.toString(16)}${name === undefined ? '' : ` (${name})`}`
}

/** The key type whose public-key multicodec is `code`, if supported. */
export function codecForPublicCode(code: number): KeyCodec | undefined {
  return Object.values(KEY_CODECS).find((c) => c.publicCode === code)
}

/** The key type whose secret-key multicodec is `code`, if supported. */
export function codecForSecretCode(code: number): KeyCodec | undefined {
  return Object.values(KEY_CODECS).find((c) => c.secretCode === code)
}

/** Unsigned varint encoding of `value` (a non-negative safe integer). */
export function encodeVarint(value: number): Uint8Array {
  const out: number[] = []
  let rest = value
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80)
    rest = Math.floor(rest / 0x80)
  }
  out.push(rest)
  return Uint8Array.from(out)
}

/**
 * Decodes the unsigned varint at the start of `bytes`.
 *
 * @returns the value and the number of bytes it took, or `undefined` if the
 * varint is truncated, longer than 9 bytes or not minimally encoded.
 */
export function decodeVarint(bytes: Uint8Array): { value: number; length: number } | undefined {
  let value = 0
  for (let i = 0; i < 9; i++) {
    const byte = bytes[i]
    if (byte === undefined) return undefined
    value += (byte & 0x7f) * 2 ** (7 * i)
    if ((byte & 0x80) === 0) {
      // A last group of zero after another group is padding: not minimal.
      if (byte === 0 && i > 0) return undefined
      return { value, length: i + 1 }
    }
  }
  return undefined
}

/** `varint(code) || key`. */
export function withCodec(code: number, key: Uint8Array): Uint8Array {
  const prefix = encodeVarint(code)
  const out = new Uint8Array(prefix.length + key.length)
  out.set(prefix, 0)
  out.set(key, prefix.length)
  return out
}
