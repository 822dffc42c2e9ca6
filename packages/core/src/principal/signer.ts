import { InvalidKeyError } from '../errors.js'
import { ecdsaNotEnabled } from './did-key.js'
import type { EcdsaKeyType } from './ecdsa-curves.js'
import { ecdsaSupport } from './ecdsa-support.js'
import type { EcdsaSupport } from './ecdsa-support.js'
import { ed } from './ed25519/noble.js'
import { Ed25519Signer } from './ed25519/signer.js'
import type { DigestSigner, KeyType, Signer } from './interface.js'
import { KEY_CODECS, SECRET_KEY_LENGTH, codecForSecretCode, codecLabel, decodeVarint } from './multikey.js'

function assertKeyType(keyType: KeyType): void {
  if (!Object.hasOwn(KEY_CODECS, keyType)) {
    throw new InvalidKeyError(`unknown key type "${String(keyType)}"; expected Ed25519, secp256k1 or P-256`)
  }
}

/**
 * ECDSA signers come from the registered support (principal/ecdsa-support.ts),
 * so that a bundle signing with Ed25519 only leaves the curves out.
 * @throws {InvalidKeyError} when ECDSA is not registered
 */
function requireEcdsa(keyType: EcdsaKeyType): EcdsaSupport {
  const ecdsa = ecdsaSupport()
  if (ecdsa === undefined) throw new InvalidKeyError(ecdsaNotEnabled(keyType))
  return ecdsa
}

/**
 * A signer from a raw 32-byte secret key.
 *
 * @param keyType - `Ed25519` (secret = RFC 8032 seed), `secp256k1` or `P-256` (secret = big-endian scalar).
 * @param secret - 32 bytes; for the ECDSA curves a scalar in [1, n - 1].
 * @throws {InvalidKeyError} for an unknown key type, a secret that is not 32 bytes, an ECDSA
 *   scalar that is 0 or not below the group order, or an ECDSA key type when ECDSA is not
 *   registered (only through `@capchain/core/lean`; every default entry registers it).
 */
export function signerFromSecret(keyType: 'secp256k1', secret: Uint8Array): DigestSigner
export function signerFromSecret(keyType: KeyType, secret: Uint8Array): Signer
export function signerFromSecret(keyType: KeyType, secret: Uint8Array): Signer {
  assertKeyType(keyType)
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_KEY_LENGTH) {
    const got = secret instanceof Uint8Array ? `${secret.length} bytes` : typeof secret
    throw new InvalidKeyError(`a ${keyType} secret key is ${SECRET_KEY_LENGTH} bytes, got ${got}`)
  }
  if (keyType === 'Ed25519') return Ed25519Signer.fromSeed(secret)
  return requireEcdsa(keyType).createSigner(keyType, secret)
}

/**
 * A signer from a multikey secret: `varint(codec) || raw 32-byte secret`, with codec 0x1300
 * (ed25519-priv), 0x1301 (secp256k1-priv) or 0x1306 (p256-priv). The inverse of `exportSecret()`.
 *
 * @throws {InvalidKeyError} if the varint is malformed, the codec is not one of those three, the
 *   secret is not a valid 32-byte key of that type, or it is an ECDSA key and ECDSA is not registered.
 */
export function importSigner(multikeySecret: Uint8Array): Signer {
  if (!(multikeySecret instanceof Uint8Array)) {
    throw new InvalidKeyError(`a multikey secret must be a Uint8Array, got ${typeof multikeySecret}`)
  }
  const varint = decodeVarint(multikeySecret)
  if (varint === undefined) throw new InvalidKeyError('the multikey secret does not start with a minimal unsigned varint')
  const codec = codecForSecretCode(varint.value)
  if (codec === undefined) {
    throw new InvalidKeyError(
      `unsupported multikey secret codec ${codecLabel(varint.value)}; ` +
        'expected 0x1300 (ed25519-priv), 0x1301 (secp256k1-priv) or 0x1306 (p256-priv)',
    )
  }
  return signerFromSecret(codec.keyType, multikeySecret.subarray(varint.length))
}

/**
 * A signer with a fresh key from the platform CSPRNG (`crypto.getRandomValues`).
 *
 * @throws {InvalidKeyError} for an unknown key type, or an ECDSA key type when ECDSA is not registered.
 */
export async function generateSigner(keyType: 'secp256k1'): Promise<DigestSigner>
export async function generateSigner(keyType: KeyType): Promise<Signer>
export async function generateSigner(keyType: KeyType): Promise<Signer> {
  assertKeyType(keyType)
  const secret = keyType === 'Ed25519' ? ed.utils.randomSecretKey() : requireEcdsa(keyType).randomSecret(keyType)
  return signerFromSecret(keyType, secret)
}
