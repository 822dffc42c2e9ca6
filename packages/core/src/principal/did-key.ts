/**
 * did:key parsing and formatting for Ed25519, secp256k1 and P-256 keys.
 *
 * Accepted form: `did:key:z<base58btc(varint(codec) || key)>`, nothing else
 * (no DID URL parts, no other multibase, no version segment). Every key has
 * exactly one DID: varints must be minimal, ECDSA keys compressed and Ed25519
 * keys canonically encoded, and base58btc is bijective. So two different DID
 * strings never name the same key.
 */
import { base58btc } from 'multiformats/bases/base58'
import { InvalidDidError, InvalidKeyError, UnsupportedDidError } from '../errors.js'
import { ecdsaSupport } from './ecdsa-support.js'
import { ed25519PublicKeyProblem } from './ed25519/rules.js'
import type { DID, KeyType } from './interface.js'
import { KEY_CODECS, codecForPublicCode, codecLabel, decodeVarint, withCodec } from './multikey.js'

/**
 * Longest did:key we decode. Base58 decoding is quadratic, so a limit comes
 * before it; ours is roomy enough to report an RSA-4096 did:key (~750
 * characters) as unsupported rather than malformed.
 */
export const MAX_DID_KEY_LENGTH = 2048

const DID_KEY_PREFIX = 'did:key:'

/** DID Core ABNF: `did:` method-name `:` method-specific-id (idchar / pct-encoded, `:`-separated, last segment non-empty). */
const DID_SYNTAX = /^did:([a-z0-9]+):(?:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+$/

export interface ParsedDidKey {
  readonly keyType: KeyType
  /** Raw public key: 32 bytes for Ed25519, 33 (compressed SEC1) for secp256k1 and P-256. */
  readonly publicKey: Uint8Array
}

/** Why `publicKey` is not an acceptable key of type `keyType`, or `undefined` if it is. */
export function publicKeyProblem(keyType: KeyType, publicKey: Uint8Array): string | undefined {
  if (keyType === 'Ed25519') return ed25519PublicKeyProblem(publicKey)
  const ecdsa = ecdsaSupport()
  return ecdsa === undefined ? ecdsaNotEnabled(keyType) : ecdsa.publicKeyProblem(keyType, publicKey)
}

/** Why an ECDSA key is refused when ECDSA support is not registered (principal/ecdsa-support.ts). */
export function ecdsaNotEnabled(keyType: KeyType): string {
  return `${keyType} keys are not enabled in this build (registerEcdsa from @capchain/core/ecdsa)`
}

/** The did:key of an already validated key. */
export function formatDidKey(keyType: KeyType, publicKey: Uint8Array): DID {
  return `${DID_KEY_PREFIX}${base58btc.encode(withCodec(KEY_CODECS[keyType].publicCode, publicKey))}`
}

/**
 * The did:key of a raw public key.
 *
 * @param keyType - `Ed25519`, `secp256k1` or `P-256`.
 * @param publicKey - 32 bytes for Ed25519; 33 bytes (compressed SEC1) for secp256k1 and P-256.
 * @throws {InvalidKeyError} if the key has the wrong length or form, is not on the curve, or
 *   (Ed25519) is non-canonical, small-order or outside the prime-order subgroup.
 */
export function didKeyFromPublicKey(keyType: KeyType, publicKey: Uint8Array): DID {
  if (!Object.hasOwn(KEY_CODECS, keyType)) {
    throw new InvalidKeyError(`unknown key type "${String(keyType)}"; expected Ed25519, secp256k1 or P-256`)
  }
  const problem = publicKeyProblem(keyType, publicKey)
  if (problem !== undefined) throw new InvalidKeyError(problem)
  return formatDidKey(keyType, publicKey)
}

function invalid(did: string, reason: string, cause?: unknown): InvalidDidError {
  return new InvalidDidError(`invalid did:key "${abbreviate(did)}": ${reason}`, cause === undefined ? {} : { cause })
}

/** At most 80 characters of untrusted input, for error messages. */
function abbreviate(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`
}

/**
 * Decodes a did:key into its key type and raw public key.
 *
 * @throws {InvalidDidError} if `did` is not a syntactically valid DID, or is a did:key that is
 *   malformed: not base58btc (`z`), bad base58, a non-minimal varint, wrong key length,
 *   uncompressed ECDSA key, point not on the curve, or an Ed25519 key that is non-canonical,
 *   small-order or outside the prime-order subgroup.
 * @throws {UnsupportedDidError} if `did` is a valid DID of another method (did:web, did:pkh, …)
 *   or a did:key whose multicodec is not ed25519-pub, secp256k1-pub or p256-pub (e.g. P-384),
 *   or a secp256k1 or P-256 did:key when ECDSA support is not registered (`registerEcdsa`).
 */
export function parseDidKey(did: string): ParsedDidKey {
  if (typeof did !== 'string') throw new InvalidDidError(`a DID must be a string, got ${typeof did}`)
  if (!did.startsWith(DID_KEY_PREFIX)) {
    const method = DID_SYNTAX.exec(did)?.[1]
    if (method === undefined) throw new InvalidDidError(`"${abbreviate(did)}" is not a DID`)
    throw new UnsupportedDidError(`did:${method} is not supported; only did:key principals are`)
  }
  if (did.length > MAX_DID_KEY_LENGTH) {
    throw invalid(did, `longer than ${MAX_DID_KEY_LENGTH} characters (${did.length})`)
  }
  const multibase = did.slice(DID_KEY_PREFIX.length)
  if (/[#?/]/.test(multibase)) {
    throw invalid(did, 'a DID URL (with a path, query or fragment) is not a DID')
  }
  if (!multibase.startsWith('z')) {
    throw invalid(did, `the key must be base58btc multibase (prefix "z"), got prefix "${multibase.slice(0, 1)}"`)
  }
  let bytes: Uint8Array
  try {
    bytes = base58btc.decode(multibase)
  } catch (cause) {
    throw invalid(did, 'the key is not valid base58btc', cause)
  }
  const varint = decodeVarint(bytes)
  if (varint === undefined) throw invalid(did, 'the multicodec prefix is not a minimal unsigned varint')
  const codec = codecForPublicCode(varint.value)
  if (codec === undefined) {
    throw new UnsupportedDidError(
      `did:key with multicodec ${codecLabel(varint.value)} is not supported; ` +
        'supported: 0xed (ed25519-pub), 0xe7 (secp256k1-pub), 0x1200 (p256-pub)',
    )
  }
  if (codec.keyType !== 'Ed25519' && ecdsaSupport() === undefined) {
    throw new UnsupportedDidError(`did:key ${ecdsaNotEnabled(codec.keyType)}`)
  }
  const publicKey = bytes.slice(varint.length)
  const problem = publicKeyProblem(codec.keyType, publicKey)
  if (problem !== undefined) throw invalid(did, problem)
  return { keyType: codec.keyType, publicKey }
}
